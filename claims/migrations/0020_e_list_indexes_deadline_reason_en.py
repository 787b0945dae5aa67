"""A moved deadline's public reason in English; and indexes in the orders
reader pages read public claims and articles: the site-wide feed (latest
public change first) and the article menu (most recent first), each read
from its index rather than sorted from every row.
(The list's own order, most recently rated first, has had its index since
migration 0008.)

The feed's index is partial (public claims only), on the expression
``claims.selectors.public.LAST_PUBLIC_CHANGE``, written the same way here
(SQLite's GREATEST is MAX).
"""

from django.db import migrations, models

PUBLIC = "state IN ('published', 'retracted')"
LAST_PUBLIC_CHANGE = (
    "GREATEST(COALESCE(retracted_at, published_at, created_at), "
    "COALESCE(rated_at, published_at, created_at), "
    "COALESCE(published_at, created_at))"
)
CREATE = {
    "postgresql": [
        "CREATE INDEX claim_public_last_change ON claims_claim "
        f"(({LAST_PUBLIC_CHANGE}) DESC, id DESC) WHERE {PUBLIC}",
    ],
    "sqlite": [
        "CREATE INDEX claim_public_last_change ON claims_claim "
        f"(({LAST_PUBLIC_CHANGE.replace('GREATEST', 'MAX')}) DESC, id DESC) "
        f"WHERE {PUBLIC}",
    ],
}
DROP = [
    "DROP INDEX IF EXISTS claim_public_last_change",
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
        ("claims", "0019_revision_reasons"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["-published_on", "title"], name="article_recent"
            ),
        ),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
        migrations.AddField(
            model_name="deadlinechange",
            name="reason_en",
            field=models.TextField(
                blank=True, max_length=2000, verbose_name="public reason (English)"
            ),
        ),
    ]
