"""Whole-page cache keys: the host asked for, the path and only the query
parameters the page reads; values no reader's click sends are not stored,
and a flood of distinct addresses stops being stored at a cap."""

from __future__ import annotations

import pytest

from tests.factories import ClaimFactory
from tests.helpers.pages import url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    return ClaimFactory(published=True, text="缓存键测试的声明")


def cache_state(client, url, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.get("X-Page-Cache", "none")


def test_parameters_the_page_does_not_read_share_one_cached_copy(client, claim):
    url = url_in("en", "claims:list")
    assert cache_state(client, f"{url}?utm_source=a") == "miss"
    assert cache_state(client, f"{url}?utm_source=b&fbclid=x") == "hit"
    assert cache_state(client, url) == "hit"
    detail = claim.get_absolute_url()
    assert cache_state(client, detail) == "miss"
    assert cache_state(client, f"{detail}?junk=1") == "hit"


def test_the_order_of_parameters_does_not_make_a_new_copy(client, claim):
    url = url_in("en", "claims:list")
    assert cache_state(client, f"{url}?kind=fact&sort=newest") == "miss"
    assert cache_state(client, f"{url}?sort=newest&kind=fact") == "hit"
    assert cache_state(client, f"{url}?sort=oldest&kind=fact") == "miss"


@pytest.mark.parametrize(
    "query",
    [
        "speaker=%00",
        "kind=not-a-kind",
        "sort=everything",
        "page=abc",
        "page=99999999",
        "rating=a%20b",
        "q=" + "x" * 101,
    ],
)
def test_values_no_click_sends_are_rendered_but_never_stored(client, claim, query):
    url = f"{url_in('en', 'claims:list')}?{query}"
    assert client.get(url).status_code < 500
    second = client.get(url)
    assert second.get("X-Page-Cache") != "hit"


def test_a_parameter_a_page_does_not_read_is_not_stored_under_its_own_key(
    client, claim
):
    # The claim page reads no search: ?q=... renders the page, stores nothing.
    url = f"{claim.get_absolute_url()}?q=anything"
    client.get(url)
    assert client.get(url).get("X-Page-Cache") != "hit"


def test_each_host_gets_its_own_copy(client, settings, claim):
    settings.ALLOWED_HOSTS = ["claims.example.org", "mirror.example.net"]
    first = client.get("/sitemap.xml", HTTP_HOST="claims.example.org")
    assert first["X-Page-Cache"] == "miss"
    assert client.get("/sitemap.xml", HTTP_HOST="claims.example.org")[
        "X-Page-Cache"
    ] == ("hit")
    other = client.get("/sitemap.xml", HTTP_HOST="mirror.example.net")
    assert other["X-Page-Cache"] == "miss"


def test_a_host_not_allowed_is_refused_not_served_from_the_cache(client, claim):
    url = url_in("en", "claims:list")
    client.get(url)
    response = client.get(url, HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "X-Page-Cache" not in response


@pytest.mark.redis
def test_a_flood_of_distinct_searches_stops_being_stored_at_the_cap(
    client, settings, claim, redis_cache
):
    from django_redis import get_redis_connection

    settings.READER_PAGE_CACHE_MAX_VARIANTS = 3
    url = url_in("en", "claims:list")
    for number in range(10):
        client.get(f"{url}?q=flood{number}")
    redis = get_redis_connection("default")
    pages = list(redis.scan_iter(match=f"{redis_cache}:*reader-page:2*"))
    assert len(pages) == 3
    # Searches stored before the cap are served from it; later ones render.
    assert cache_state(client, f"{url}?q=flood0") == "hit"
    assert cache_state(client, f"{url}?q=flood9") == "miss"
    # Pages without a query string are not limited.
    assert cache_state(client, url) == "miss"
    assert cache_state(client, url) == "hit"
    # Nor do the searches past the cap leave their list fragments behind.
    fragments = list(redis.scan_iter(match=f"{redis_cache}:*claim-list-page*"))
    assert len(fragments) <= 4
