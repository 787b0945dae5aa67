"""Deliveries made by the services in this process, to a receiver on
loopback: the body, the signature the README's snippet verifies, rotation,
retries' schedule, the address rules and replay."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from claims import selectors
from claims.api.views.base import claim_detail_data
from claims.models import PublicEvent, PublicEventKind, Rating, RatingChangeKind
from tests.factories import ClaimFactory, UserFactory
from tests.helpers.claims import rerate
from webhooks import services
from webhooks.consumers import on_public_event
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(username="cms-bot", email="cms@example.org", group="Editors")


def rerated_event(claim) -> PublicEvent:
    rerate(
        claim,
        Rating.objects.get(slug="mostly-true"),
        kind=RatingChangeKind.CORRECTION,
        reason="新的证据显示团队人数不足1200人。",
        reason_en="New evidence puts the team below 1,200.",
    )
    return claim.public_events.get(kind=PublicEventKind.RATING_CHANGED)


def deliver(event: PublicEvent) -> WebhookDelivery:
    on_public_event(event)
    delivery = WebhookDelivery.objects.get(event=event)
    services.delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    return delivery


def test_a_rating_change_arrives_signed_with_the_claim_as_the_api_shows_it(
    receiver, owner, verify_webhook
):
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RATING_CHANGED]
    )
    claim = ClaimFactory(published=True)
    delivery = deliver(rerated_event(claim))

    [request] = receiver.requests()
    assert verify_webhook(endpoint.secret, request.headers, request.body)
    assert not verify_webhook("whsec_wrong", request.headers, request.body)
    assert request.headers["Tracker-Delivery"] == str(delivery.pk)
    assert request.headers["Tracker-Event"] == "rating_changed"
    assert request.headers["User-Agent"].startswith("ClaimTrackerWebhooks/")
    body = json.loads(request.body)
    assert body["event"]["kind"] == "rating_changed"
    assert (
        body["event"]["rating_change"]["reason"] == "新的证据显示团队人数不足1200人。"
    )
    assert body["event"]["rating_change"]["to_rating"]["slug"] == "mostly-true"
    # Times read as the API writes them: the site's time zone.
    assert body["event"]["occurred_at"].endswith("+08:00")
    assert body["event"]["rating_change"]["changed_at"] == body["claim"]["rated_at"]
    shown = claim_detail_data(
        selectors.claim_get_visible(user=AnonymousUser(), slug=claim.slug)
    )
    assert body["claim"] == json.loads(json.dumps(shown, default=str))
    assert delivery.status == DeliveryStatus.DELIVERED
    [attempt] = delivery.attempts.all()
    assert attempt.status_code == 200 and attempt.succeeded
    assert attempt.response_excerpt == '{"ok": true}'


def test_the_signature_fails_on_a_changed_body_or_an_old_timestamp(
    receiver, owner, verify_webhook
):
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RATING_CHANGED]
    )
    deliver(rerated_event(ClaimFactory(published=True)))
    [request] = receiver.requests()
    assert not verify_webhook(endpoint.secret, request.headers, request.body + b" ")
    assert not verify_webhook(
        endpoint.secret, request.headers, request.body, tolerance=-1
    )


def test_an_endpoint_gets_only_the_events_it_chose_and_each_once(receiver, owner):
    services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RETRACTED]
    )
    chosen = services.endpoint_create(
        owner=owner, url=receiver.url("/b"), events=[PublicEventKind.RATING_CHANGED]
    )
    event = rerated_event(ClaimFactory(published=True))
    on_public_event(event)
    on_public_event(event)  # handed over twice (the sweep after a lost ack)
    assert list(WebhookDelivery.objects.values_list("endpoint", flat=True)) == [
        chosen.pk
    ]


def test_both_secrets_sign_during_the_grace_period_then_only_the_new_one(
    receiver, owner, verify_webhook
):
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RATING_CHANGED]
    )
    old_secret = endpoint.secret
    endpoint = services.endpoint_rotate_secret(endpoint=endpoint)
    assert endpoint.secret != old_secret
    claim = ClaimFactory(published=True)
    deliver(rerated_event(claim))
    [request] = receiver.requests()
    assert request.headers["Tracker-Signature"].count("v1=") == 2
    assert verify_webhook(old_secret, request.headers, request.body)
    assert verify_webhook(endpoint.secret, request.headers, request.body)

    endpoint.previous_secret_expires_at = timezone.now() - timedelta(seconds=1)
    endpoint.save()
    claim.refresh_from_db()
    rerate(
        claim, Rating.objects.get(slug="half-true"), kind="update", reason="又变了。"
    )
    deliver(claim.public_events.filter(kind="rating_changed").last())
    later = receiver.requests()[-1]
    assert later.headers["Tracker-Signature"].count("v1=") == 1
    assert not verify_webhook(old_secret, later.headers, later.body)
    assert verify_webhook(endpoint.secret, later.headers, later.body)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://127.0.0.1/hook", "loopback"),
        ("http://localhost/hook", "loopback"),
        ("http://10.1.2.3/hook", "private"),
        ("http://192.168.0.10/hook", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]/hook", "loopback"),
        ("ftp://files.example.org/hook", "http:// or https://"),
        ("https://cms.example.org:8443/hook", "port"),
    ],
)
def test_a_private_or_unusable_address_is_refused_with_the_reason(
    owner, url, problem, english
):
    with pytest.raises(ValidationError) as refused:
        services.endpoint_create(
            owner=owner, url=url, events=[PublicEventKind.RATING_CHANGED]
        )
    assert problem in " ".join(refused.value.message_dict["url"])


def test_an_address_that_turns_private_is_refused_at_delivery(receiver, owner):
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RATING_CHANGED]
    )
    # Its name now resolves to a loopback address (as a DNS change would do).
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url="http://localhost/hook")
    delivery = deliver(rerated_event(ClaimFactory(published=True)))
    assert receiver.requests() == []
    assert delivery.status == DeliveryStatus.PENDING  # retried later
    [attempt] = delivery.attempts.all()
    assert not attempt.succeeded and attempt.status_code is None
    assert "is a loopback address" in attempt.error


def test_a_failed_attempt_is_retried_later_each_time_longer(receiver, owner, settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60
    receiver.status = 503
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RATING_CHANGED]
    )
    delivery = deliver(rerated_event(ClaimFactory(published=True)))
    waits = []
    for _ in range(3):
        waits.append(delivery.next_attempt_at - timezone.now())
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            next_attempt_at=timezone.now()
        )
        services.delivery_attempt(delivery_id=delivery.pk)
        delivery.refresh_from_db()
    assert timedelta(seconds=55) < waits[0] < timedelta(seconds=76)
    assert timedelta(seconds=115) < waits[1] < timedelta(seconds=151)
    assert timedelta(seconds=235) < waits[2] < timedelta(seconds=301)
    assert [a.status_code for a in delivery.attempts.all()] == [503] * 4
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 4


def test_a_delivery_is_given_up_a_day_after_the_event(receiver, owner):
    receiver.status = 500
    services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RATING_CHANGED]
    )
    event = rerated_event(ClaimFactory(published=True))
    on_public_event(event)
    delivery = WebhookDelivery.objects.get(event=event)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - timedelta(hours=23, minutes=59, seconds=30)
    )
    services.delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.next_attempt_at is None


def test_a_success_resets_the_failure_count(receiver, owner):
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RATING_CHANGED]
    )
    endpoint.consecutive_failures = 7
    endpoint.save()
    deliver(rerated_event(ClaimFactory(published=True)))
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0


def test_a_replay_sends_the_same_body_signed_again(receiver, owner, verify_webhook):
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RATING_CHANGED]
    )
    delivery = deliver(rerated_event(ClaimFactory(published=True)))
    services.delivery_replay_send(delivery_id=delivery.pk)
    first, again = receiver.requests()
    assert again.body == first.body
    assert again.headers["Tracker-Delivery"] == first.headers["Tracker-Delivery"]
    assert verify_webhook(endpoint.secret, again.headers, again.body)
    assert [a.replay for a in delivery.attempts.all()] == [False, True]


def test_a_disabled_endpoint_cannot_be_replayed_until_made_active(
    receiver, owner, english
):
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RATING_CHANGED]
    )
    delivery = deliver(rerated_event(ClaimFactory(published=True)))
    services.endpoint_update(endpoint=endpoint, fields={"active": False})
    delivery.refresh_from_db()
    with pytest.raises(ValidationError, match="make it active again"):
        services.delivery_replay(delivery=delivery)


def test_the_disabled_notice_is_in_the_owners_language(
    receiver, owner, settings, mail_server, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 1
    receiver.status = 500
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RATING_CHANGED]
    )
    event = rerated_event(ClaimFactory(published=True))
    on_public_event(event)
    delivery = WebhookDelivery.objects.get(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_attempt(delivery_id=delivery.pk)
    [mail] = mail_server.to("cms@example.org")  # no profile: the site's Chinese
    assert mail.subject == f"网络钩子已停用：{endpoint.url}"
    assert "连续失败 1 次；最近一次：returned 500" in mail.body
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
