"""The API's throttles: anonymous clients counted once, by the address the
trusted proxies saw; signed-in users by account; fixed one-minute windows."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from claims.api import throttling
from tests.helpers.api import assert_error

pytestmark = pytest.mark.django_db

LIST = reverse("api:claim-list")
# The anonymous rate is above the account rate: an anonymous client refused
# early would be counted against both.
ANON_LIMIT = 3
USER_LIMIT = 2


@pytest.fixture
def tight_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": f"{ANON_LIMIT}/minute",
            "user": f"{USER_LIMIT}/minute",
        },
    }


@pytest.fixture
def clock(monkeypatch) -> list[float]:
    """The throttles' clock, stopped on a minute boundary; add to move it."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(throttling.time, "time", lambda: now[0])
    return now


def test_anonymous_clients_are_throttled_per_address_at_the_anonymous_rate(
    anon_client, tight_rates
):
    for _ in range(ANON_LIMIT):
        assert anon_client.get(LIST).status_code == 200

    response = anon_client.get(LIST)

    error = assert_error(response, 429, "throttled")
    assert error["retry_after"] > 0
    assert int(response["Retry-After"]) > 0
    other_address = anon_client.get(LIST, REMOTE_ADDR="203.0.113.9")
    assert other_address.status_code == 200


def test_signed_in_users_are_throttled_per_account(editor_client, tight_rates):
    for _ in range(USER_LIMIT):
        assert editor_client.get(LIST).status_code == 200

    assert_error(editor_client.get(LIST), 429)
    assert_error(editor_client.get(LIST, REMOTE_ADDR="203.0.113.9"), 429)


def test_behind_one_proxy_the_forwarded_client_address_counts(
    anon_client, settings, tight_rates
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    for _ in range(ANON_LIMIT):
        response = anon_client.get(LIST, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
        assert response.status_code == 200
    assert_error(
        anon_client.get(LIST, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy), 429
    )
    # Another client behind the same proxy has its own count; a forged first
    # entry does not help the throttled one.
    other = anon_client.get(LIST, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert other.status_code == 200
    forged = anon_client.get(
        LIST, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7", **proxy
    )
    assert_error(forged, 429)


def test_without_proxies_x_forwarded_for_is_ignored(anon_client, tight_rates):
    for number in range(ANON_LIMIT):
        anon_client.get(LIST, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")

    assert_error(anon_client.get(LIST, HTTP_X_FORWARDED_FOR="198.51.100.99"), 429)


def test_a_client_refused_in_one_window_is_served_in_the_next(
    anon_client, tight_rates, clock
):
    for _ in range(ANON_LIMIT):
        assert anon_client.get(LIST).status_code == 200
    clock[0] += 45
    refused = anon_client.get(LIST)
    assert refused.status_code == 429
    # The wait named is what is left of this minute, not a whole minute.
    assert int(refused["Retry-After"]) == 15

    clock[0] += 15
    assert anon_client.get(LIST).status_code == 200


def test_the_count_is_one_number_however_many_requests_came(anon_client, clock):
    for _ in range(30):
        assert anon_client.get(LIST).status_code == 200
    # Not a log of 30 request times, read and written whole on every request.
    assert cache.get(f"throttle:anon:127.0.0.1:{int(clock[0]) // 60}") == 30
