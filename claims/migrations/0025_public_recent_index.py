"""Public claims in the list's own order (most recently rated first), with
the speaker and state of each, on PostgreSQL: the list's first pages and the
speaker menu's window (the speakers of the latest 5,000 public claims) are
read from the index alone, without visiting the claims' rows.

SQLite (the embedded default) keeps reading the list's order from
``claim_recently_rated`` (migration 0008).
"""

from django.db import migrations

CREATE = {
    "postgresql": [
        "CREATE INDEX claim_public_recent ON claims_claim "
        "(rated_at DESC NULLS LAST, id DESC) INCLUDE (speaker_id, state) "
        "WHERE state IN ('published', 'retracted')",
    ],
}
DROP = ["DROP INDEX IF EXISTS claim_public_recent"]


def create_index(apps, schema_editor) -> None:
    for statement in CREATE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor in CREATE:
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0024_speaker_claims_index"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
