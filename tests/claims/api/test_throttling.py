import pytest
from django.urls import reverse

from tests.helpers.api import assert_error

pytestmark = pytest.mark.django_db

LIST = reverse("api:claim-list")


@pytest.fixture
def tight_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "3/minute"},
    }


def test_anonymous_clients_are_throttled_per_address(anon_client, tight_rates):
    for _ in range(2):
        assert anon_client.get(LIST).status_code == 200

    response = anon_client.get(LIST)

    error = assert_error(response, 429, "throttled")
    assert error["retry_after"] > 0
    assert int(response["Retry-After"]) > 0
    other_address = anon_client.get(LIST, REMOTE_ADDR="203.0.113.9")
    assert other_address.status_code == 200


def test_signed_in_users_are_throttled_per_account(editor_client, tight_rates):
    for _ in range(3):
        assert editor_client.get(LIST).status_code == 200

    assert_error(editor_client.get(LIST), 429)
    assert_error(editor_client.get(LIST, REMOTE_ADDR="203.0.113.9"), 429)


def test_behind_one_proxy_the_forwarded_client_address_counts(
    anon_client, settings, tight_rates
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    for _ in range(2):
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
    for number in range(2):
        anon_client.get(LIST, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")

    assert_error(anon_client.get(LIST, HTTP_X_FORWARDED_FOR="198.51.100.99"), 429)
