"""Password guessing on the admin login: locked out per user name and address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client, RequestFactory

from tracker.security import client_ip

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def lockout(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def attempt(client: Client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_wrong_passwords_lock_the_account_until_the_cool_off_has_passed(
    lockout, editor
):
    client = Client()
    for _ in range(2):
        response = attempt(client, editor.username, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in (
            response.content.decode()
        )
    assert attempt(client, editor.username, "wrong").status_code == 429

    # Locked: even the right password is refused.
    refused = attempt(client, editor.username, "pw-for-tests")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session

    # Another address is not locked out for this user name.
    assert (
        attempt(Client(), editor.username, "pw-for-tests", "198.51.100.2").status_code
        == 302
    )

    # Fifteen minutes later (the attempts moved back in time): accepted.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    accepted = attempt(client, editor.username, "pw-for-tests")
    assert accepted.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_behind_one_proxy_the_lockout_counts_the_address_the_proxy_saw(
    lockout, editor, settings
):
    settings.NUM_PROXIES = 1
    proxy = "10.0.0.5"

    def via_proxy(forwarded: str, password: str = "wrong"):  # noqa: S107
        return Client().post(
            LOGIN,
            {"username": editor.username, "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    # The attacker varies a spoofed left-hand entry; the proxy's entry stays.
    for index in range(3):
        via_proxy(f"192.0.2.{index}, 203.0.113.7")
    assert via_proxy("192.0.2.99, 203.0.113.7", "pw-for-tests").status_code == 429
    # Another client behind the same proxy can still sign in.
    assert via_proxy("198.51.100.2", "pw-for-tests").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.5"),
        (1, "", "10.0.0.5"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "192.0.2.1, 203.0.113.7", "203.0.113.7"),
        (2, "192.0.2.1, 203.0.113.7, 10.0.0.4", "203.0.113.7"),
        (2, "203.0.113.7", "203.0.113.7"),
    ],
)
def test_client_ip_takes_the_entry_the_trusted_proxies_appended(
    settings, proxies, forwarded, expected
):
    settings.NUM_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5")
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(request) == expected
