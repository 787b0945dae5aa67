"""A Redis that hangs (accepts, never answers) slows nothing down: reader
pages are served uncached in well under a second, admin saves go through,
throttles and locks fail open, and /healthz says the cache is failing."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from claims.locks import single_flight
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.admin import change_url, claim_form
from tests.helpers.pages import reader_urls, text_of
from tests.helpers.tcp_proxy import HangingProxy
from tracker.redis_cache import redis_cache

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture
def hung_redis(settings, redis_url) -> Iterator[HangingProxy]:
    """The production cache configuration, on a proxy in front of Redis."""
    address = urlsplit(redis_url)
    proxy = HangingProxy(address.hostname, address.port or 6379)
    settings.CACHES = {
        "default": redis_cache(
            f"redis://127.0.0.1:{proxy.port}{address.path}",
            connect_timeout=settings.CACHE_CONNECT_TIMEOUT,
            socket_timeout=settings.CACHE_SOCKET_TIMEOUT,
            key_prefix=f"hung-{proxy.port}",
        )
    }
    settings.READER_PAGE_CACHE_SECONDS = 600
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
    yield proxy
    proxy.resume()
    cache.clear()
    proxy.stop()


@pytest.fixture
def claim():
    claim = ClaimFactory(published=True, text="Redis 停止应答时的声明")
    EvidenceFactory(claim=claim)
    return claim


def timed_get(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def test_reader_pages_answer_within_a_second_each_while_redis_hangs(
    client, hung_redis, claim
):
    urls = reader_urls(claim, search="应答")
    for url in urls:  # cached while Redis answers
        client.get(url)
    assert client.get(urls[0])["X-Page-Cache"] == "hit"

    hung_redis.hang()
    for url in urls:
        response, seconds = timed_get(client, url)
        assert response.status_code == 200, url
        assert response.get("X-Page-Cache") != "hit", url
        assert seconds < 1.0, f"{url} took {seconds:.2f} s"
    detail, _seconds = timed_get(client, claim.get_absolute_url())
    assert "Redis 停止应答时的声明" in text_of(detail)


def test_an_admin_save_succeeds_while_redis_hangs(client, hung_redis, editor):
    claim = ClaimFactory(text="保存前的文字")
    client.force_login(editor)
    data = claim_form(client, claim)
    data["text"] = "Redis 停止应答时保存的文字"

    hung_redis.hang()
    started = time.monotonic()
    response = client.post(change_url(claim), data)
    assert response.status_code == 302
    assert time.monotonic() - started < 2.0
    claim.refresh_from_db()
    assert claim.text == "Redis 停止应答时保存的文字"


def test_api_throttles_and_locks_fail_open_while_redis_hangs(
    client, hung_redis, settings, claim
):
    hung_redis.hang()
    for _attempt in range(3):
        response, seconds = timed_get(client, "/api/v1/claims/")
        assert response.status_code == 200
        assert seconds < 1.0
    started = time.monotonic()
    with single_flight("hung-redis-lock", timeout=30) as mine:
        assert mine  # the work goes ahead
    assert time.monotonic() - started < 1.0


def test_healthz_reports_the_hung_cache(client, hung_redis):
    hung_redis.hang()
    response, seconds = timed_get(client, "/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["cache"]["ok"] is False
    assert body["database"]["ok"] is True
    assert seconds < 5.0


def test_the_cache_is_used_again_once_redis_answers(
    client, hung_redis, settings, claim
):
    settings.CACHE_RETRY_SECONDS = 2
    url = claim.get_absolute_url()
    hung_redis.hang()
    client.get(url)
    hung_redis.resume()
    assert client.get(url).get("X-Page-Cache") != "hit"  # still left alone
    time.sleep(2.1)
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
