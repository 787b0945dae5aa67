"""Fixtures every test folder shares: an empty cache, the newsroom's people,
a claim in review, hostile text, local page servers and Redis."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.utils import translation

from claims import services
from claims.models import EditorialState
from tests.factories import ClaimFactory, UserFactory
from tests.helpers.hostile import make_hostile_claim
from tests.helpers.servers import PageServer

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Every test starts with an empty cache: it outlives database rollbacks
    (page cache, fragments, throttle counts, lockouts, robots.txt rules)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_page_cache(settings) -> None:
    """Reader pages rendered on every request (fragments are still cached)."""
    settings.READER_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English (the site's default language is Chinese)."""
    with translation.override("en"):
        yield


# --- People and claims ----------------------------------------------------------


@pytest.fixture
def editor(db):
    return UserFactory(username="editor-alice", group="Editors")


@pytest.fixture
def second_editor(db):
    return UserFactory(username="editor-bob", group="Editors")


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer-carol", group="Reviewers")


@pytest.fixture
def submitted_claim(editor):
    """A statistic rated True that editor-alice has submitted for review."""
    claim = ClaimFactory(
        slug="xiaomi-ai-team-1200",
        text="小米AI团队超过1200人。",
        text_en="Xiaomi's AI team has over 1,200 people.",
        state=EditorialState.DRAFT,
    )
    return services.claim_submit_for_review(claim=claim, user=editor)


@pytest.fixture
def published_claim(submitted_claim, reviewer):
    return services.claim_publish(claim=submitted_claim, user=reviewer)


@pytest.fixture
def hostile_claim(db):
    return make_hostile_claim()


# --- Local page servers ---------------------------------------------------------


@pytest.fixture
def page_server() -> Iterator[PageServer]:
    server = PageServer()
    yield server
    server.stop()


@pytest.fixture
def second_server() -> Iterator[PageServer]:
    server = PageServer()
    yield server
    server.stop()


@pytest.fixture
def fetch_allowed(settings, page_server) -> PageServer:
    """Let the fetcher reach ``page_server`` (and nothing else local)."""
    settings.FETCH_UNSAFE_ALLOWED_HOSTS = [page_server.host]
    return page_server


# --- Redis ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_url() -> str:
    """TEST_REDIS_URL, once Redis answers there; under CI=true a missing Redis
    fails the test instead of skipping it."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"Redis is not reachable at {REDIS_URL}: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI requires it.", pytrace=False)
        pytest.skip(f"{message}; start redis-server to run this test.")
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture
def redis_cache(settings, redis_url) -> Iterator[str]:
    """The production cache configuration on Redis, under a key prefix of its
    own (returned) that is emptied afterwards."""
    prefix = f"tests-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    settings.READER_PAGE_CACHE_SECONDS = 600
    yield prefix
    cache.delete_pattern("*")
