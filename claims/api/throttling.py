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
    scope = "user"
