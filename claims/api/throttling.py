"""Request rates per client address (anonymous) and per account.

DRF's own classes read their rates once, at import; these read
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` on every request, so a changed
setting takes effect without a restart of the test process. Counts live in the
default cache (Redis when ``REDIS_URL`` is set); the client address honours
``NUM_PROXIES``.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


class _RatesFromSettings:
    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousRateThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    scope = "anon"


class UserRateThrottle(_RatesFromSettings, throttling.UserRateThrottle):
    """Per account. DRF's class also counts anonymous clients by address, a
    second count of what ``AnonymousRateThrottle`` already limits (and two
    more cache round trips per request): here it leaves them to that one."""

    scope = "user"

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
