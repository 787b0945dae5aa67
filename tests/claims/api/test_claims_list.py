from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Appearance, ClaimKind, EditorialState, Rating
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory
from tests.helpers.api import assert_error, slugs

URL = reverse("api:claim-list")

pytestmark = pytest.mark.django_db


def test_anonymous_readers_get_published_and_retracted_claims_only(anon_client):
    published = ClaimFactory(published=True)
    retracted = ClaimFactory(state=EditorialState.RETRACTED)
    ClaimFactory(state=EditorialState.DRAFT)
    ClaimFactory(state=EditorialState.IN_REVIEW)

    assert sorted(slugs(anon_client.get(URL))) == sorted(
        [published.slug, retracted.slug]
    )


def test_drafts_stay_hidden_even_when_filtered_for(anon_client):
    ClaimFactory(state=EditorialState.DRAFT)

    assert slugs(anon_client.get(URL, {"state": "draft"})) == []


def test_editors_see_drafts_and_can_filter_by_state(editor_client):
    draft = ClaimFactory(state=EditorialState.DRAFT)
    ClaimFactory(published=True)

    assert len(slugs(editor_client.get(URL))) == 2
    assert slugs(editor_client.get(URL, {"state": "draft"})) == [draft.slug]


def test_a_row_carries_speaker_article_rating_and_deadline(anon_client):
    claim = ClaimFactory(due_h1_2024=True, published=True)

    row = anon_client.get(URL).json()["results"][0]

    assert row["slug"] == claim.slug
    assert row["speaker"]["slug"] == claim.speaker.slug
    assert row["article"]["slug"] == claim.article.slug
    assert row["rating"]["slug"] == "in-progress"
    assert row["rating"]["label_zh"] == "进行中"
    assert row["deadline"] == {
        "start": "2024-01-01",
        "end": "2024-06-30",
        "precision": "half",
        "text": "2024年上半年",
        "passed": True,
    }
    assert row["version"] == claim.version
    assert row["page_url"].endswith(f"/claims/{claim.slug}/")


def test_filter_by_rating_kind_speaker_and_article(anon_client):
    speaker = SpeakerFactory()
    article = ArticleFactory()
    true_fact = ClaimFactory(published=True, kind=ClaimKind.FACT, speaker=speaker)
    false_stat = ClaimFactory(
        published=True, rating=Rating.objects.get(slug="false"), article=article
    )
    repeated = ClaimFactory(published=True)
    Appearance.objects.create(claim=repeated, article=article)

    assert slugs(anon_client.get(URL, {"rating": "false"})) == [false_stat.slug]
    assert sorted(slugs(anon_client.get(URL, {"rating": ["false", "true"]}))) == sorted(
        [true_fact.slug, false_stat.slug, repeated.slug]
    )
    assert slugs(anon_client.get(URL, {"kind": "fact"})) == [true_fact.slug]
    assert slugs(anon_client.get(URL, {"speaker": speaker.slug})) == [true_fact.slug]
    assert sorted(slugs(anon_client.get(URL, {"article": article.slug}))) == sorted(
        [false_stat.slug, repeated.slug]
    )


def test_filter_by_deadline_state(anon_client):
    today = timezone.localdate()
    passed = ClaimFactory(
        published=True,
        kind=ClaimKind.PROMISE,
        due_start=today - timedelta(days=30),
        due_end=today - timedelta(days=1),
        due_precision="day",
    )
    upcoming = ClaimFactory(
        published=True,
        kind=ClaimKind.PREDICTION,
        due_start=today,
        due_end=today + timedelta(days=30),
        due_precision="month",
    )
    none = ClaimFactory(published=True)

    assert slugs(anon_client.get(URL, {"deadline": "passed"})) == [passed.slug]
    assert slugs(anon_client.get(URL, {"deadline": "upcoming"})) == [upcoming.slug]
    assert slugs(anon_client.get(URL, {"deadline": "none"})) == [none.slug]


def test_filter_by_updated_since(anon_client):
    old = ClaimFactory(published=True)
    new = ClaimFactory(published=True)
    type(old).objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - timedelta(days=10)
    )
    since = (timezone.now() - timedelta(days=1)).isoformat()

    assert slugs(anon_client.get(URL, {"updated_since": since})) == [new.slug]
    assert len(slugs(anon_client.get(URL, {"updated_since": "2000-01-01"}))) == 2


def test_search_matches_text_and_speaker_names(anon_client):
    match = ClaimFactory(published=True, text="小米汽车2024年上半年量产")
    by_speaker = ClaimFactory(published=True, speaker=SpeakerFactory(name_en="Lei Jun"))
    ClaimFactory(published=True)

    assert slugs(anon_client.get(URL, {"search": "量产"})) == [match.slug]
    assert slugs(anon_client.get(URL, {"search": "lei jun"})) == [by_speaker.slug]


def test_ordering_by_slug_both_ways(anon_client):
    for slug in ("b-claim", "a-claim", "c-claim"):
        ClaimFactory(published=True, slug=slug)

    assert slugs(anon_client.get(URL, {"ordering": "slug"})) == [
        "a-claim",
        "b-claim",
        "c-claim",
    ]
    assert slugs(anon_client.get(URL, {"ordering": "-slug"})) == [
        "c-claim",
        "b-claim",
        "a-claim",
    ]


def test_cursor_pagination_walks_every_claim_once(anon_client):
    created = {claim.slug for claim in ClaimFactory.create_batch(7, published=True)}

    seen: list[str] = []
    response = anon_client.get(URL, {"page_size": 3})
    while True:
        body = response.json()
        seen += [row["slug"] for row in body["results"]]
        if not body["next"]:
            break
        response = anon_client.get(body["next"])

    assert len(seen) == 7
    assert set(seen) == created


@pytest.mark.parametrize(
    ("params", "field", "value"),
    [
        ({"rating": "no-such-rating"}, "rating", "no-such-rating"),
        ({"kind": "poem"}, "kind", "poem"),
        ({"speaker": "nobody"}, "speaker", "nobody"),
        ({"article": "nowhere"}, "article", "nowhere"),
        ({"deadline": "someday"}, "deadline", "someday"),
        ({"updated_since": "yesterday"}, "updated_since", "yesterday"),
        ({"ordering": "popularity"}, "ordering", "popularity"),
        ({"cursor": "garbage"}, "cursor", None),
    ],
)
def test_unknown_filter_values_are_a_400_naming_the_value(
    anon_client, params, field, value
):
    error = assert_error(anon_client.get(URL, params), 400, "invalid")

    assert list(error["fields"]) == [field]
    if value:
        assert value in error["fields"][field][0]


def test_query_count_does_not_grow_with_rows(
    anon_client, editor_client, django_assert_max_num_queries
):
    # The page's ids, then the items not in the fragment cache in one query.
    ClaimFactory.create_batch(3, published=True)
    with django_assert_max_num_queries(2):
        assert len(slugs(anon_client.get(URL))) == 3
    ClaimFactory.create_batch(30, published=True)
    with django_assert_max_num_queries(2):
        assert len(slugs(anon_client.get(URL))) == 33
    # The page and every item now come from the cache.
    with django_assert_max_num_queries(0):
        assert len(slugs(anon_client.get(URL))) == 33
    # Editors: token and permission look-ups on top.
    with django_assert_max_num_queries(5):
        assert len(slugs(editor_client.get(URL))) == 33
