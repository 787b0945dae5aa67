"""Webhook endpoints and deliveries: the rules (README "Webhooks").

- Endpoints: created and changed through ``endpoint_create`` and
  ``endpoint_update`` (URL checked by ``url_problem``), secrets rotated by
  ``endpoint_rotate_secret`` with the old one still signing for
  ``WEBHOOK_SECRET_GRACE_HOURS``.
- Deliveries: ``deliveries_create`` records one per event and subscribed
  endpoint (a unique constraint makes a second hand-over a no-op) and queues
  an attempt after the commit. ``delivery_attempt`` leases the delivery in
  the database (one attempt at a time, whoever queued it), posts it through
  the SSRF-safe fetcher, logs the attempt and schedules the next one with
  exponential backoff, for ``WEBHOOK_RETRY_FOR_SECONDS``. After
  ``WEBHOOK_DISABLE_AFTER_FAILURES`` consecutive failed attempts the endpoint
  is disabled and its owner mailed; a success resets the count.
- ``deliveries_queue_due`` (beat, every minute) queues attempts whose
  message was lost or whose delay was too long to wait in the broker.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import logging
import random
import socket
import time
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.exceptions import StaleUpdate
from claims.fetching import FetchPolicy, Outcome, address_refusal, post, url_refusal
from claims.fetching.addresses import host_and_port
from claims.fetching.deadline import Deadline, DeadlinePassed
from claims.fetching.policy import fetch_policy
from claims.models import PublicEvent
from claims.services.outbox import PUBLISH_RETRY_POLICY

from .models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    new_secret,
)
from .notices import endpoint_disabled_mail_send
from .signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature_header,
)

logger = logging.getLogger(__name__)

ATTEMPT_TASK = "webhooks.tasks.delivery_attempt"
REPLAY_TASK = "webhooks.tasks.delivery_replay"
EXCERPT_CHARS = 1000
# Share of a retry's delay added at random, so endpoints that failed
# together are not retried together.
JITTER = 0.25
# A delivery due this long without an attempt lost its message: the sweep
# queues it.
SWEEP_GRACE = timedelta(minutes=1)
SWEEP_BATCH = 500
# The longest wait for a name lookup when an endpoint is saved.
LOOKUP_SECONDS = 3.0
UPDATABLE_FIELDS = frozenset({"url", "events", "description", "active"})


# --- endpoints --------------------------------------------------------------------


def webhook_policy() -> FetchPolicy:
    """The fetcher's policy for deliveries: the evidence checks' address
    rules and time limits; no robots.txt, no redirect, a small answer."""
    return dataclasses.replace(
        fetch_policy(),
        user_agent=settings.WEBHOOK_USER_AGENT,
        respect_robots=False,
        max_redirects=0,
        max_bytes=settings.WEBHOOK_RESPONSE_MAX_BYTES,
        robots_cache=None,
    )


def url_problem(url: str) -> str | None:
    """Why deliveries may not go to ``url``, or None.

    The fetcher's rules (http or https, port 80 or 443, no user name), then
    the address: an IP address, or each address the name resolves to now,
    must be public. A name that does not resolve yet is accepted: every
    delivery checks the address again before it connects.
    """
    policy = webhook_policy()
    refusal = url_refusal(url, policy)
    if refusal:
        return refusal
    if host_and_port(url) in policy.unsafe_allowed_hosts:
        return None
    host = urlsplit(url).hostname or ""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = Deadline(LOOKUP_SECONDS).run(
                socket.getaddrinfo, host, None, 0, socket.SOCK_STREAM
            )
        except (OSError, UnicodeError, DeadlinePassed):
            return None
        addresses = [
            ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos
        ]
    for address in addresses:
        refusal = address_refusal(address)
        if refusal:
            return refusal
    return None


def _check_url(url: str) -> None:
    problem = url_problem(url)
    if problem:
        raise ValidationError(
            {
                "url": ValidationError(
                    _("Deliveries cannot go to this address: %(problem)s.")
                    % {"problem": problem},
                    code="refused",
                )
            }
        )


def endpoint_create(
    *,
    owner,
    url: str,
    events: list[str],
    description: str = "",
    active: bool = True,
) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(
        owner=owner, url=url, events=events, description=description, active=active
    )
    endpoint.full_clean()
    _check_url(endpoint.url)
    endpoint.save()
    return endpoint


@transaction.atomic
def endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    fields: dict[str, Any],
    updated_at: datetime | None = None,
) -> WebhookEndpoint:
    """Change the allowed fields; an endpoint made active again starts with
    no failures counted. With ``updated_at`` (what the API client read), a
    change to an endpoint changed since is refused with ``StaleUpdate``."""
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise ValueError(f"fields not updatable: {sorted(unknown)}")
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if updated_at is not None and endpoint.updated_at != updated_at:
        raise StaleUpdate(
            current={"updated_at": timezone.localtime(endpoint.updated_at).isoformat()}
        )
    for name, value in fields.items():
        setattr(endpoint, name, value)
    if fields.get("active"):
        endpoint.disabled_at = None
        endpoint.disabled_reason = ""
        endpoint.consecutive_failures = 0
    endpoint.full_clean()
    if "url" in fields:
        _check_url(endpoint.url)
    endpoint.save()
    return endpoint


def endpoint_rotate_secret(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new secret; the old one keeps signing until the grace period ends."""
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        endpoint.previous_secret = endpoint.secret
        endpoint.previous_secret_expires_at = timezone.now() + timedelta(
            hours=settings.WEBHOOK_SECRET_GRACE_HOURS
        )
        endpoint.secret = new_secret()
        endpoint.save(
            update_fields=[
                "secret",
                "previous_secret",
                "previous_secret_expires_at",
                "updated_at",
            ]
        )
    return endpoint


def endpoints_subscribed(kind: str) -> list[WebhookEndpoint]:
    """Active endpoints that asked for ``kind`` (few: filtered here, as the
    JSON list cannot be searched alike on SQLite and PostgreSQL)."""
    return [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(active=True)
        if endpoint.subscribes_to(kind)
    ]


# --- deliveries -------------------------------------------------------------------


def deliveries_create(
    *, event: PublicEvent, body: str, endpoints: list[WebhookEndpoint]
) -> int:
    """One delivery of ``body`` per endpoint, unless it exists; attempts
    queued after the commit. Returns how many were new."""
    existing = set(
        WebhookDelivery.objects.filter(event=event).values_list(
            "endpoint_id", flat=True
        )
    )
    new = [
        WebhookDelivery(endpoint=endpoint, event=event, kind=event.kind, body=body)
        for endpoint in endpoints
        if endpoint.pk not in existing
    ]
    WebhookDelivery.objects.bulk_create(new, ignore_conflicts=True)
    ids = list(
        WebhookDelivery.objects.filter(
            event=event, attempt_count=0, status=DeliveryStatus.PENDING
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(partial(_enqueue, ATTEMPT_TASK, ids), robust=True)
    return len(new)


def _enqueue(task: str, ids: list[int], countdown: float | None = None) -> None:
    for delivery_id in ids:
        try:
            current_app.send_task(
                task,
                kwargs={"delivery_id": delivery_id},
                countdown=countdown,
                retry=True,
                retry_policy=PUBLISH_RETRY_POLICY,
            )
        except Exception:  # the broker is down: the sweep queues it later
            logger.exception("could not queue webhook delivery %s", delivery_id)


def retry_delay(attempt_count: int) -> timedelta:
    """The wait after the ``attempt_count``-th failed attempt: the base
    doubled each time, plus up to a quarter at random."""
    base = settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt_count - 1)
    return timedelta(seconds=base * (1 + random.random() * JITTER))  # noqa: S311


def _lease(delivery_id: int) -> bool:
    """Take the delivery for one attempt if it is due (one taker wins)."""
    now = timezone.now()
    lease = timedelta(seconds=settings.FETCH_TOTAL_DEADLINE + 30)
    return bool(
        WebhookDelivery.objects.filter(
            pk=delivery_id,
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=now,
        ).update(next_attempt_at=now + lease)
    )


@dataclasses.dataclass(frozen=True)
class Sent:
    succeeded: bool
    status_code: int | None
    duration_ms: int
    excerpt: str
    error: str


def _send(delivery: WebhookDelivery) -> Sent:
    endpoint = delivery.endpoint
    body = delivery.body.encode("utf-8")
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Accept": "*/*",
        DELIVERY_HEADER: str(delivery.pk),
        EVENT_HEADER: delivery.kind,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature_header(endpoint.signing_secrets(), timestamp, body),
    }
    started = time.monotonic()
    result = post(endpoint.url, policy=webhook_policy(), body=body, headers=headers)
    duration_ms = int((time.monotonic() - started) * 1000)
    excerpt = result.body[: EXCERPT_CHARS * 4].decode("utf-8", errors="replace")
    ok = result.outcome == Outcome.OK
    return Sent(
        succeeded=ok,
        status_code=result.status,
        duration_ms=duration_ms,
        excerpt=excerpt[:EXCERPT_CHARS],
        error="" if ok else result.reason,
    )


def _record(
    delivery_id: int, sent: Sent, *, replay: bool, started_at: datetime
) -> WebhookDelivery:
    """Log the attempt on the delivery (locked; in the caller's transaction)
    and mark it delivered when it succeeded. The caller saves it."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    WebhookAttempt.objects.create(
        delivery=delivery,
        started_at=started_at,
        duration_ms=sent.duration_ms,
        status_code=sent.status_code,
        succeeded=sent.succeeded,
        replay=replay,
        response_excerpt=sent.excerpt,
        error=sent.error,
    )
    delivery.attempt_count += 1
    delivery.last_status_code = sent.status_code
    delivery.last_error = sent.error
    if sent.succeeded:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
    return delivery


def delivery_attempt(*, delivery_id: int) -> Sent | None:
    """One attempt of a due delivery; None when it is not due (delivered,
    given up, or being attempted elsewhere)."""
    if not _lease(delivery_id):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    if not delivery.endpoint.active:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.FAILED,
            next_attempt_at=None,
            last_error=_("The endpoint is disabled."),
        )
        return None
    started_at = timezone.now()
    sent = _send(delivery)
    retry_in = None
    with transaction.atomic():
        delivery = _record(delivery_id, sent, replay=False, started_at=started_at)
        now = timezone.now()
        if not sent.succeeded:
            delay = retry_delay(delivery.attempt_count)
            give_up_at = delivery.created_at + timedelta(
                seconds=settings.WEBHOOK_RETRY_FOR_SECONDS
            )
            if now + delay <= give_up_at:
                delivery.next_attempt_at = now + delay
                retry_in = delay.total_seconds()
            else:
                delivery.status = DeliveryStatus.FAILED
                delivery.next_attempt_at = None
        delivery.save()
        _endpoint_count(delivery.endpoint_id, sent)
    if retry_in is not None and retry_in <= settings.WEBHOOK_COUNTDOWN_MAX_SECONDS:
        _enqueue(ATTEMPT_TASK, [delivery_id], countdown=retry_in)
    logger.info(
        "webhook delivery %s attempt %s: %s",
        delivery_id,
        delivery.attempt_count,
        "delivered" if sent.succeeded else sent.error,
    )
    return sent


def _endpoint_count(endpoint_id: int, sent: Sent) -> None:
    """Reset or count the endpoint's consecutive failures (in the attempt's
    transaction); disable it at the limit."""
    if sent.succeeded:
        WebhookEndpoint.objects.filter(pk=endpoint_id).update(consecutive_failures=0)
        return
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
    limit = settings.WEBHOOK_DISABLE_AFTER_FAILURES
    if endpoint.consecutive_failures < limit or endpoint.disabled_at is not None:
        return
    endpoint.active = False
    endpoint.disabled_at = timezone.now()
    endpoint.disabled_reason = sent.error
    endpoint.save(update_fields=["active", "disabled_at", "disabled_reason"])
    endpoint.deliveries.filter(status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED,
        next_attempt_at=None,
        last_error=_("The endpoint was disabled."),
    )
    logger.warning("webhook endpoint %s disabled: %s", endpoint_id, sent.error)
    transaction.on_commit(
        partial(endpoint_disabled_mail_send, endpoint_id=endpoint_id), robust=True
    )


def delivery_replay(*, delivery: WebhookDelivery) -> None:
    """Queue one more attempt of ``delivery`` (same body, fresh signature).

    Refused while its endpoint is disabled: make it active first.
    """
    if not delivery.endpoint.active:
        raise ValidationError(
            _("The endpoint is disabled: make it active again, then replay."),
            code="disabled",
        )
    _enqueue(REPLAY_TASK, [delivery.pk])


def delivery_replay_send(*, delivery_id: int) -> Sent | None:
    """The replay itself: one POST now, logged. A success marks the delivery
    delivered (retries end); a failure leaves its schedule as it was."""
    delivery = (
        WebhookDelivery.objects.select_related("endpoint")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or not delivery.endpoint.active:
        return None
    started_at = timezone.now()
    sent = _send(delivery)
    with transaction.atomic():
        delivery = _record(delivery_id, sent, replay=True, started_at=started_at)
        delivery.save()
        _endpoint_count(delivery.endpoint_id, sent)
    return sent


def deliveries_queue_due(now=None) -> int:
    """Queue attempts of deliveries overdue by more than a minute (lost
    messages, long delays). Returns how many were queued."""
    now = now or timezone.now()
    ids = list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now - SWEEP_GRACE
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    _enqueue(ATTEMPT_TASK, ids)
    return len(ids)
