"""The number of queries of each page does not grow with the rows it shows."""

from datetime import date

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
from tests.helpers.pages import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

MAX_QUERIES = 12


def add_claims(count: int, **fields) -> None:
    for _ in range(count):
        claim = ClaimFactory(
            published=True,
            kind=ClaimKind.PREDICTION,
            due_start=date(2024, 1, 1),
            due_end=date(2024, 6, 30),
            due_precision="half",
            **fields,
        )
        claim.topics.add(TopicFactory())
        EvidenceFactory(claim=claim)


@pytest.mark.parametrize("name", ["claims:home", "claims:list"])
def test_home_and_list_queries_do_not_grow_with_claims(
    client, django_assert_max_num_queries, name
):
    add_claims(3)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url_in("en", name)).status_code == 200
    add_claims(30)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url_in("en", name)).status_code == 200


def test_list_with_search_and_filters_stays_flat(client, django_assert_max_num_queries):
    add_claims(30)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(
            url_in("en", "claims:list"),
            {"q": "小米", "kind": "prediction", "deadline": "passed", "sort": "rating"},
        )
        assert response.status_code == 200


def test_article_page_queries_do_not_grow_with_claims(
    client, django_assert_max_num_queries
):
    article = ArticleFactory()
    add_claims(3, article=article)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert (
            client.get(url_in("en", "claims:article", slug=article.slug)).status_code
            == 200
        )
    add_claims(30, article=article)
    for claim in ClaimFactory.create_batch(5, published=True):
        Appearance.objects.create(claim=claim, article=article)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert (
            client.get(url_in("en", "claims:article", slug=article.slug)).status_code
            == 200
        )


def test_speaker_page_queries_do_not_grow_with_claims(
    client, django_assert_max_num_queries
):
    speaker = SpeakerFactory()
    add_claims(3, speaker=speaker)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert (
            client.get(url_in("en", "claims:speaker", slug=speaker.slug)).status_code
            == 200
        )
    add_claims(30, speaker=speaker)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert (
            client.get(url_in("en", "claims:speaker", slug=speaker.slug)).status_code
            == 200
        )


def grow_claim(claim, count: int) -> None:
    """More evidence, topics, appearances and history (re-ratings)."""
    ratings = list(Rating.objects.filter(scale__slug="outcome").order_by("position"))
    for index in range(count):
        EvidenceFactory(claim=claim, last_checked_at=timezone.now())
        claim.topics.add(TopicFactory())
        Appearance.objects.create(claim=claim, article=ArticleFactory())
        claim.rating = ratings[index % len(ratings)]
        claim.change_kind = "update"
        claim.change_reason = f"Re-rated {index}"
        claim.save()


def test_claim_page_queries_do_not_grow_with_evidence_or_history(
    client, django_assert_max_num_queries
):
    claim = ClaimFactory(published=True, kind=ClaimKind.PROMISE)
    grow_claim(claim, 3)
    url = url_in("en", "claims:detail", slug=claim.slug)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200
    grow_claim(claim, 30)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
        assert response.status_code == 200
    assert response.content.count(b'class="evidence-item"') == 33


def test_feeds_and_sitemap_queries_do_not_grow(client, django_assert_max_num_queries):
    add_claims(30)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url_in("en", "claims:feed")).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get("/sitemap.xml").status_code == 200
