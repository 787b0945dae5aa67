"""The versions of what pages show, created when the cache lost them: every
reader settles on one token per version, on Redis and on the file cache,
and a cache that is down stores nothing under a token."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from claims.caching import versions
from claims.caching.versions import claim_version, version_key, versions_read

pytestmark = pytest.mark.redis

SHOWN = [claim_version(pk) for pk in range(1, 51)]


def _settles(shown: list[str]) -> None:
    # Another process created one of them first: its token stands.
    cache.set(version_key(shown[2]), "theirs", 60)
    first = versions_read(shown)
    assert first.tokens[shown[2]] == "theirs"
    assert len(set(first.tokens.values())) == len(shown)
    # Stored: the next reader (another process) reads the same tokens.
    assert versions_read(shown) == first
    assert cache.get(version_key(shown[0])) == first.tokens[shown[0]]
    # Another process created one between this reader's read and its own
    # creation: the reader takes that one, not its own.
    lost, kept = version_key(shown[-1]), version_key(shown[-2])
    cache.delete_many([lost, kept])
    cache.set(lost, "created meanwhile", 60)
    created = versions._created([kept, lost])
    assert created[lost] == "created meanwhile"
    assert cache.get(kept) == created[kept] != "created meanwhile"


def test_versions_the_redis_cache_lost_are_created_once_for_every_reader(redis_cache):
    _settles(SHOWN)


def test_versions_the_file_cache_lost_are_created_once_for_every_reader(
    settings, tmp_path
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    _settles(SHOWN[:5])


def test_with_redis_down_versions_are_new_each_time_and_nothing_is_stored(
    settings, redis_cache
):
    settings.CACHES["default"]["LOCATION"] = "redis://127.0.0.1:1/0"
    first = versions_read(SHOWN)
    again = versions_read(SHOWN)
    assert set(first.tokens) == set(again.tokens) == set(SHOWN)
    assert not set(first.tokens.values()) & set(again.tokens.values())
