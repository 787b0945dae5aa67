"""The whole-page cache for anonymous readers: served before sessions and the
database, invalidated by every change a page shows, never holding a draft,
and out of the way while Redis is down.

The tests marked ``redis`` run on the production cache configuration; the
others on the suite's in-memory cache.
"""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache

from claims.models import EditorialState, FlagReason, FlagResolution, Rating
from claims.services.flags import flag_resolve
from tests.factories import ClaimFactory, EvidenceFactory, FlagFactory, UserFactory
from tests.helpers import page_changes
from tests.helpers.caches import stored_values
from tests.helpers.claims import rerate
from tests.helpers.pages import reader_urls, text_of, url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(redis_cache):
    """The claim the page changes act on, with the cache on Redis."""
    return page_changes.watched_claim()


def pages_of(claim) -> list[str]:
    return [
        url_in("en", "claims:detail", slug=claim.slug),
        url_in("en", "claims:list"),
    ]


@pytest.mark.redis
def test_a_cached_page_is_served_without_database_or_session(
    client, claim, django_assert_num_queries
):
    for url in pages_of(claim):
        assert client.get(url)["X-Page-Cache"] == "miss"
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response["X-Page-Cache"] == "hit"
        assert "缓存中的声明原文" in text_of(response)
        # The stack's security headers are stored with the page.
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
    assert not Session.objects.exists()


@pytest.mark.redis
def test_signed_in_readers_never_get_the_anonymous_copy(client, claim):
    url = url_in("en", "claims:detail", slug=claim.slug)
    client.get(url)
    client.force_login(UserFactory())
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


@pytest.mark.redis
@pytest.mark.parametrize(
    "change", page_changes.CLAIM_PAGE_CHANGES, ids=lambda f: f.__name__
)
def test_every_change_shows_on_the_very_next_request(client, claim, change):
    url = url_in("en", "claims:detail", slug=claim.slug)
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    expected = change(claim)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert expected in text_of(response)


@pytest.mark.redis
@pytest.mark.parametrize(
    "change",
    [
        page_changes.rerate,
        page_changes.change_text,
        page_changes.speaker_name,
        page_changes.rating_label,
    ],
    ids=lambda f: f.__name__,
)
def test_the_list_page_follows_changes_too(client, claim, change):
    url = url_in("en", "claims:list")
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    expected = change(claim)
    assert expected in text_of(client.get(url))


@pytest.mark.redis
def test_resolving_the_flag_removes_the_under_review_notice(client, claim):
    flag = FlagFactory(claim=claim, reason=FlagReason.MANUAL)
    url = url_in("en", "claims:detail", slug=claim.slug)
    assert "Under review since" in text_of(client.get(url))
    flag_resolve(
        flags=[flag],
        resolution=FlagResolution.DISMISSED,
        user=UserFactory(),
        note="Nothing to change.",
    )
    assert "Under review since" not in text_of(client.get(url))


@pytest.mark.redis
def test_each_language_is_stored_apart(client, claim):
    english = url_in("en", "claims:detail", slug=claim.slug)
    chinese = url_in("zh-hans", "claims:detail", slug=claim.slug)
    client.get(english)
    assert client.get(english)["X-Page-Cache"] == "hit"
    response = client.get(chinese)
    assert response["X-Page-Cache"] == "miss"
    assert "我们的评级" in text_of(response)
    assert client.get(chinese)["X-Page-Cache"] == "hit"
    assert "Our rating" in text_of(client.get(english))


@pytest.mark.redis
def test_an_address_without_language_follows_the_reader(client, claim):
    """/claims/<slug>/ redirects by Accept-Language and is never stored."""
    for language, prefix in (("en", "/en/"), ("zh-hans", "/zh-hans/")):
        for _ in range(2):
            response = client.get(
                f"/claims/{claim.slug}/", HTTP_ACCEPT_LANGUAGE=language
            )
            assert response.status_code == 302
            assert response["Location"].startswith(prefix)
            assert "X-Page-Cache" not in response


@pytest.mark.redis
def test_no_draft_ever_enters_the_cache(client, claim, redis_cache):
    draft = ClaimFactory(
        text="尚未发表的草稿声明",
        text_en="An unpublished draft",
        state=EditorialState.DRAFT,
        speaker__name="只出现在草稿里的人",
        speaker__name_en="Draft-only speaker",
        article__title="只有草稿引用的文章",
    )
    in_review = ClaimFactory(
        text="审核中的声明", state=EditorialState.IN_REVIEW, speaker=draft.speaker
    )
    hidden = []
    for language in ("en", "zh-hans"):
        hidden += [
            url_in(language, "claims:detail", slug=draft.slug),
            url_in(language, "claims:detail", slug=in_review.slug),
            url_in(language, "claims:speaker", slug=draft.speaker.slug),
            url_in(language, "claims:article", slug=draft.article.slug),
        ]
    sitemaps = ["/sitemap.xml", "/sitemap-claims.xml", "/sitemap-articles.xml"]
    sitemaps.append("/sitemap-speakers.xml")
    for url in [*reader_urls(claim, search="草稿"), *hidden, *sitemaps]:
        client.get(url)
        client.get(url)
    stored = b"".join(stored_values(redis_cache))
    assert stored, "nothing was cached"
    for secret in (
        "尚未发表的草稿声明",
        "An unpublished draft",
        "只出现在草稿里的人",
        "Draft-only speaker",
        "只有草稿引用的文章",
        "审核中的声明",
        draft.slug,
    ):
        assert secret.encode() not in stored, secret
    for url in hidden:
        assert client.get(url).status_code == 404


# --- On the default cache -------------------------------------------------------


@pytest.fixture
def plain_claim(db):
    """A published claim, with the suite's in-memory cache."""
    return ClaimFactory(published=True, text="会被缓存的声明")


def test_re_rating_invalidates_cached_pages(client, plain_claim):
    claim = plain_claim
    urls = [
        url_in("en", "claims:detail", slug=claim.slug),
        url_in("en", "claims:list"),
        url_in("en", "claims:home"),
        url_in("en", "claims:speaker", slug=claim.speaker.slug),
    ]
    for url in urls:
        assert "True" in text_of(client.get(url))
    rerate(
        claim,
        Rating.objects.get(slug="mostly-false"),
        kind="correction",
        reason="The survey counted contractors.",
    )
    for url in urls:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "Mostly false" in text_of(response)


def test_saving_evidence_health_invalidates_the_claim_page(client, plain_claim):
    evidence = EvidenceFactory(claim=plain_claim)
    url = url_in("en", "claims:detail", slug=plain_claim.slug)
    assert "Link: not checked yet" in text_of(client.get(url))
    evidence.health = "dead"
    evidence.save()
    assert "Link: dead" in text_of(client.get(url))


def test_pages_cache_even_when_the_generation_key_was_evicted(client, plain_claim):
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
    # the invalidation signal must not fail either
    rerate(
        claim,
        Rating.objects.get(slug="mostly-true"),
        kind="update",
        reason="New figures.",
    )
    for language in ("zh-hans", "en"):
        urls = [
            *reader_urls(claim, search="宕机", languages=[language]),
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
