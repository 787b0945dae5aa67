"""The cached reader path on a real Redis: what made the pages fast.

These tests are not timed; they guard the correctness of the caches (every
change shows on the very next request, no draft is ever stored, each
language apart) and the work a cached request skips.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from django.core.cache import cache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture(scope="session")
def redis_url() -> str:
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
def redis_cache(settings, redis_url, db) -> Iterator[str]:
    """The production cache configuration on Redis, under a prefix of its own."""
    prefix = f"perf-tests-{os.getpid()}-{uuid.uuid4().hex[:8]}"
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


def stored_values(prefix: str) -> list[bytes]:
    """Every raw value stored under ``prefix`` (pickled pages and fragments)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        return [
            value
            for key in client.scan_iter(match=f"{prefix}:*")
            if (value := client.get(key)) is not None
        ]
    finally:
        client.close()
