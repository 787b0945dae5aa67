"""Two indexes of public claims in the orders reader pages read them.

- ``claim_public_by_speaker``: a speaker's public claims as the speaker page
  lists them (latest claimed first), with the rating and reason code of
  each. The page reads its 50 claims from the index instead of sorting every
  claim of the speaker (thousands for the most quoted), and the scorecard
  and reason-code counts are read from the index alone (PostgreSQL's
  INCLUDE).
- ``claim_public_recent`` (PostgreSQL): the list's own order (most recently
  rated first), with the speaker and state of each. The list's first pages
  and the speaker menu's window (the speakers of the latest 5,000 public
  claims) are read from the index alone, without visiting the claims' rows.

SQLite (the embedded default) gets the speaker's index without the NULLS
LAST order and the included columns, which it does not take in an index,
and keeps reading the list's order from ``claim_recently_rated`` (0008).
"""

from django.db import migrations

PUBLIC = "state IN ('published', 'retracted')"
CREATE = {
    "postgresql": [
        "CREATE INDEX claim_public_by_speaker ON claims_claim "
        "(speaker_id, claimed_on DESC NULLS LAST, id) "
        f"INCLUDE (rating_id, reason_code_id) WHERE {PUBLIC}",
        "CREATE INDEX claim_public_recent ON claims_claim "
        "(rated_at DESC NULLS LAST, id DESC) INCLUDE (speaker_id, state) "
        f"WHERE {PUBLIC}",
    ],
    "sqlite": [
        "CREATE INDEX claim_public_by_speaker ON claims_claim "
        f"(speaker_id, claimed_on DESC, id) WHERE {PUBLIC}",
    ],
}
DROP = [
    "DROP INDEX IF EXISTS claim_public_by_speaker",
    "DROP INDEX IF EXISTS claim_public_recent",
]


def create_indexes(apps, schema_editor) -> None:
    for statement in CREATE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor in CREATE:
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0023_public_deadline_index"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
