"""A moved deadline's public reason in English; the tally of public claims by
rating, kept by triggers; and indexes in the orders
reader pages read public claims and articles: the site-wide feed (latest
public change first) and the article menu (most recent first), each read
from its index rather than sorted from every row.
(The list's own order, most recently rated first, has had its index since
migration 0008.)

The feed's index is partial (public claims only), on the expression
``claims.selectors.public.LAST_PUBLIC_CHANGE``, written the same way here
(SQLite's GREATEST is MAX).

The tally (``claims.models.RatingTally``) is kept by the database on every
write to claims, whoever writes: PostgreSQL adds up inserted and deleted
rows once per statement (a bulk insert is one aggregate, not a trigger per
row) and an update per row only when its state or rating changed, so
updates of other columns fire nothing. Each change touches the tally rows in
rating order (no deadlock between two re-ratings). SQLite does the same per
row.
"""

import django.db.models.deletion
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

# Adds up the claims that ``changes`` (rows of rating_id and +1 or -1)
# bring into or take out of public view, in rating order.
TALLY_ADD = (
    "INSERT INTO claims_ratingtally (rating_id, public_claims) "
    "SELECT rating_id, sum(n) FROM ({changes}) changes "
    "WHERE rating_id IS NOT NULL GROUP BY rating_id HAVING sum(n) <> 0 "
    "ORDER BY rating_id "
    "ON CONFLICT (rating_id) DO UPDATE "
    "SET public_claims = claims_ratingtally.public_claims + excluded.public_claims"
)
# Claims deleted only ever lower a tally that exists: a delete never inserts
# a row (when every table is emptied, the ratings may be gone already).
TALLY_SUB_ROWS = (
    "UPDATE claims_ratingtally SET public_claims = "
    "claims_ratingtally.public_claims - gone.n FROM ("
    "SELECT rating_id, count(*) AS n FROM old_rows "
    "WHERE state IN ('published', 'retracted') AND rating_id IS NOT NULL "
    "GROUP BY rating_id) gone WHERE claims_ratingtally.rating_id = gone.rating_id"
)
TALLY_SUB_ROW = (
    "UPDATE claims_ratingtally SET public_claims = public_claims - 1 "
    "WHERE rating_id = OLD.rating_id AND OLD.state IN ('published', 'retracted')"
)
ROWS_IN = (
    "SELECT rating_id, 1 AS n FROM new_rows WHERE state IN ('published', 'retracted')"
)
ROW_IN = (
    "SELECT NEW.rating_id AS rating_id, 1 AS n "
    "WHERE NEW.state IN ('published', 'retracted')"
)
ROW_OUT = (
    "SELECT OLD.rating_id AS rating_id, -1 AS n "
    "WHERE OLD.state IN ('published', 'retracted')"
)
TALLY_FILL = (
    "INSERT INTO claims_ratingtally (rating_id, public_claims) "
    "SELECT rating_id, count(*) FROM claims_claim "
    "WHERE state IN ('published', 'retracted') AND rating_id IS NOT NULL "
    "GROUP BY rating_id"
)
TALLY_CREATE = {
    "postgresql": [
        f"""
        CREATE FUNCTION claims_rating_tally_statement() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                {TALLY_ADD.format(changes=ROWS_IN)};
            ELSE
                {TALLY_SUB_ROWS};
            END IF;
            RETURN NULL;
        END $$
        """,
        f"""
        CREATE FUNCTION claims_rating_tally_row() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            {TALLY_ADD.format(changes=f"{ROW_IN} UNION ALL {ROW_OUT}")};
            RETURN NULL;
        END $$
        """,
        "CREATE TRIGGER claims_rating_tally_insert AFTER INSERT ON claims_claim "
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION claims_rating_tally_statement()",
        "CREATE TRIGGER claims_rating_tally_delete AFTER DELETE ON claims_claim "
        "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION claims_rating_tally_statement()",
        "CREATE TRIGGER claims_rating_tally_update "
        "AFTER UPDATE OF state, rating_id ON claims_claim FOR EACH ROW "
        "WHEN (OLD.state IS DISTINCT FROM NEW.state "
        "OR OLD.rating_id IS DISTINCT FROM NEW.rating_id) "
        "EXECUTE FUNCTION claims_rating_tally_row()",
        TALLY_FILL,
    ],
    "sqlite": [
        "CREATE TRIGGER claims_rating_tally_insert AFTER INSERT ON claims_claim "
        f"BEGIN {TALLY_ADD.format(changes=ROW_IN)}; END",
        "CREATE TRIGGER claims_rating_tally_delete AFTER DELETE ON claims_claim "
        f"BEGIN {TALLY_SUB_ROW}; END",
        "CREATE TRIGGER claims_rating_tally_update "
        "AFTER UPDATE OF state, rating_id ON claims_claim "
        "WHEN OLD.state IS NOT NEW.state OR OLD.rating_id IS NOT NEW.rating_id "
        f"BEGIN {TALLY_ADD.format(changes=f'{ROW_IN} UNION ALL {ROW_OUT}')}; END",
        TALLY_FILL,
    ],
}
TALLY_DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS claims_rating_tally_insert ON claims_claim",
        "DROP TRIGGER IF EXISTS claims_rating_tally_delete ON claims_claim",
        "DROP TRIGGER IF EXISTS claims_rating_tally_update ON claims_claim",
        "DROP FUNCTION IF EXISTS claims_rating_tally_statement()",
        "DROP FUNCTION IF EXISTS claims_rating_tally_row()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS claims_rating_tally_insert",
        "DROP TRIGGER IF EXISTS claims_rating_tally_delete",
        "DROP TRIGGER IF EXISTS claims_rating_tally_update",
    ],
}


def create_tally(apps, schema_editor) -> None:
    for statement in TALLY_CREATE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_tally(apps, schema_editor) -> None:
    for statement in TALLY_DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_indexes(apps, schema_editor) -> None:
    for statement in CREATE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor in CREATE:
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0021_evidence_scheduling"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["-published_on", "title"], name="article_recent"
            ),
        ),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
        migrations.CreateModel(
            name="RatingTally",
            fields=[
                (
                    "rating",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="claims.rating",
                        verbose_name="rating",
                    ),
                ),
                (
                    "public_claims",
                    models.BigIntegerField(default=0, verbose_name="public claims"),
                ),
            ],
            options={
                "verbose_name": "rating tally",
                "verbose_name_plural": "rating tallies",
            },
        ),
        migrations.RunPython(create_tally, drop_tally, elidable=False),
        migrations.AddField(
            model_name="deadlinechange",
            name="reason_en",
            field=models.TextField(
                blank=True, max_length=2000, verbose_name="public reason (English)"
            ),
        ),
    ]
