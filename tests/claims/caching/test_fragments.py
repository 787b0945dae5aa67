"""Rendered claim rows and API items cached as fragments on Redis, with the
whole-page cache off: every change shows on the very next request, each
language apart, no draft stored, queries constant in the number of rows."""

from __future__ import annotations

import json

import pytest

from claims.models import ClaimKind, EditorialState
from tests.factories import ClaimFactory, UserFactory
from tests.helpers.caches import stored_values
from tests.helpers.openapi import SchemaCheckedAPIClient
from tests.helpers.page_changes import (
    CLAIM_PAGE_CHANGES,
    change_text,
    rating_label,
    rerate,
    speaker_name,
    watched_claim,
)
from tests.helpers.pages import text_of, url_in

pytestmark = [pytest.mark.django_db, pytest.mark.redis]

API_LIST = "/api/v1/claims/"


@pytest.fixture
def claim(redis_cache, settings):
    settings.READER_PAGE_CACHE_SECONDS = 0  # fragments only
    return ClaimFactory(
        published=True,
        text="缓存中的声明原文",
        text_en="The claim as cached",
        kind=ClaimKind.PROMISE,
    )


@pytest.mark.parametrize(
    "change",
    [rerate, change_text, speaker_name, rating_label],
    ids=lambda f: f.__name__,
)
@pytest.mark.parametrize("page", ["claims:list", "claims:home"])
def test_a_cached_row_follows_every_change(client, claim, change, page):
    url = url_in("en", page)
    first = client.get(url)
    assert "X-Page-Cache" not in first
    assert "The claim as cached" in text_of(first)
    assert "The claim as cached" in text_of(client.get(url))
    expected = change(claim)
    assert expected in text_of(client.get(url))


def test_rows_are_shared_by_pages_and_kept_apart_by_language(client, claim):
    english = url_in("en", "claims:list")
    chinese = url_in("zh-hans", "claims:list")
    assert "The claim as cached" in text_of(client.get(english))
    assert "The claim as cached" in text_of(client.get(url_in("en", "claims:home")))
    response = text_of(client.get(chinese))
    assert "The claim as cached" not in response
    assert "缓存中的声明原文" in response
    assert "承诺" in response  # the kind, in Chinese
    assert "Promise" in text_of(client.get(english))


@pytest.mark.parametrize("page", ["claims:list", "claims:home"])
def test_rows_from_the_cache_add_no_queries(
    client, claim, page, django_assert_max_num_queries
):
    for _ in range(5):
        ClaimFactory(published=True, speaker=claim.speaker)
    url = url_in("en", page)
    with django_assert_max_num_queries(30) as first:
        client.get(url)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert "The claim as cached" in text_of(response)


def test_a_warm_list_page_queries_nothing(
    client, claim, django_assert_num_queries, django_assert_max_num_queries
):
    for _ in range(60):
        ClaimFactory(published=True, speaker=claim.speaker)
    url = url_in("en", "claims:list")
    client.get(url)
    client.get(url + "?page=2")
    # Which claims each page lists, their count, their rows and the filter
    # form: all from the cache until something changes.
    with django_assert_num_queries(0):
        first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url + "?page=2")
    assert "61 claims" in text_of(first) and "Page 1 of 2" in text_of(first)
    assert "61 claims" in text_of(second) and "Page 2 of 2" in text_of(second)
    assert first.content.decode().count('<li class="claim-row">') == 50
    assert second.content.decode().count('<li class="claim-row">') == 11
    # Another filter is another page: it is queried and stored apart.
    with django_assert_max_num_queries(10):
        filtered = text_of(client.get(url + "?sort=oldest"))
    assert "61 claims" in filtered


def test_the_count_follows_publishing_and_retracting(client, claim):
    url = url_in("en", "claims:list")
    assert "1 claim" in text_of(client.get(url))
    draft = ClaimFactory(state=EditorialState.DRAFT, text_en="Not yet public")
    assert "1 claim" in text_of(client.get(url))
    draft.state = EditorialState.PUBLISHED
    draft.published_at = draft.updated_at
    draft.save()
    response = text_of(client.get(url))
    assert "2 claims" in response and "Not yet public" in response
    draft.delete()
    response = text_of(client.get(url))
    assert "1 claim" in response and "Not yet public" not in response


def test_a_row_deleted_after_the_ids_were_read_is_left_out(claim):
    from claims import selectors
    from claims.models import Claim

    other = ClaimFactory(published=True)
    rows = list(selectors.claim_list_light(Claim.objects.public().order_by("pk")))
    Claim.objects.filter(pk=other.pk).delete()
    assert selectors.claims_complete(rows) == [claim, None]
    from claims.caching.fragments import fragments

    rendered = fragments(
        "test-row", rows, lambda full: full.text_en, load=selectors.claims_complete
    )
    assert rendered == ["The claim as cached"]


def test_the_api_list_follows_a_rating_change(claim):
    client = SchemaCheckedAPIClient()
    first = client.get(API_LIST).json()["results"]
    assert first[0]["rating"]["slug"] == claim.rating.slug
    assert client.get(API_LIST).json()["results"] == first
    rerate(claim)
    again = client.get(API_LIST).json()["results"]
    assert again[0]["rating"]["slug"] == "stalled"
    assert again[0]["version"] != first[0]["version"]


def test_the_api_keeps_drafts_out_of_the_cache(claim, redis_cache):
    draft = ClaimFactory(
        text="尚未发表的草稿声明",
        text_en="An unpublished draft",
        state=EditorialState.DRAFT,
    )
    editor = SchemaCheckedAPIClient()
    editor.force_authenticate(UserFactory(group="Editors"))
    anonymous = SchemaCheckedAPIClient()
    for _ in range(2):
        slugs = [item["slug"] for item in editor.get(API_LIST).json()["results"]]
        assert set(slugs) == {claim.slug, draft.slug}
        slugs = [item["slug"] for item in anonymous.get(API_LIST).json()["results"]]
        assert slugs == [claim.slug]
    stored = b"".join(stored_values(redis_cache))
    assert b"The claim as cached" in stored
    for secret in ("尚未发表的草稿声明", "An unpublished draft", draft.slug):
        assert secret.encode() not in stored, secret
    # The editor still sees the draft's latest state.
    draft.text_en = "A draft, edited"
    draft.save()
    items = editor.get(API_LIST).json()["results"]
    assert "A draft, edited" in json.dumps(items)


def test_no_draft_row_is_stored_either(client, claim, redis_cache):
    ClaimFactory(text="尚未发表的草稿声明", state=EditorialState.DRAFT)
    for language in ("en", "zh-hans"):
        for page in ("claims:list", "claims:home"):
            client.get(url_in(language, page))
    stored = b"".join(stored_values(redis_cache))
    assert "缓存中的声明原文".encode() in stored
    assert "尚未发表的草稿声明".encode() not in stored


# --- The claim page's body ---------------------------------------------------


@pytest.fixture
def page_claim(redis_cache, settings):
    """The claim of the page cache tests, with the whole-page cache off."""
    settings.READER_PAGE_CACHE_SECONDS = 0  # fragments only
    return watched_claim()


def test_the_claim_page_body_is_served_from_the_cache_with_one_query(
    client, page_claim, django_assert_num_queries
):
    """Only the claim's id is read (what its cached body is found by)."""
    url = url_in("en", "claims:detail", slug=page_claim.slug)
    first = client.get(url)
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(1):
        second = client.get(url)
    assert second.content == first.content
    assert "缓存中的声明原文" in text_of(second)


@pytest.mark.parametrize("change", CLAIM_PAGE_CHANGES, ids=lambda f: f.__name__)
def test_the_claim_page_body_follows_every_change(client, page_claim, change):
    url = url_in("en", "claims:detail", slug=page_claim.slug)
    client.get(url)
    expected = change(page_claim)
    assert expected in text_of(client.get(url))


def test_the_claim_page_body_is_kept_apart_by_language(client, page_claim):
    english = url_in("en", "claims:detail", slug=page_claim.slug)
    chinese = url_in("zh-hans", "claims:detail", slug=page_claim.slug)
    assert "Our rating" in text_of(client.get(english))
    assert "我们的评级" in text_of(client.get(chinese))
    assert "Our rating" in text_of(client.get(english))
    assert "我们的评级" in text_of(client.get(chinese))


def test_a_draft_claim_page_is_never_stored(client, page_claim, redis_cache):
    draft = ClaimFactory(text="尚未发表的草稿声明", state=EditorialState.DRAFT)
    for _ in range(2):
        url = url_in("en", "claims:detail", slug=draft.slug)
        assert client.get(url).status_code == 404
    client.force_login(UserFactory(group="Editors"))
    assert client.get(url).status_code == 404
    assert "尚未发表的草稿声明".encode() not in b"".join(stored_values(redis_cache))


def test_api_items_from_the_cache_are_the_json_of_a_fresh_render(claim):
    from rest_framework.renderers import JSONRenderer

    ClaimFactory(published=True, text_en="第二条 with “quotes” and \\ backslash")
    client = SchemaCheckedAPIClient()
    fresh = client.get(API_LIST)
    cached = client.get(API_LIST)
    assert cached.content == fresh.content
    body = cached.json()
    assert list(body) == ["next", "previous", "results"]
    assert len(body["results"]) == 2
    # Byte for byte what DRF's renderer writes for the same data.
    assert cached.content == JSONRenderer().render(body)


def test_api_list_honours_an_indent_asked_for(claim):
    client = SchemaCheckedAPIClient()
    client.get(API_LIST)
    response = client.get(API_LIST, HTTP_ACCEPT="application/json; indent=2")
    assert response.status_code == 200
    assert b'\n  "results": [\n    {\n      "slug": ' in response.content
    assert response.json()["results"][0]["slug"] == claim.slug


def test_a_cached_api_page_follows_a_new_claim_and_its_links(claim):
    for _ in range(2):
        ClaimFactory(published=True)
    client = SchemaCheckedAPIClient()
    first = client.get(API_LIST, {"page_size": 2}).json()
    assert client.get(API_LIST, {"page_size": 2}).json() == first
    assert first["next"] is not None and first["previous"] is None
    newest = ClaimFactory(published=True, text_en="Published just now")
    again = client.get(API_LIST, {"page_size": 2}).json()
    assert again["results"][0]["slug"] == newest.slug
    assert again["next"] != first["next"]
    following = client.get(again["next"]).json()
    # The page after the new first one: the rest, oldest last.
    assert [item["slug"] for item in following["results"]] == [
        first["results"][1]["slug"],
        claim.slug,
    ]
    assert following["previous"] is not None
