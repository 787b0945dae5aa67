"""The number of queries of each page does not grow with the rows it shows."""

import pytest
from django.utils import timezone

from claims.models import Appearance, ClaimKind, Rating
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    SpeakerFactory,
    TopicFactory,
)
from tests.helpers.claims import rerate
from tests.helpers.pages import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

MAX_QUERIES = 12


@pytest.fixture
def get_page(client, django_assert_max_num_queries):
    """GET a page, failing if it took more than MAX_QUERIES queries."""

    def get(url: str, params: dict | None = None):
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(url, params)
            assert response.status_code == 200, url
        return response

    return get


def add_claims(count: int, **fields) -> None:
    for _ in range(count):
        claim = ClaimFactory(due_h1_2024=True, published=True, **fields)
        claim.topics.add(TopicFactory())
        EvidenceFactory(claim=claim)


@pytest.mark.parametrize("name", ["claims:home", "claims:list"])
def test_home_and_list_queries_do_not_grow_with_claims(get_page, name):
    add_claims(3)
    get_page(url_in("en", name))
    add_claims(30)
    get_page(url_in("en", name))


def test_list_with_search_and_filters_stays_flat(get_page):
    add_claims(30)
    get_page(
        url_in("en", "claims:list"),
        {"q": "小米", "kind": "prediction", "deadline": "passed", "sort": "rating"},
    )


def test_article_page_queries_do_not_grow_with_claims(get_page):
    article = ArticleFactory()
    add_claims(3, article=article)
    get_page(url_in("en", "claims:article", slug=article.slug))
    add_claims(30, article=article)
    for claim in ClaimFactory.create_batch(5, published=True):
        Appearance.objects.create(claim=claim, article=article)
    get_page(url_in("en", "claims:article", slug=article.slug))


def test_speaker_page_queries_do_not_grow_with_claims(get_page):
    speaker = SpeakerFactory()
    add_claims(3, speaker=speaker)
    get_page(url_in("en", "claims:speaker", slug=speaker.slug))
    add_claims(30, speaker=speaker)
    get_page(url_in("en", "claims:speaker", slug=speaker.slug))


def grow_claim(claim, count: int) -> None:
    """More evidence, topics, appearances and history (re-ratings)."""
    ratings = list(
        Rating.objects.filter(
            scale__slug="outcome", requires_reason_code=False
        ).order_by("position")
    )
    for index in range(count):
        EvidenceFactory(claim=claim, last_checked_at=timezone.now())
        claim.topics.add(TopicFactory())
        Appearance.objects.create(claim=claim, article=ArticleFactory())
        rerate(
            claim,
            ratings[index % len(ratings)],
            kind="update",
            reason=f"Re-rated {index}",
        )


def test_claim_page_queries_do_not_grow_with_evidence_or_history(get_page):
    claim = ClaimFactory(published=True, kind=ClaimKind.PROMISE)
    grow_claim(claim, 3)
    url = url_in("en", "claims:detail", slug=claim.slug)
    get_page(url)
    grow_claim(claim, 30)
    response = get_page(url)
    assert response.content.count(b'class="evidence-item"') == 33


def test_feeds_and_sitemap_queries_do_not_grow(get_page):
    add_claims(30)
    get_page(url_in("en", "claims:feed"))
    get_page("/sitemap.xml")
    for section in ("pages", "claims", "articles", "speakers"):
        get_page(f"/sitemap-{section}.xml")
