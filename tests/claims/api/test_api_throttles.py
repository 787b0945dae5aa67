"""The API's throttles: anonymous clients are counted once, by address."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:claim-list")


@pytest.fixture
def rates(settings):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "5/minute", "user": "2/minute"},
    }
    yield
    cache.clear()


def test_anonymous_clients_are_limited_by_the_anonymous_rate_only(rates):
    client = APIClient()
    for _ in range(5):
        assert client.get(LIST).status_code == 200
    assert client.get(LIST).status_code == 429


def test_signed_in_users_are_limited_by_the_account_rate(rates):
    client = APIClient()
    client.force_authenticate(UserFactory(group="Editors"))
    for _ in range(2):
        assert client.get(LIST).status_code == 200
    assert client.get(LIST).status_code == 429


def test_a_client_refused_in_one_window_is_served_in_the_next(rates, monkeypatch):
    from claims.api import throttling

    now = [1_800_000_000.0]  # on a minute boundary
    monkeypatch.setattr(throttling.time, "time", lambda: now[0])
    client = APIClient()
    for _ in range(5):
        assert client.get(LIST).status_code == 200
    now[0] += 45
    refused = client.get(LIST)
    assert refused.status_code == 429
    # The wait named is what is left of this minute, not a whole minute.
    assert int(refused["Retry-After"]) == 15

    now[0] += 15
    assert client.get(LIST).status_code == 200


def test_the_count_is_one_number_however_many_requests_came(
    rates, settings, monkeypatch
):
    from django.core.cache import cache

    from claims.api import throttling

    monkeypatch.setattr(throttling.time, "time", lambda: 1_800_000_000.0)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute", "user": "1000/minute"},
    }
    client = APIClient()
    for _ in range(30):
        assert client.get(LIST).status_code == 200
    # Not a log of 30 request times, read and written whole on every request.
    assert cache.get(f"throttle:anon:127.0.0.1:{1_800_000_000 // 60}") == 30
