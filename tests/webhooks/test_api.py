"""/api/v1/webhooks/: an API client's own endpoints, checked against the
OpenAPI schema (SchemaCheckedAPIClient)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import PublicEvent, PublicEventKind, Rating
from tests.factories import ClaimFactory, UserFactory
from tests.helpers.claims import rerate
from webhooks import services
from webhooks.consumers import on_public_event
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

LIST = "/api/v1/webhooks/"


@pytest.fixture
def owner():
    return UserFactory(username="cms-bot", group="Editors")


@pytest.fixture
def client_of(api_client, owner):
    api_client.force_authenticate(owner)
    return api_client


def test_a_client_creates_an_endpoint_and_sees_its_secret_once(
    client_of, receiver, owner
):
    response = client_of.post(
        LIST,
        {"url": receiver.url(), "events": ["rating_changed", "retracted"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    endpoint = WebhookEndpoint.objects.get(owner=owner)
    assert created["secret"] == endpoint.secret
    assert created["events"] == ["rating_changed", "retracted"]
    assert created["active"] is True

    shown = client_of.get(f"{LIST}{endpoint.pk}/").json()
    assert "secret" not in shown
    listed = client_of.get(LIST).json()
    assert [item["id"] for item in listed["results"]] == [endpoint.pk]
    assert "secret" not in listed["results"][0]


def test_a_private_address_is_a_400_naming_the_reason(client_of, english):
    response = client_of.post(
        LIST,
        {"url": "http://169.254.169.254/latest/", "events": ["retracted"]},
        format="json",
    )
    assert response.status_code == 400
    [message] = response.json()["error"]["fields"]["url"]
    assert "169.254.169.254 is a link-local address" in message
    assert not WebhookEndpoint.objects.exists()


def test_unknown_events_and_no_events_are_refused(client_of, receiver):
    for events in (["rating_changed", "exploded"], []):
        response = client_of.post(
            LIST, {"url": receiver.url(), "events": events}, format="json"
        )
        assert response.status_code == 400
        assert "events" in response.json()["error"]["fields"] or any(
            name.startswith("events") for name in response.json()["error"]["fields"]
        )


def test_an_owner_cannot_see_or_touch_another_owners_endpoints(
    client_of, receiver, owner
):
    other = UserFactory(username="other-bot", group="Editors")
    theirs = services.endpoint_create(
        owner=other, url=receiver.url(), events=[PublicEventKind.RETRACTED]
    )
    assert client_of.get(LIST).json()["results"] == []
    for method, path in (
        ("get", f"{LIST}{theirs.pk}/"),
        ("patch", f"{LIST}{theirs.pk}/"),
        ("delete", f"{LIST}{theirs.pk}/"),
        ("post", f"{LIST}{theirs.pk}/rotate-secret/"),
        ("get", f"{LIST}{theirs.pk}/deliveries/"),
    ):
        response = getattr(client_of, method)(path, {}, format="json")
        assert response.status_code == 404, (method, path)
    theirs.refresh_from_db()
    assert theirs.active


def test_update_rotate_deliveries_and_delete(client_of, receiver, owner):
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RATING_CHANGED]
    )
    old_secret = endpoint.secret
    read = client_of.get(f"{LIST}{endpoint.pk}/").json()
    response = client_of.patch(
        f"{LIST}{endpoint.pk}/",
        {
            "updated_at": read["updated_at"],
            "description": "Our CMS",
            "events": ["rating_changed", "published"],
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["events"] == ["rating_changed", "published"]
    stale = client_of.patch(
        f"{LIST}{endpoint.pk}/",
        {"updated_at": read["updated_at"], "description": "Theirs"},
        format="json",
    )
    assert stale.status_code == 409
    assert (
        stale.json()["error"]["current"]["updated_at"] == response.json()["updated_at"]
    )
    unknown = client_of.patch(
        f"{LIST}{endpoint.pk}/",
        {"updated_at": response.json()["updated_at"], "secret": "mine"},
        format="json",
    )
    assert unknown.status_code == 400
    assert "secret" in unknown.json()["error"]["fields"]

    rotated = client_of.post(f"{LIST}{endpoint.pk}/rotate-secret/").json()
    assert rotated["secret"] not in ("", old_secret)
    assert rotated["previous_secret_expires_at"] is not None

    claim = ClaimFactory(published=True)
    rerate(claim, Rating.objects.get(slug="mostly-true"), kind="update", reason="新。")
    on_public_event(claim.public_events.get())
    delivery = WebhookDelivery.objects.get()
    services.delivery_attempt(delivery_id=delivery.pk)
    page = client_of.get(f"{LIST}{endpoint.pk}/deliveries/").json()
    [shown] = page["results"]
    assert shown["id"] == delivery.pk
    assert shown["status"] == "delivered"
    assert shown["attempts"][0]["status_code"] == 200
    assert (
        client_of.get(f"{LIST}{endpoint.pk}/deliveries/?status=failed").json()[
            "results"
        ]
        == []
    )
    assert client_of.get(f"{LIST}{endpoint.pk}/deliveries/?status=x").status_code == 400

    replay = client_of.post(f"{LIST}deliveries/{delivery.pk}/replay/")
    assert replay.status_code == 202

    assert client_of.delete(f"{LIST}{endpoint.pk}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_re_enabling_a_disabled_endpoint_clears_its_failures(
    client_of, receiver, owner
):
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RETRACTED]
    )
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        active=False, consecutive_failures=15, disabled_reason="15 failed"
    )
    endpoint.refresh_from_db()
    response = client_of.patch(
        f"{LIST}{endpoint.pk}/",
        {"active": True, "updated_at": endpoint.updated_at.isoformat()},
        format="json",
    )
    body = response.json()
    assert body["active"] is True
    assert body["consecutive_failures"] == 0 and body["disabled_reason"] == ""


def test_anonymous_clients_and_accounts_without_permission_are_refused(
    api_client, receiver
):
    assert api_client.get(LIST).status_code == 401
    api_client.force_authenticate(UserFactory(username="reader"))
    assert api_client.get(LIST).status_code == 403


def test_the_delivery_log_costs_as_many_queries_for_many_rows(
    client_of, owner, receiver
):
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.PUBLISHED]
    )
    claim = ClaimFactory(published=True)

    def add(count: int) -> None:
        for _ in range(count):
            event = PublicEvent.objects.create(kind="published", claim=claim)
            delivery = WebhookDelivery.objects.create(
                endpoint=endpoint, event=event, kind="published", body="{}"
            )
            WebhookAttempt.objects.create(delivery=delivery, status_code=500)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client_of.get(f"{LIST}{endpoint.pk}/deliveries/")
        assert response.status_code == 200
        return len(captured)

    add(2)
    queries()  # the account's permissions, read once and kept
    few = queries()
    add(20)
    assert queries() == few
