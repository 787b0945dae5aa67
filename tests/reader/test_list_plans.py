"""On PostgreSQL, the reads that take "the first few" of many rows take
them from an index, whatever the size of the archive: the article menu (the
100 most recent articles with a public claim), the deadlines just passed and
upcoming, the list sorted by deadline, and a speaker's page.
The plans PostgreSQL chooses by itself (no planner switch turned off), on an
archive of 6,000 articles and 12,000 claims by one speaker, a sixth of them
drafts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.search_bench import _constant_columns
from claims import selectors
from claims.models import Article, Rating
from claims.selectors import claim_list_light
from reader.filters import ClaimListFilter
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

ARTICLES = 6_000


@pytest.fixture
def archive():
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's")
    speaker = SpeakerFactory()
    rating = Rating.objects.get(slug="true")
    Article.objects.bulk_create(
        Article(
            slug=f"article-{n}",
            title=f"报道 {n}",
            published_on=date(2020, 1, 1) + timedelta(days=n % 2000),
        )
        for n in range(ARTICLES)
    )
    now = timezone.now()
    explicit = {
        "created_at", "updated_at", "slug", "text", "speaker_id", "article_id",
        "kind", "rating_id", "state", "published_at", "rated_at", "due_start",
        "due_end", "review_interval", "version", "position",
    }  # fmt: skip
    columns, values = _constant_columns(explicit)
    extra_sql = "".join(f", {column}" for column in columns)
    extra_params = "".join(", %s" for _ in columns)
    with connection.cursor() as cursor:
        # Two claims an article; every sixth a draft. Column names come from
        # the model only; every value is a parameter.
        cursor.execute(
            "INSERT INTO claims_claim (created_at, updated_at, slug, text, "  # noqa: S608
            "speaker_id, article_id, kind, rating_id, state, published_at, "
            "rated_at, due_start, due_end, review_interval, version, position"
            f"{extra_sql}) "
            "SELECT %s, %s, 'claim-' || g, '预测 ' || g, %s, a.id, 'prediction', "
            "%s, CASE WHEN g %% 6 = 0 THEN 'draft' ELSE 'published' END, %s, %s, "
            "date '2022-01-01' + (g %% 1500), date '2022-01-01' + (g %% 1500), "
            "%s, 1, g %% 2"
            f"{extra_params} "
            "FROM generate_series(0, %s) g "
            "JOIN claims_article a ON a.slug = 'article-' || (g / 2)",
            [
                now, now, speaker.pk, rating.pk, now, now, timedelta(days=90),
                *values, 2 * ARTICLES - 1,
            ],
        )  # fmt: skip
        cursor.execute("ANALYZE")


def test_the_article_menu_reads_recent_articles_from_their_index(archive):
    menu = ClaimListFilter.base_filters["article"].queryset[:100]

    plan = menu.explain(analyze=True)

    assert "article_recent" in plan, plan
    # Each article is probed for a public claim by its index, not by a
    # table of every public claim built first.
    assert "hashed SubPlan" not in plan, plan
    assert "Seq Scan on claims_claim" not in plan, plan
    assert len(menu) == 100


@pytest.mark.parametrize(
    "claims",
    [
        lambda today: selectors.claim_list_deadline_upcoming(today=today),
        lambda today: selectors.claim_list_deadline_passed(today=today),
        lambda today: ClaimListFilter(
            {"sort": "deadline"}, queryset=selectors.claim_list_public()
        ).qs[:50],
    ],
    ids=["home: upcoming", "home: just passed", "list sorted by deadline"],
)
def test_deadlines_are_read_in_order_from_the_public_deadline_index(archive, claims):
    today = date(2024, 6, 1)
    rows = claims(today)

    plan = rows.explain(analyze=True)

    assert "claim_public_deadline" in plan, plan
    assert "Sort Key" not in plan, plan
    assert len(rows) > 0


def test_a_speakers_page_is_read_from_the_speakers_index(archive):
    speaker = selectors.speaker_list_public().get()
    claims = selectors.claim_list_for_speaker(speaker=speaker)

    page = claims[:50].explain(analyze=True)

    # The 50 latest of its 10,000 public claims, not all of them sorted.
    assert "claim_public_by_speaker" in page and "Sort Key" not in page, page
    assert len(claims[:50]) == 50


def test_the_speaker_menu_reads_its_window_in_the_lists_order_from_an_index(
    archive, monkeypatch
):
    # The window is a small share of the archive, as in a large one.
    monkeypatch.setattr(ClaimListFilter, "SPEAKER_WINDOW", 500)
    with CaptureQueriesContext(connection) as captured:
        str(
            ClaimListFilter(None, queryset=selectors.claim_list_public()).form[
                "speaker"
            ]
        )
    [window] = [q["sql"] for q in captured if "SELECT speaker_id FROM" in q["sql"]]

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {window}")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    # The latest public claims' speakers read in the list's order from an
    # index of that order (claim_public_recent holds the speaker too: with
    # the table vacuumed, PostgreSQL reads it alone), not every claim sorted.
    assert "claim_public_recent" in plan or "claim_recently_rated" in plan, plan
    assert "Sort Key: claims_claim" not in plan, plan


def test_a_rating_filter_counts_and_pages_from_the_ratings_index(archive):
    other = Rating.objects.exclude(slug="true").first()
    with connection.cursor() as cursor:
        # A fifth of the claims rated otherwise (2,000 public ones), as one
        # rating in an archive.
        cursor.execute(
            "UPDATE claims_claim SET rating_id = %s WHERE id %% 5 = 0", [other.pk]
        )
        cursor.execute("ANALYZE claims_claim")
    claims = claim_list_light(
        ClaimListFilter(
            {"rating": other.slug}, queryset=selectors.claim_list_public()
        ).qs
    )

    page = claims[:50].explain(analyze=True)
    with CaptureQueriesContext(connection) as captured:
        assert claims.order_by()[:1001].count() == 1001
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {captured[0]['sql']}")
        counted = "\n".join(row[0] for row in cursor.fetchall())

    # The page of 50 in the list's order from the index of public claims by
    # rating (no sort); the bounded count reads the claims of that rating
    # only, found by an index, not every claim tested for its rating.
    assert "claim_public_by_rating" in page and "Sort Key" not in page, page
    assert "Index Cond: (rating_id = " in counted, counted
    assert len(claims[:50]) == 50
