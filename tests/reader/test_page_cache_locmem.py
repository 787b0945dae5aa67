"""Whole-page cache: hits for anonymous readers, invalidation on change,
fresh pages for staff, and pages that survive a Redis outage."""

import pytest
from django.core.cache import cache

from claims.models import Rating
from tests.factories import ClaimFactory, EvidenceFactory, FlagFactory, UserFactory
from tests.helpers.pages import text_of, url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(db):
    return ClaimFactory(published=True, text="会被缓存的声明")


def test_second_anonymous_visit_is_served_from_the_cache(
    client, claim, django_assert_num_queries
):
    url = url_in("en", "claims:detail", slug=claim.slug)
    assert client.get(url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert "会被缓存的声明" in text_of(response)


def test_each_language_is_cached_separately(client, claim):
    client.get(url_in("en", "claims:detail", slug=claim.slug))
    chinese = client.get(url_in("zh-hans", "claims:detail", slug=claim.slug))
    assert "我们的评级" in text_of(chinese)


def test_re_rating_invalidates_cached_pages(client, claim):
    urls = [
        url_in("en", "claims:detail", slug=claim.slug),
        url_in("en", "claims:list"),
        url_in("en", "claims:home"),
        url_in("en", "claims:speaker", slug=claim.speaker.slug),
    ]
    for url in urls:
        assert "True" in text_of(client.get(url))
    claim.rating = Rating.objects.get(slug="mostly-false")
    claim.change_kind = "correction"
    claim.change_reason = "The survey counted contractors."
    claim.save()
    for url in urls:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "Mostly false" in text_of(response)


def test_evidence_health_and_flags_invalidate_the_claim_page(client, claim):
    evidence = EvidenceFactory(claim=claim)
    url = url_in("en", "claims:detail", slug=claim.slug)
    assert "Link: not checked yet" in text_of(client.get(url))
    evidence.health = "dead"
    evidence.save()
    assert "Link: dead" in text_of(client.get(url))
    FlagFactory(claim=claim)
    assert "Under review since" in text_of(client.get(url))


def test_speaker_and_article_changes_invalidate_pages(client, claim):
    url = url_in("en", "claims:detail", slug=claim.slug)
    client.get(url)
    claim.speaker.name_en = "Renamed Speaker"
    claim.speaker.save()
    assert "Renamed Speaker" in text_of(client.get(url))
    claim.article.title = "新的标题"
    claim.article.save()
    assert "新的标题" in text_of(client.get(url))


def test_staff_always_get_a_fresh_page(client, claim):
    url = url_in("en", "claims:detail", slug=claim.slug)
    client.get(url)
    client.force_login(UserFactory())
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_pages_cache_even_when_the_generation_key_was_evicted(client, claim):
    url = url_in("en", "claims:list")
    client.get(url)
    cache.clear()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        # Nothing listens on port 1: every cache call fails at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
    }
}


def test_every_page_returns_200_while_redis_is_down(client, settings):
    settings.CACHES = DEAD_REDIS
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
    claim = ClaimFactory(published=True, text="Redis 宕机时的声明")
    EvidenceFactory(claim=claim)
    claim.rating = Rating.objects.get(slug="mostly-true")
    claim.change_kind = "update"
    claim.change_reason = "New figures."
    claim.save()  # the invalidation signal must not fail either
    for language in ("zh-hans", "en"):
        urls = [
            url_in(language, "claims:home"),
            url_in(language, "claims:list") + "?q=宕机",
            url_in(language, "claims:detail", slug=claim.slug),
            url_in(language, "claims:article", slug=claim.article.slug),
            url_in(language, "claims:speaker", slug=claim.speaker.slug),
            url_in(language, "claims:feed"),
            url_in(language, "claims:claim-feed", slug=claim.slug),
            url_in(language, "claims:rating-styles"),
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.get("X-Page-Cache") != "hit"
        assert "Redis 宕机时的声明" in text_of(
            client.get(url_in(language, "claims:detail", slug=claim.slug))
        )
    for url in ("/sitemap.xml", "/robots.txt"):
        assert client.get(url).status_code == 200
