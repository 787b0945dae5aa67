"""The one fetch policy of the project, built from Django settings.

Evidence checks and article intake fetch under the same rules: the
``FETCH_*`` settings, and robots.txt kept per origin in Django's cache for
``FETCH_ROBOTS_CACHE_SECONDS`` (an hour by default), so many fetches from one
site read its robots.txt once. ``client`` and ``text`` stay free of Django;
this module is where settings meet them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from .client import FetchPolicy


def fetch_policy() -> FetchPolicy:
    """The fetch policy from settings, read at each call (tests change them)."""
    return FetchPolicy(
        user_agent=settings.FETCH_USER_AGENT,
        connect_timeout=settings.FETCH_CONNECT_TIMEOUT,
        read_timeout=settings.FETCH_READ_TIMEOUT,
        total_deadline=settings.FETCH_TOTAL_DEADLINE,
        max_bytes=settings.FETCH_MAX_BYTES,
        unsafe_allowed_hosts=frozenset(settings.FETCH_UNSAFE_ALLOWED_HOSTS),
        robots_cache=cache,
        robots_cache_seconds=settings.FETCH_ROBOTS_CACHE_SECONDS,
        dns_control_host=settings.FETCH_DNS_CONTROL_HOST,
    )
