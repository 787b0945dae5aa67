"""Single-flight locks for tasks that would collide when run twice at once.

With Redis (django-redis) this is Redis's own lock: atomic, expiring, released
only by its holder. Without Redis (``make run``'s file cache) it is a
``cache.add`` on the shared file cache, which narrows the window but is not
atomic across processes: correctness never rests on a lock alone. The
database constraints and conditional writes in the services do that; the lock
only spares the duplicate work (a second fetch of the same page). So when
Redis fails the lock fails open: the caller goes ahead as if it held it.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

PREFIX = "claims:lock:"


@contextmanager
def single_flight(name: str, *, timeout: int) -> Iterator[bool]:
    """Hold the lock ``name`` for at most ``timeout`` seconds.

    Yields True when this caller holds it, False when someone else does (do
    not wait: the holder is doing the work).
    """
    key = PREFIX + name
    if hasattr(cache, "lock"):
        lock = cache.lock(key, timeout=timeout, blocking=False)
        try:
            acquired = lock.acquire(blocking=False)
        except RedisError as error:
            # Fail open: the work goes ahead unlocked, which the database's
            # constraints keep safe; waiting on a dead Redis would not.
            logger.warning("lock %s not taken, the cache failed: %s", name, error)
            yield True
            return
        try:
            yield bool(acquired)
        finally:
            if acquired:
                try:
                    lock.release()
                except Exception as error:  # expired meanwhile: nothing to free
                    logger.warning("lock %s was lost before release: %s", name, error)
        return
    token = secrets.token_hex(8)
    acquired = cache.add(key, token, timeout)
    try:
        yield bool(acquired)
    finally:
        if acquired and cache.get(key) == token:
            cache.delete(key)
