"""An index for the claim list's default order, "recently rated".

``ORDER BY rated_at DESC NULLS LAST, id DESC``: with it the first page is read
from the index instead of sorting every public claim. SQLite cannot say
NULLS LAST in an index, but its DESC already puts NULLs last. Raw SQL, so
the model's Meta does not carry a backend-specific index.
"""

from django.db import migrations

INDEX = "claim_recently_rated"


def create_index(apps, schema_editor):
    nulls_last = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON claims_claim (rated_at DESC{nulls_last}, id DESC)"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_workflow_reason_codes")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
