"""A speaker's public claims in the order the speaker page lists them
(latest claimed first), with the rating and reason code of each: the page
reads its 50 claims from the index instead of sorting every claim of the
speaker (thousands for the most quoted), and the scorecard and reason-code
counts are read from the index alone (PostgreSQL's INCLUDE).

SQLite (the embedded default) gets the same keys without the NULLS LAST
order and the included columns, which it does not take in an index.
"""

from django.db import migrations

PUBLIC = "state IN ('published', 'retracted')"
CREATE = {
    "postgresql": [
        "CREATE INDEX claim_public_by_speaker ON claims_claim "
        "(speaker_id, claimed_on DESC NULLS LAST, id) "
        f"INCLUDE (rating_id, reason_code_id) WHERE {PUBLIC}",
    ],
    "sqlite": [
        "CREATE INDEX claim_public_by_speaker ON claims_claim "
        f"(speaker_id, claimed_on DESC, id) WHERE {PUBLIC}",
    ],
}
DROP = ["DROP INDEX IF EXISTS claim_public_by_speaker"]


def create_index(apps, schema_editor) -> None:
    for statement in CREATE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor in CREATE:
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0023_public_deadline_index"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
