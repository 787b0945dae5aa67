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
