"""One evidence scheduler tick, timed at two table sizes (PostgreSQL).

``tick_time(n_links)`` fills the tables up to ``n_links`` links (three per
claim, nine in ten claims published, the rest drafts) with set-based SQL,
spreads their due times over the check interval as a running tracker has
them, and times ``evidence_check_batch``'s database work: claiming the due
links from the due index and planning each host's turns. The tick's cost
follows the batch, not the table, so the two sizes should time alike.

Run inside a database that may be filled (the bench's own): rows are added,
never removed, and a second call with a larger ``n_links`` only adds the
difference.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

LINKS_PER_CLAIM = 3
TICKS = 5


@dataclass
class TickTiming:
    links: int
    batch: int
    claimed: int
    median_ms: float
    max_ms: float
    plan: str


def _constant_columns(model, explicit: set[str]) -> tuple[list[str], list]:
    """Every other NOT NULL column of ``model``'s table with its default, so
    the INSERT keeps working when fields are added."""
    from django.db import connection
    from django.db.models import NOT_PROVIDED

    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.column in explicit or field.primary_key or field.null:
            continue
        value = field.get_default() if field.default is not NOT_PROVIDED else ""
        columns.append(field.column)
        values.append(field.get_db_prep_value(value, connection=connection))
    return columns, values


CHUNK_LINKS = 300_000


def links_fill(n_links: int) -> None:
    """Add claims and links until there are ``n_links`` links, in statements
    of ``CHUNK_LINKS`` links (each well within the statement timeout)."""
    from claims.models import Evidence

    have = Evidence.objects.count()
    while have < n_links:
        have = min(n_links, have + CHUNK_LINKS)
        _links_add(have)
    _analyze()


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
        cursor.execute("ANALYZE claims_evidence")


def _links_add(n_links: int) -> None:
    """Add claims and links until there are ``n_links`` links."""
    from datetime import timedelta

    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from claims.models import Article, Claim, Evidence, Rating, Speaker

    have = Evidence.objects.count()
    if have >= n_links:
        return
    claims = (n_links - have + LINKS_PER_CLAIM - 1) // LINKS_PER_CLAIM
    start = Claim.objects.count()
    rating = Rating.objects.get(slug="true")
    speaker, _ = Speaker.objects.get_or_create(
        slug="scheduler-bench", defaults={"name": "发言人", "name_en": "Bench"}
    )
    article, _ = Article.objects.get_or_create(
        slug="scheduler-bench", defaults={"title": "新闻报道"}
    )
    now = timezone.now()
    interval = timedelta(days=settings.EVIDENCE_CHECK_INTERVAL_DAYS)
    claim_explicit = {
        "created_at", "updated_at", "slug", "text", "kind", "rating_id", "state",
        "published_at", "language", "review_interval", "version", "position",
        "speaker_id", "article_id",
    }  # fmt: skip
    claim_columns, claim_values = _constant_columns(Claim, claim_explicit)
    evidence_explicit = {
        "created_at", "updated_at", "claim_id", "url", "title", "position",
        "next_check_at",
    }  # fmt: skip
    evidence_columns, evidence_values = _constant_columns(Evidence, evidence_explicit)
    with transaction.atomic(), connection.cursor() as cursor:
        extra = "".join(f", {column}" for column in claim_columns)
        marks = "".join(", %s" for _ in claim_columns)
        # Column names come from the models only; every value is a parameter.
        cursor.execute(
            "INSERT INTO claims_claim (created_at, updated_at, slug, text, kind, "  # noqa: S608
            "rating_id, state, published_at, language, review_interval, version, "
            f"position, speaker_id, article_id{extra}) "
            "SELECT %s, %s, 'scheduler-' || g, '声明 ' || g, 'statistic', %s, "
            "CASE WHEN g %% 10 = 0 THEN 'draft' ELSE 'published' END, %s, "
            f"'zh-hans', %s, 1, g, %s, %s{marks} "
            "FROM generate_series(%s, %s) g",
            [
                now, now, rating.pk, now, timedelta(days=90), speaker.pk,
                article.pk, *claim_values, start + 1, start + claims,
            ],
        )  # fmt: skip
        extra = "".join(f", {column}" for column in evidence_columns)
        marks = "".join(", %s" for _ in evidence_columns)
        # Links on 5,000 hosts; due times spread over one interval from now,
        # the oldest already due.
        cursor.execute(
            "INSERT INTO claims_evidence (created_at, updated_at, claim_id, url, "  # noqa: S608
            f"title, position, next_check_at{extra}) "
            "SELECT %s, %s, c.id, 'https://site' || ((c.id * 3 + n) %% 5000) "
            "|| '.example/' || c.id || '/' || n, '来源', n, "
            "%s + ((c.id * 3 + n) * 0.6180339887 - "
            "floor((c.id * 3 + n) * 0.6180339887)) * %s - %s"
            f"{marks} "
            "FROM claims_claim c CROSS JOIN generate_series(1, %s) n "
            "WHERE c.slug LIKE 'scheduler-%%' AND c.position > %s",
            [
                now, now, now, interval, timedelta(minutes=10), *evidence_values,
                LINKS_PER_CLAIM, start,
            ],
        )  # fmt: skip


def tick_plan() -> str:
    """PostgreSQL's plan of the tick's one statement (EXPLAIN without
    ANALYZE: planned, not run)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from claims.services.evidence_schedule import evidence_claim_due

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        evidence_claim_due(limit=1)
        transaction.set_rollback(True)
    tick = next(q["sql"] for q in queries if "FOR UPDATE" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + tick)
        return "\n".join(row[0] for row in cursor.fetchall())


def tick_time(n_links: int, *, batch_size: int | None = None) -> TickTiming:
    """Fill to ``n_links`` links, then time ``TICKS`` ticks' database work
    (each rolled back, so every tick sees the same due links).

    The batch is what the tick computes from the link count (so it grows
    with the table, as the work does), or ``batch_size`` to compare two
    table sizes at the same batch."""
    from django.db import transaction
    from django.utils import timezone

    from claims.services.evidence_schedule import (
        check_interval,
        evidence_batch_size,
        evidence_claim_due_links,
        evidence_tick_plan,
    )

    links_fill(n_links)
    interval = check_interval()
    timings = []
    claimed = batch = 0
    for _ in range(TICKS):
        with transaction.atomic():
            started = time.perf_counter()
            batch = batch_size or evidence_batch_size()
            # The tick as it runs later in the week, when twice the batch is
            # due: a full batch, whatever the size.
            now = timezone.now() + interval * min(1.0, 2 * batch / n_links)
            links = evidence_claim_due_links(limit=batch, now=now)
            evidence_tick_plan(links=links, now=now)
            timings.append((time.perf_counter() - started) * 1000)
            claimed = len(links)
            transaction.set_rollback(True)
    return TickTiming(
        links=n_links,
        batch=batch,
        claimed=claimed,
        median_ms=statistics.median(timings),
        max_ms=max(timings),
        plan=tick_plan(),
    )
