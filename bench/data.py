"""The benchmark's own database and data, created in bulk.

PostgreSQL when one answers at ``BENCH_POSTGRES_URL`` (a database of the
benchmark's own, created and dropped here), SQLite in a temporary directory
otherwise.
"""

from __future__ import annotations

import os
import random
from datetime import date, datetime, timedelta
from pathlib import Path

POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"
)
DATABASE_NAME = os.environ.get("BENCH_DATABASE_NAME", "tracker_bench")

CLAIMS = 10_000
SPEAKERS = 500
ARTICLES = 2_500
TOPICS = 20
EVIDENCE_PER_CLAIM = 3
SCAN_CLAIMS = 100_000

ANALYSIS = (
    "The company said so in its **quarterly report**; see the evidence below.\n\n"
    "- Deliveries were counted from the registration data.\n"
    "- The figure excludes exports.\n"
)


def postgres_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{POSTGRES_URL}/postgres", connect_timeout=3).close()
    except Exception:
        return False
    return True


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def database_create(workdir: Path) -> tuple[str, str]:
    """A fresh, empty database: (DATABASE_URL, engine name for the table)."""
    if postgres_reachable():
        _admin(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{DATABASE_NAME}"')
        return f"{POSTGRES_URL}/{DATABASE_NAME}", "PostgreSQL"
    return f"sqlite:///{workdir / 'bench.sqlite3'}", "SQLite (no PostgreSQL reachable)"


def database_drop(url: str) -> None:
    if url.startswith("postgres"):
        from django.db import connections

        connections.close_all()
        _admin(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')


def _kind_fields(index: int, ratings: dict, today: date) -> dict:
    """Half statistics (veracity scale), half predictions with a deadline."""
    if index % 2:
        return {"kind": "statistic", "rating": ratings[("statistic", index % 5)]}
    due_end = today + timedelta(days=(index % 400) - 200)
    return {
        "kind": "prediction",
        "rating": ratings[("prediction", index % 5)],
        "due_start": due_end - timedelta(days=180),
        "due_end": due_end,
        "due_precision": "half",
        "due_text": f"{due_end.year}年上半年",
    }


def _ratings() -> dict:
    from claims.models import Rating

    veracity = list(Rating.objects.filter(scale__slug="veracity").order_by("position"))
    outcome = list(Rating.objects.filter(scale__slug="outcome").order_by("position"))
    ratings = {}
    for position in range(5):
        ratings[("statistic", position)] = veracity[position % len(veracity)]
        ratings[("prediction", position)] = outcome[1 + position % (len(outcome) - 1)]
    return ratings


def claims_new(count: int, *, start: int, speakers, articles, **overrides):
    from django.utils import timezone

    from claims.models import Claim

    today = timezone.localdate()
    now = timezone.now()
    ratings = _ratings()
    claims = []
    for index in range(start, start + count):
        fields = {
            "slug": f"claim-{index}",
            "text": f"小米第{index}号声明：2024年交付量将超过{index % 90 + 10}万辆。",
            "text_en": f"Claim {index}: deliveries will pass {index % 90 + 10}0,000.",
            "quote": f"我们预计交付量将超过{index % 90 + 10}万辆",
            "speaker": speakers[index % len(speakers)],
            "article": articles[index % len(articles)],
            "position": index,
            "claimed_on": today - timedelta(days=index % 700),
            "rating_explanation": "公司年报中的数字与此一致。",
            "rating_explanation_en": "The annual report gives the same figure.",
            "analysis": ANALYSIS,
            "rated_at": now - timedelta(minutes=index),
            "state": "published",
            "published_at": now - timedelta(days=1, minutes=index),
            "last_reviewed_at": now - timedelta(days=1),
            "review_interval": timedelta(days=90),
            "next_review_at": now + timedelta(days=89),
            **_kind_fields(index, ratings, today),
        }
        fields.update(overrides)
        claims.append(Claim(**fields))
    return claims


def data_create() -> dict:
    """10,000 published claims with speakers, articles, topics, 3 evidence each."""
    from django.db import connection, transaction
    from simple_history.utils import bulk_create_with_history

    from claims.models import Appearance, Article, Claim, Evidence, Speaker, Topic

    random.seed(7)
    with transaction.atomic():
        speakers = Speaker.objects.bulk_create(
            Speaker(
                slug=f"speaker-{n}",
                name=f"发言人{n}",
                name_en=f"Speaker {n}",
                description="一家电动车公司的发言人。",
            )
            for n in range(SPEAKERS)
        )
        articles = Article.objects.bulk_create(
            Article(
                slug=f"article-{n}",
                title=f"小米汽车交付量报道第{n}篇",
                publisher="新闻社",
                url=f"https://news.example.com/articles/{n}",
                published_on=date(2023, 1, 1) + timedelta(days=n % 700),
            )
            for n in range(ARTICLES)
        )
        topics = Topic.objects.bulk_create(
            Topic(slug=f"topic-{n}", name=f"话题{n}", name_en=f"Topic {n}")
            for n in range(TOPICS)
        )
        claims = bulk_create_with_history(
            claims_new(CLAIMS, start=0, speakers=speakers, articles=articles),
            Claim,
            batch_size=2_000,
            default_change_reason="Published",
        )
        claims = list(Claim.objects.order_by("pk"))
        Claim.topics.through.objects.bulk_create(
            Claim.topics.through(claim_id=claim.pk, topic_id=topics[n % TOPICS].pk)
            for n, claim in enumerate(claims)
        )
        Appearance.objects.bulk_create(
            Appearance(claim=claim, article=articles[(n + 7) % ARTICLES], position=1)
            for n, claim in enumerate(claims)
            if n % 5 == 0
        )
        bulk_create_with_history(
            [
                Evidence(
                    claim=claim,
                    url=f"https://source.example.com/{claim.pk}/{position}",
                    title=f"来源报道{position}：小米汽车交付数据",
                    publisher="新华社",
                    published_on=date(2024, 1, 1),
                    note="The *second* table has the figure.",
                    stance=("supports", "refutes", "context")[position],
                    position=position,
                    health="ok",
                    last_checked_at=claim.published_at,
                )
                for claim in claims
                for position in range(EVIDENCE_PER_CLAIM)
            ],
            Evidence,
            batch_size=5_000,
        )
    _analyze(connection)
    return {"claims": claims[:50], "speakers": speakers, "articles": articles}


def scan_data_create(*, speakers, articles) -> None:
    """Grow the table to 100,000 watched claims, all due for both scans.

    The added claims are predictions whose deadline passed with a rating
    that is not final; every claim's review is overdue.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from claims.models import Claim, Rating

    now = timezone.now()
    today = timezone.localdate()
    in_progress = Rating.objects.get(slug="in-progress")
    existing = Claim.objects.count()
    with transaction.atomic():
        Claim.objects.bulk_create(
            claims_new(
                SCAN_CLAIMS - existing,
                start=existing,
                speakers=speakers,
                articles=articles,
                kind="prediction",
                rating=in_progress,
                due_start=today - timedelta(days=400),
                due_end=today - timedelta(days=30),
                due_precision="half",
                due_text="去年上半年",
            ),
            batch_size=5_000,
        )
        Claim.objects.update(next_review_at=now - timedelta(days=1))
    _analyze(connection)


def _analyze(connection) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def now_utc() -> datetime:
    from django.utils import timezone

    return timezone.now()
