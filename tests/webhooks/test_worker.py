"""Done means: deliveries travel the real way. A re-rating commits, a real
Celery worker on Redis hands its public event to the webhook consumer and
posts the delivery to a receiver on loopback, which verifies it with the
README's snippet; a receiver answering 500 gets retries with growing delays
until the endpoint is disabled and its owner mailed."""

from __future__ import annotations

import json
from datetime import timedelta
from itertools import pairwise

import pytest
from django.utils import timezone

from claims.models import PublicEvent, PublicEventKind, Rating, RatingChangeKind
from claims.services.profiles import editor_profile_update
from tests.factories import ClaimFactory, UserFactory
from tests.helpers.claims import rerate
from tests.helpers.waiting import wait_until
from webhooks import services
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from webhooks.tasks import deliveries_sweep

pytestmark = [
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.usefixtures("migration_data"),
]


def test_a_rating_change_reaches_the_receiver_signed_and_replays_on_request(
    receiver, start_worker, celery_redis, verify_webhook, api_client
):
    owner = UserFactory(username="cms-bot", group="Editors")
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RATING_CHANGED]
    )
    claim = ClaimFactory(published=True, text_en="Xiaomi's AI team has over 1,200")
    start_worker()

    rerate(
        claim,
        Rating.objects.get(slug="mostly-true"),
        kind=RatingChangeKind.CORRECTION,
        reason="新的证据显示团队人数不足1200人。",
    )

    [request] = wait_until(receiver.requests, message="the delivery arrived")
    assert verify_webhook(endpoint.secret, request.headers, request.body)
    body = json.loads(request.body)
    assert body["event"]["kind"] == "rating_changed"
    assert (
        body["event"]["rating_change"]["reason"] == "新的证据显示团队人数不足1200人。"
    )
    assert body["claim"]["slug"] == claim.slug
    assert body["claim"]["rating"]["slug"] == "mostly-true"
    wait_until(
        lambda: WebhookDelivery.objects.filter(
            status=DeliveryStatus.DELIVERED
        ).exists(),
        message="the delivery was recorded as delivered",
    )

    delivery = WebhookDelivery.objects.get()
    api_client.force_authenticate(owner)
    response = api_client.post(f"/api/v1/webhooks/deliveries/{delivery.pk}/replay/")
    assert response.status_code == 202
    first, again = wait_until(
        lambda: receiver.requests() if len(receiver.requests()) == 2 else None,
        message="the replay arrived",
    )
    assert again.body == first.body
    assert verify_webhook(endpoint.secret, again.headers, again.body)
    wait_until(lambda: celery_redis.pending() == 0, message="the tasks ended")
    assert [a.replay for a in delivery.attempts.all()] == [False, True]


def test_a_failing_receiver_gets_growing_retries_then_the_owner_is_told(
    receiver, start_worker, celery_redis, mail_server
):
    receiver.status = 500
    receiver.answer = b"database down"
    owner = UserFactory(username="cms-bot", email="cms@example.org", group="Editors")
    editor_profile_update(user=owner, language="en")
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.RATING_CHANGED]
    )
    claim = ClaimFactory(published=True)
    start_worker(
        env={
            "WEBHOOK_RETRY_BASE_SECONDS": "1",
            "WEBHOOK_DISABLE_AFTER_FAILURES": "4",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mail_server.port),
            "SITE_URL": "https://tracker.example.org",
        }
    )

    rerate(claim, Rating.objects.get(slug="mostly-true"), kind="update", reason="新。")

    [mail] = wait_until(
        lambda: mail_server.to("cms@example.org"),
        timeout=60,
        message="the owner was told the endpoint was disabled",
    )
    arrivals = [request.at for request in receiver.requests()]
    assert len(arrivals) == 4
    gaps = [later - earlier for earlier, later in pairwise(arrivals)]
    # 1 s, 2 s, 4 s (plus up to a quarter): each wait longer than the last.
    assert gaps[0] >= 1 and gaps[1] >= 2 and gaps[2] >= 4
    assert gaps[0] < gaps[1] < gaps[2]

    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.disabled_at is not None
    assert endpoint.disabled_reason == "returned 500"
    assert "4 consecutive failed attempts; the last: returned 500" in mail.body
    assert mail.subject == f"Webhook disabled: {endpoint.url}"
    assert (
        f"https://tracker.example.org/admin/webhooks/webhookendpoint/{endpoint.pk}"
        "/change/" in mail.body
    )
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    attempts = list(delivery.attempts.all())
    assert [a.status_code for a in attempts] == [500] * 4
    assert all(a.response_excerpt == "database down" for a in attempts)
    assert all(a.error == "returned 500" for a in attempts)
    # The claim's change stands: deliveries start after its commit.
    claim.refresh_from_db()
    assert claim.rating.slug == "mostly-true"
    wait_until(lambda: celery_redis.pending() == 0, message="no retry is left")
    assert len(receiver.requests()) == 4
    assert WebhookEndpoint.objects.get().consecutive_failures == 4


def test_a_delivery_whose_message_was_lost_is_sent_by_the_sweep(
    receiver, start_worker, celery_redis, verify_webhook
):
    owner = UserFactory(username="cms-bot", group="Editors")
    endpoint = services.endpoint_create(
        owner=owner, url=receiver.url(), events=[PublicEventKind.PUBLISHED]
    )
    claim = ClaimFactory(published=True)
    event = PublicEvent.objects.create(
        kind=PublicEventKind.PUBLISHED, claim=claim, dispatched_at=timezone.now()
    )
    # Recorded, but its attempt never reached the broker (it was down).
    WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=event,
        kind=event.kind,
        body='{"event": {"kind": "published"}}',
        next_attempt_at=timezone.now() - timedelta(minutes=2),
    )
    start_worker()

    deliveries_sweep.delay()  # as beat sends it every minute

    [request] = wait_until(receiver.requests, message="the sweep sent it")
    assert request.body == b'{"event": {"kind": "published"}}'
    assert verify_webhook(endpoint.secret, request.headers, request.body)
    wait_until(
        lambda: WebhookDelivery.objects.filter(
            status=DeliveryStatus.DELIVERED
        ).exists(),
        message="the delivery was recorded as delivered",
    )
