"""The Redis cache fails fast and open.

The page cache, fragments, locks and throttles all live in Redis. Its socket
timeouts (``CACHE_SOCKET_TIMEOUT``, ``CACHE_CONNECT_TIMEOUT``) bound one
command, but a page makes several: with Redis hung every one of them would
wait out its timeout. So the first command that times out or cannot connect
marks that Redis unavailable for ``CACHE_RETRY_SECONDS`` in this process;
meanwhile every command fails at once without touching the network, and
django-redis (``IGNORE_EXCEPTIONS``) turns the failure into a miss: pages
render uncached, saves go through, throttles let requests pass, locks are
not taken (``claims.locks``). After the pause the next command tries again.

``CONNECTION_FACTORY`` in the cache's ``OPTIONS`` names the factory below.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import redis
from django.conf import settings
from django_redis.pool import ConnectionFactory
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

_lock = threading.Lock()
# "host:port" -> time.monotonic() until which that Redis is not tried.
_unavailable_until: dict[str, float] = {}


def retry_seconds() -> float:
    return float(getattr(settings, "CACHE_RETRY_SECONDS", 10))


def unavailable(address: str) -> bool:
    until = _unavailable_until.get(address)
    return until is not None and time.monotonic() < until


def mark_unavailable(address: str, error: Exception) -> None:
    with _lock:
        if unavailable(address):
            return
        _unavailable_until[address] = time.monotonic() + retry_seconds()
    logger.error(
        "cache at %s failed (%s): not used for %s s, pages are served uncached",
        address,
        error,
        retry_seconds(),
    )


def mark_available(address: str) -> None:
    if address in _unavailable_until:
        with _lock:
            _unavailable_until.pop(address, None)


def cache_redis() -> redis.Redis | None:
    """The Redis client behind Django's default cache, for what the cache API
    cannot say in one round trip (a script, a pipeline of SET NX); None when
    the cache is not Redis (the file cache of ``make run``, tests' local
    memory)."""
    from django.core.cache import cache

    client = getattr(cache, "client", None)
    if client is None or not hasattr(client, "get_client"):
        return None
    return client.get_client(write=True)


class FailFastConnection(redis.Connection):
    """A connection that refuses to wait on a Redis known to be unavailable."""

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def _guard(self) -> None:
        if unavailable(self.address):
            raise redis.ConnectionError(
                f"cache at {self.address} is marked unavailable after a failure"
            )

    def connect(self) -> None:
        self._guard()
        try:
            super().connect()
        except (redis.ConnectionError, redis.TimeoutError) as error:
            mark_unavailable(self.address, error)
            raise

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        self._guard()
        try:
            super().send_packed_command(command, check_health=check_health)
        except (redis.ConnectionError, redis.TimeoutError) as error:
            mark_unavailable(self.address, error)
            raise

    def read_response(self, *args: Any, **kwargs: Any) -> Any:
        try:
            response = super().read_response(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError) as error:
            mark_unavailable(self.address, error)
            raise
        mark_available(self.address)
        return response


class FailFastConnectionFactory(ConnectionFactory):
    """django-redis's factory with ``FailFastConnection`` and no retries
    (a retry would wait out the timeout a second time)."""

    def make_connection_params(self, url: str) -> dict[str, Any]:
        params = super().make_connection_params(url)
        params["connection_class"] = FailFastConnection
        params["retry"] = Retry(NoBackoff(), 0)
        return params


def redis_cache(
    url: str, *, connect_timeout: float, socket_timeout: float, key_prefix: str = ""
) -> dict[str, Any]:
    """The ``CACHES["default"]`` entry for Redis at ``url``."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "CONNECTION_FACTORY": "tracker.redis_cache.FailFastConnectionFactory",
            # Pages keep working (uncached) while Redis is down.
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": connect_timeout,
            "SOCKET_TIMEOUT": socket_timeout,
        },
    }
