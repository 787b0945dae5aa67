"""The search documents' GIN index also holds each claim's block: a word of
its own per 10,000 claims by id ("~" and the id divided by 10,000; no
query's word can be it, a query's words being letters and digits).

A reader's search lists a bounded number of matches
(``claims.selectors.claim_search``). For a word found in a tenth of a
million claims, PostgreSQL read all 97,000 of its matches out of the index
before the first one (a bitmap, 15 to 25 ms). Asked first for the matches
among the newest blocks, the index intersects the word with them and reads
only those (``claims.search.backends.PostgresBackend.first_matches``).

SQLite (the embedded default) keeps its FTS5 table.
"""

from django.db import migrations

INDEXED = "(document || array_to_tsvector(ARRAY['~' || (claim_id / 10000)::text]))"


def create_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS claim_search_document_gin")
        schema_editor.execute(
            "CREATE INDEX claim_search_document_gin ON claims_claimsearchdocument "
            f"USING gin ({INDEXED})"
        )


def drop_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS claim_search_document_gin")
        schema_editor.execute(
            "CREATE INDEX claim_search_document_gin ON claims_claimsearchdocument "
            "USING gin (document)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0026_public_by_rating_index"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
