"""The mails each public event owes, and sending each of them once.

``deliveries_record`` is the consumer of public events
(``settings.PUBLIC_EVENT_CONSUMERS``): it finds the subscriptions an event
touches and records one ``Delivery`` per subscriber (a unique constraint:
dispatching an event twice records nothing twice), immediate when any of
the subscriber's matching subscriptions is, else for the daily digest.

Who is told about what:

- a followed claim: every event of that claim;
- a followed speaker, topic or search: a claim of theirs (or matching the
  search) newly published, re-rated, retracted, or past its deadline; not
  "under review" or "repeated in another article", which concern one
  claim's followers.

Sending: a sender claims a row in one UPDATE (``pending``, or ``sending``
whose lease has run out, becomes ``sending`` with a new lease and token)
before it talks to the mail server, and marks it ``sent`` once the server
has accepted the mail. A worker killed mid-batch leaves its rows
``sending``; once their lease runs out another sender takes them. Only a
worker killed between the server's acceptance and the commit of ``sent``
can cause a second copy, and that copy has the same ``Message-ID``.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from claims.models import PublicEvent, PublicEventKind
from follows.models import (
    Delivery,
    DeliveryState,
    Frequency,
    Subscriber,
    Subscription,
    TargetKind,
)

from .mails import digest_mail, event_mail
from .targets import claim_matches_search

logger = logging.getLogger(__name__)

# The events a speaker's, a topic's or a search's followers are told of.
WIDE_EVENT_KINDS = frozenset(
    {
        PublicEventKind.PUBLISHED,
        PublicEventKind.RATING_CHANGED,
        PublicEventKind.RETRACTED,
        PublicEventKind.DEADLINE_PASSED,
    }
)
SEND_TASK = "follows.tasks.deliveries_send"
# An immediate delivery not sent this long after it was recorded was never
# queued (broker down) or its worker died: the sweep queues it.
SEND_GRACE = timedelta(minutes=1)


# --- recording ------------------------------------------------------------------


def subscriptions_for_event(event: PublicEvent) -> list[Subscription]:
    """The subscriptions ``event`` concerns (see the module)."""
    claim = event.claim
    matching = Q(claim=claim)
    wide = event.kind in WIDE_EVENT_KINDS
    if wide:
        matching |= Q(speaker_id=claim.speaker_id)
        matching |= Q(topic__in=claim.topics.values("pk"))
    found = list(
        Subscription.objects.filter(matching).exclude(target_kind=TargetKind.SEARCH)
    )
    if wide:
        searches = Subscription.objects.filter(target_kind=TargetKind.SEARCH)
        queries = set(searches.values_list("query", flat=True).distinct())
        matched = {
            query for query in queries if claim_matches_search(claim=claim, query=query)
        }
        if matched:
            found += list(searches.filter(query__in=matched))
    return found


def deliveries_record(event: PublicEvent) -> int:
    """Record the deliveries ``event`` owes (idempotent) and queue the
    immediate ones after the commit; returns how many subscribers it
    concerns."""
    frequencies: dict[int, str] = {}
    for subscription in subscriptions_for_event(event):
        if frequencies.get(subscription.subscriber_id) != Frequency.IMMEDIATE:
            frequencies[subscription.subscriber_id] = subscription.frequency
    if not frequencies:
        return 0
    Delivery.objects.bulk_create(
        [
            Delivery(event=event, subscriber_id=subscriber_id, frequency=frequency)
            for subscriber_id, frequency in frequencies.items()
        ],
        ignore_conflicts=True,
    )
    immediate = list(
        Delivery.objects.filter(
            event=event, frequency=Frequency.IMMEDIATE, state=DeliveryState.PENDING
        ).values_list("pk", flat=True)
    )
    if immediate:
        transaction.on_commit(lambda: deliveries_enqueue(immediate), robust=True)
    return len(frequencies)


def deliveries_enqueue(ids: list[int]) -> None:
    """Queue sending ``ids`` in batches; a broker that is down leaves them
    for the sweep."""
    from celery import current_app

    from claims.services.outbox import PUBLISH_RETRY_POLICY

    batch = settings.FOLLOW_SEND_BATCH
    for start in range(0, len(ids), batch):
        try:
            current_app.send_task(
                SEND_TASK,
                kwargs={"delivery_ids": ids[start : start + batch]},
                retry=True,
                retry_policy=PUBLISH_RETRY_POLICY,
            )
        except Exception:  # the broker is down: the sweep queues them later
            logger.exception("could not queue %s follow mails", len(ids))


# --- claiming and sending -------------------------------------------------------


def _claimable(now: datetime) -> Q:
    return Q(state=DeliveryState.PENDING) | Q(
        state=DeliveryState.SENDING, lease_until__lt=now
    )


def deliveries_claim(ids: Iterable[int], *, now: datetime | None = None) -> str | None:
    """Take the rows of ``ids`` nobody holds (one UPDATE); returns the lease
    token the taken rows carry, None when none was free."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    taken = (
        Delivery.objects.filter(pk__in=list(ids))
        .filter(_claimable(now))
        .update(
            state=DeliveryState.SENDING,
            lease_until=now + timedelta(seconds=settings.FOLLOW_SEND_LEASE_SECONDS),
            lease_token=token,
            attempts=F("attempts") + 1,
        )
    )
    return token if taken else None


def _held(token: str) -> QuerySet[Delivery]:
    return Delivery.objects.filter(lease_token=token, state=DeliveryState.SENDING)


def _mark_sent(deliveries: list[Delivery], token: str) -> None:
    _held(token).filter(pk__in=[delivery.pk for delivery in deliveries]).update(
        state=DeliveryState.SENT, sent_at=timezone.now(), lease_until=None
    )


def _mark_failed(deliveries: list[Delivery], token: str, error: Exception) -> None:
    """A refused mail is retried later, until ``FOLLOW_SEND_MAX_ATTEMPTS``."""
    held = _held(token).filter(pk__in=[delivery.pk for delivery in deliveries])
    detail = f"{type(error).__name__}: {error}"[:500]
    held.filter(attempts__gte=settings.FOLLOW_SEND_MAX_ATTEMPTS).update(
        state=DeliveryState.FAILED, last_error=detail, lease_until=None
    )
    held.update(state=DeliveryState.PENDING, last_error=detail, lease_until=None)


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    # Rows another sender holds (its lease not yet run out): try later.
    held_elsewhere: int = 0


def _send(connection, message: EmailMessage) -> None:
    message.connection = connection
    message.send()


def deliveries_send(ids: list[int]) -> SendResult:
    """Send the immediate deliveries of ``ids`` that are not sent yet, one
    claimed row at a time, over one connection."""
    result = SendResult()
    connection = get_connection()
    connection.open()  # a server that cannot be reached: the task retries
    try:
        for pk in ids:
            token = deliveries_claim([pk])
            if token is None:
                state = Delivery.objects.filter(pk=pk).values_list("state", flat=True)
                if state.first() == DeliveryState.SENDING:
                    result.held_elsewhere += 1
                continue
            delivery = (
                Delivery.objects.select_related(
                    "subscriber", "event__claim__speaker", "event__claim__rating"
                )
                .filter(pk=pk)
                .get()
            )
            try:
                _send(connection, event_mail(delivery))
            except (OSError, smtplib.SMTPException) as error:
                logger.exception(
                    "follow mail %s to subscriber %s not sent",
                    pk,
                    delivery.subscriber_id,
                )
                _mark_failed([delivery], token, error)
                result.failed += 1
                continue
            _mark_sent([delivery], token)
            result.sent += 1
    finally:
        connection.close()
    return result


def deliveries_due(*, now: datetime | None = None) -> list[int]:
    """Immediate deliveries nobody is sending: never queued, or left by a
    sender that died (lease run out). For the sweep."""
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(
            frequency=Frequency.IMMEDIATE, created_at__lte=now - SEND_GRACE
        )
        .filter(_claimable(now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[: settings.FOLLOW_SEND_BATCH * 20]
    )


# --- the daily digest -----------------------------------------------------------


def digest_subscribers(*, now: datetime | None = None) -> list[int]:
    """Subscribers with digest deliveries to send."""
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(frequency=Frequency.DAILY)
        .filter(_claimable(now))
        .values_list("subscriber_id", flat=True)
        .distinct()
    )


def digest_send(*, subscriber_id: int, now: datetime | None = None) -> SendResult:
    """Send one subscriber's digest of every unsent daily delivery.

    Rows a dead sender left (lease run out) go out first, on their own: the
    same rows as before, so the same Message-ID."""
    now = now or timezone.now()
    result = SendResult()
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return result
    daily = Delivery.objects.filter(subscriber=subscriber, frequency=Frequency.DAILY)
    left = daily.filter(state=DeliveryState.SENDING, lease_until__lt=now)
    ids = list(left.values_list("pk", flat=True)) or list(
        daily.filter(state=DeliveryState.PENDING).values_list("pk", flat=True)
    )
    token = deliveries_claim(ids, now=now) if ids else None
    if token is None:
        return result
    deliveries = list(
        _held(token).select_related("event__claim__speaker", "event__claim__rating")
    )
    connection = get_connection()
    try:
        connection.open()
        _send(connection, digest_mail(subscriber, deliveries))
    except (OSError, smtplib.SMTPException) as error:
        logger.exception("follow digest to subscriber %s not sent", subscriber_id)
        _mark_failed(deliveries, token, error)
        result.failed = len(deliveries)
        return result
    finally:
        connection.close()
    _mark_sent(deliveries, token)
    result.sent = len(deliveries)
    return result
