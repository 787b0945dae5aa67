"""Full-text search: a search document per claim, its index, and the
documents of the claims already there.

PostgreSQL: a stored generated ``tsvector`` over the document's words
(``simple`` configuration, weights A-D) with a GIN index. SQLite: an FTS5
table kept equal to the documents by triggers.
"""

import django.db.models.deletion
from django.db import migrations, models

POSTGRES_CREATE = [
    """
    ALTER TABLE claims_claimsearchdocument ADD COLUMN document tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, words_a), 'A')
        || setweight(to_tsvector('simple'::regconfig, words_b), 'B')
        || setweight(to_tsvector('simple'::regconfig, words_c), 'C')
        || setweight(to_tsvector('simple'::regconfig, words_d), 'D')
    ) STORED
    """,
    "CREATE INDEX claim_search_document_gin ON claims_claimsearchdocument "
    "USING gin (document)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS claim_search_document_gin",
    "ALTER TABLE claims_claimsearchdocument DROP COLUMN IF EXISTS document",
]
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE claims_search_fts USING fts5("
    "words_a, words_b, words_c, words_d, tokenize = 'unicode61')",
    """
    CREATE TRIGGER claims_search_fts_insert AFTER INSERT ON claims_claimsearchdocument
    BEGIN
        INSERT INTO claims_search_fts (rowid, words_a, words_b, words_c, words_d)
        VALUES (new.claim_id, new.words_a, new.words_b, new.words_c, new.words_d);
    END
    """,
    """
    CREATE TRIGGER claims_search_fts_delete AFTER DELETE ON claims_claimsearchdocument
    BEGIN
        DELETE FROM claims_search_fts WHERE rowid = old.claim_id;
    END
    """,
    """
    CREATE TRIGGER claims_search_fts_update AFTER UPDATE ON claims_claimsearchdocument
    BEGIN
        DELETE FROM claims_search_fts WHERE rowid = old.claim_id;
        INSERT INTO claims_search_fts (rowid, words_a, words_b, words_c, words_d)
        VALUES (new.claim_id, new.words_a, new.words_b, new.words_c, new.words_d);
    END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS claims_search_fts_insert",
    "DROP TRIGGER IF EXISTS claims_search_fts_delete",
    "DROP TRIGGER IF EXISTS claims_search_fts_update",
    "DROP TABLE IF EXISTS claims_search_fts",
]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_index(apps, schema_editor) -> None:
    _run(schema_editor, {"postgresql": POSTGRES_CREATE, "sqlite": SQLITE_CREATE})


def drop_index(apps, schema_editor) -> None:
    _run(schema_editor, {"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP})


def index_existing_claims(apps, schema_editor) -> None:
    from claims.services.search_index import search_index_rebuild

    search_index_rebuild(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0015_claim_revisions"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClaimSearchDocument",
            fields=[
                (
                    "claim",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="claims.claim",
                        verbose_name="claim",
                    ),
                ),
                ("words_a", models.TextField(blank=True)),
                ("words_b", models.TextField(blank=True)),
                ("words_c", models.TextField(blank=True)),
                ("words_d", models.TextField(blank=True)),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
            },
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
        migrations.RunPython(
            index_existing_claims, migrations.RunPython.noop, elidable=True
        ),
    ]
