"""Webhook endpoints in the admin: an editor adds one (a private address is
refused on the form), sees only their own, reads the delivery log by status
and replays a delivery; in Chinese, every label is Chinese."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import PublicEventKind, Rating
from tests.factories import ClaimFactory, UserFactory
from tests.helpers.claims import rerate
from webhooks import services
from webhooks.consumers import on_public_event
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

ADD = "admin:webhooks_webhookendpoint_add"
DELIVERIES = "admin:webhooks_webhookdelivery_changelist"


def signed_in(user, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def delivered(receiver, editor):
    endpoint = services.endpoint_create(
        owner=editor, url=receiver.url(), events=[PublicEventKind.RATING_CHANGED]
    )
    claim = ClaimFactory(published=True)
    rerate(claim, Rating.objects.get(slug="mostly-true"), kind="update", reason="新。")
    on_public_event(claim.public_events.get())
    delivery = WebhookDelivery.objects.get()
    services.delivery_attempt(delivery_id=delivery.pk)
    return endpoint, delivery


def test_an_editor_adds_an_endpoint_and_copies_its_secret(receiver, editor):
    client = signed_in(editor, "en")
    response = client.post(
        reverse(ADD),
        {"url": receiver.url(), "events": ["rating_changed", "retracted"]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.owner == editor
    assert endpoint.events == ["rating_changed", "retracted"]
    page = client.get(
        reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk])
    )
    assert endpoint.secret in page.content.decode()


def test_the_form_refuses_a_private_address_in_chinese(editor):
    client = signed_in(editor, "zh-hans")
    response = client.post(
        reverse(ADD), {"url": "http://192.168.1.20/hook", "events": ["retracted"]}
    )
    assert response.status_code == 200
    assert "无法向此地址推送：192.168.1.20 is a private address。" in (
        response.content.decode()
    )
    assert not WebhookEndpoint.objects.exists()


def test_another_editors_endpoints_and_secret_stay_hidden(delivered, second_editor):
    endpoint, _delivery = delivered
    client = signed_in(second_editor, "en")
    listed = client.get(reverse("admin:webhooks_webhookendpoint_changelist"))
    assert endpoint.url not in listed.content.decode()
    change = client.get(
        reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk])
    )
    assert change.status_code == 302  # "does not exist", back to the index
    deliveries = client.get(reverse(DELIVERIES)).content.decode()
    assert "0 webhook deliveries" in deliveries


def test_the_delivery_log_filters_by_status_and_replays(delivered, editor, receiver):
    endpoint, delivery = delivered
    client = signed_in(editor, "en")
    page = client.get(reverse(DELIVERIES), {"status__exact": "delivered"})
    assert "1 webhook delivery" in page.content.decode()
    page = client.get(reverse(DELIVERIES), {"status__exact": "failed"})
    assert "0 webhook deliveries" in page.content.decode()
    detail = html.unescape(
        client.get(
            reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk])
        ).content.decode()
    )
    assert '{"ok": true}' in detail  # the receiver's answer, in the attempt log

    response = client.post(
        reverse(DELIVERIES),
        {"action": "replay", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert "1 delivery queued to be sent again." in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED


def test_the_chinese_admin_reads_chinese(delivered, editor):
    endpoint, delivery = delivered
    client = signed_in(editor, "zh-hans")
    pages = [
        reverse("admin:index"),
        reverse(ADD),
        reverse("admin:webhooks_webhookendpoint_changelist"),
        reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk]),
        reverse(DELIVERIES),
        reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk]),
    ]
    english = re.compile(
        r"\b(Webhook endpoints?|Webhook deliver(y|ies)|events|Events|signing secret"
        r"|delivery log|Deliveries|Pending|Delivered|Failed|owner|active|status"
        r"|next attempt at|last error|response excerpt|duration \(ms\)|Rating changed"
        r"|Claim retracted|Rotate the signing secret|Send the selected deliveries)\b"
    )
    for address in pages:
        response = client.get(address)
        assert response.status_code == 200, address
        text = visible_text(response.content.decode())
        found = english.findall(text)
        assert not found, (address, found)
    add_page = visible_text(client.get(reverse(ADD)).content.decode())
    for chinese in ("网址", "事件", "评级已更改", "启用"):
        assert chinese in add_page


def test_only_the_owner_reads_the_secret(delivered, editor):
    endpoint, _delivery = delivered
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    page = signed_in(admin, "en").get(
        reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk])
    )
    assert page.status_code == 200
    assert endpoint.url in page.content.decode()
    assert endpoint.secret not in page.content.decode()
