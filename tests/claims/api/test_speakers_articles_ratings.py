import pytest
from django.urls import reverse

from claims.models import Appearance, EditorialState
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory
from tests.helpers.api import slugs

pytestmark = pytest.mark.django_db

SPEAKERS = reverse("api:speaker-list")
ARTICLES = reverse("api:article-list")
RATINGS = reverse("api:rating-list")


def test_speakers_of_public_claims_with_their_claim_count(anon_client):
    speaker = SpeakerFactory(slug="lei-jun")
    ClaimFactory.create_batch(2, published=True, speaker=speaker)
    ClaimFactory(state=EditorialState.DRAFT, speaker=speaker)

    body = anon_client.get(SPEAKERS).json()

    assert [(row["slug"], row["claim_count"]) for row in body["results"]] == [
        ("lei-jun", 2)
    ]


def test_speakers_and_articles_of_drafts_only_stay_hidden(anon_client, editor_client):
    draft = ClaimFactory(state=EditorialState.DRAFT)

    assert slugs(anon_client.get(SPEAKERS)) == []
    assert slugs(anon_client.get(ARTICLES)) == []
    assert slugs(editor_client.get(SPEAKERS)) == [draft.speaker.slug]
    assert slugs(editor_client.get(ARTICLES)) == [draft.article.slug]


def test_articles_with_first_or_further_appearances_of_public_claims(anon_client):
    first = ArticleFactory(slug="a-first")
    further = ArticleFactory(slug="b-further")
    claim = ClaimFactory(published=True, article=first)
    Appearance.objects.create(claim=claim, article=further)

    body = anon_client.get(ARTICLES).json()["results"]

    assert [(row["slug"], row["claim_count"]) for row in body] == [
        ("a-first", 1),
        ("b-further", 0),
    ]


def test_rating_scales_with_both_languages_and_values(anon_client):
    scales = {scale["slug"]: scale for scale in anon_client.get(RATINGS).json()}

    assert set(scales) == {"veracity", "outcome"}
    veracity = {rating["slug"]: rating for rating in scales["veracity"]["ratings"]}
    assert veracity["true"]["label_en"] == "True"
    assert veracity["true"]["label_zh"] == "属实"
    assert veracity["true"]["value"] == 5
    assert veracity["unproven"]["value"] is None
    assert scales["outcome"]["ratings"][0]["applies_to"] == ["prediction", "promise"]
    assert scales["veracity"]["best_value"] == 5


@pytest.mark.parametrize("url", [SPEAKERS, ARTICLES])
def test_query_count_does_not_grow_with_rows(
    anon_client, url, django_assert_max_num_queries
):
    ClaimFactory.create_batch(3, published=True)
    with django_assert_max_num_queries(1):
        assert len(slugs(anon_client.get(url))) == 3
    ClaimFactory.create_batch(30, published=True)
    with django_assert_max_num_queries(1):
        assert len(slugs(anon_client.get(url))) == 33


def test_ratings_take_two_queries(anon_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        anon_client.get(RATINGS)
