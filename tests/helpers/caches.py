"""What a test's Redis cache holds, read raw (see the ``redis_cache`` fixture)."""

from __future__ import annotations


def stored_values(prefix: str) -> list[bytes]:
    """Every raw value stored under ``prefix`` (pickled pages and fragments)."""
    from django_redis import get_redis_connection

    client = get_redis_connection("default")
    return [
        value
        for key in client.scan_iter(match=f"{prefix}:*")
        if (value := client.get(key)) is not None
    ]
