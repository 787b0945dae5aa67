"""Request rates per client address (anonymous) and per account.

Each client has one counter per window (a minute for "60/minute"), in the
default cache (Redis when ``REDIS_URL`` is set): one atomic increment per
request. DRF's own classes keep a log of every request's time and read and
write it whole on each request, which grows with the rate allowed; a counter
stays one small integer.

The rates are read from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` on every
request (DRF's classes read them once, at import), so a changed setting takes
effect without a restart. The client address honours ``NUM_PROXIES``.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from rest_framework import throttling
from rest_framework.settings import api_settings


class FixedWindowThrottle(throttling.SimpleRateThrottle):
    """At most ``num_requests`` per client in each window of ``duration``
    seconds; windows start at multiples of the duration (UTC epoch)."""

    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view) -> bool:
        # Rates are read per request (see the module docstring).
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        self.now = time.time()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        key = f"{ident}:{window}"
        # The counter outlives its window a little, so a slow clock between
        # two web processes never resets it early.
        timeout = self.duration + 1
        try:
            count = cache.incr(key)
        except ValueError:  # first request of the window
            count = 1 if cache.add(key, 1, timeout) else cache.incr(key)
        # None: the cache is down (IGNORE_EXCEPTIONS); the API stays open.
        return count is None or count <= self.num_requests

    def wait(self) -> float:
        return max(self.window_ends - self.now, 1)


class AnonymousRateThrottle(FixedWindowThrottle):
    scope = "anon"

    def get_cache_key(self, request, view) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return f"throttle:{self.scope}:{self.get_ident(request)}"


class UserRateThrottle(FixedWindowThrottle):
    """Per account. Anonymous clients are left to ``AnonymousRateThrottle``:
    DRF's class counts them a second time, by address."""

    scope = "user"

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return f"throttle:{self.scope}:{request.user.pk}"
