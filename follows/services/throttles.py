"""Fixed-window counters for the follow form (the API's throttle, per client
address and per e-mail address), with rates from settings read per call."""

from __future__ import annotations

from claims.api.throttling import FixedWindowThrottle


class FollowThrottle(FixedWindowThrottle):
    """At most ``rate`` (e.g. "10/hour") follow requests per ``ident``."""

    def __init__(self, *, scope: str, rate: str, ident: str) -> None:
        self.scope = scope
        self.rate = rate
        self.ident = ident
        super().__init__()

    def get_rate(self) -> str | None:
        return self.rate

    def get_cache_key(self, request, view) -> str | None:
        return f"throttle:follow-{self.scope}:{self.ident}"

    def allowed(self) -> bool:
        """Count one request; False once over the rate."""
        return self.allow_request(None, None)
