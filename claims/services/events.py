"""Public events: the outbox that tells followers what happened to a claim.

The claim services call ``event_record`` (or ``events_record_for_flags`` in
the set-based scans) inside the transaction that makes the change; only
changes readers can see are recorded (a public claim, a change its page
shows). After the commit the ``claims.tasks.events_dispatch_batch`` task
runs ``event_dispatch`` for each event, which hands it to every consumer in
``settings.PUBLIC_EVENT_CONSUMERS`` (dotted paths to callables taking the
event). A consumer records its deliveries idempotently (one row per event and
recipient, under a unique constraint), so running it twice sends nothing
twice. ``events_dispatch_pending`` (beat, every minute) dispatches what the
broker never received: nothing committed is lost.

Events are queued ``EVENTS_PER_TASK`` to a task, and each queued event
records when (``queued_at``): a scan that flags a hundred thousand public
claims queues a thousand tasks at once, up to ``EVENTS_QUEUED_MAX`` events
waiting in the broker, and each sweep tops that up as the workers dispatch
them. An event queued and not dispatched after ``REQUEUE_AFTER`` (its
message lost, its worker gone) is queued again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache, partial
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import (
    CharField,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.module_loading import import_string

from claims.models import (
    PUBLIC_STATES,
    Claim,
    Flag,
    FlagReason,
    PublicEvent,
    PublicEventKind,
)

from .inserts import insert_select
from .outbox import PUBLISH_RETRY_POLICY

logger = logging.getLogger(__name__)

DISPATCH_TASK = "claims.tasks.events_dispatch_batch"
EVENTS_PER_TASK = 100
# Events queued and not yet dispatched, at most: the sweep adds no more
# beyond this (the broker holds the backlog of a large scan a part at a time).
EVENTS_QUEUED_MAX = 20_000
# An event not handed over this long after it happened was never queued
# (broker down): the sweep dispatches it.
DISPATCH_GRACE = timedelta(minutes=1)
# An event queued this long ago and not dispatched lost its message or its
# worker: it is queued again (consumers are idempotent).
REQUEUE_AFTER = timedelta(minutes=15)


def event_record(
    kind: PublicEventKind, claim: Claim, **data: Any
) -> PublicEvent | None:
    """Record ``kind`` for ``claim`` if readers can see the claim, and
    dispatch it after the current transaction commits. ``data`` holds ids of
    the rows with the details (JSON values)."""
    if claim.state not in PUBLIC_STATES:
        return None
    event = PublicEvent.objects.create(kind=kind, claim=claim, data=data)
    transaction.on_commit(partial(_enqueue, [event.pk]), robust=True)
    return event


def events_record_for_flags(
    *, reason: FlagReason, raised_by: str, raised_at: datetime
) -> int:
    """Events for the flags a set-based scan just opened (one INSERT ...
    SELECT): "deadline passed" for deadline flags, "under review" for others
    when the claim had no other open flag. Only public claims."""
    kind = (
        PublicEventKind.DEADLINE_PASSED
        if reason == FlagReason.DEADLINE_PASSED
        else PublicEventKind.UNDER_REVIEW
    )
    flags = Flag.objects.filter(
        reason=reason,
        raised_by=raised_by,
        raised_at=raised_at,
        claim__state__in=PUBLIC_STATES,
    )
    if kind == PublicEventKind.UNDER_REVIEW:
        older_open = Flag.objects.open().filter(
            claim=OuterRef("claim"), raised_at__lt=raised_at
        )
        flags = flags.exclude(Exists(older_open))
    recorded = len(
        insert_select(
            PublicEvent,
            flags,
            {
                "kind": Value(str(kind), output_field=CharField()),
                "claim": F("claim_id"),
                "occurred_at": Value(raised_at, output_field=DateTimeField()),
                "data": JSONObject(flag=F("pk")),
            },
        )
    )
    if recorded:
        # The sweep dispatches them: a scan can open thousands at once.
        transaction.on_commit(
            partial(events_dispatch_pending, all_due=True), robust=True
        )
    return recorded


def _enqueue(event_ids: list[int]) -> int:
    """Queue tasks for ``event_ids``, ``EVENTS_PER_TASK`` to a task, and
    mark the events queued; returns how many were queued."""
    queued = 0
    for start in range(0, len(event_ids), EVENTS_PER_TASK):
        batch = event_ids[start : start + EVENTS_PER_TASK]
        try:
            current_app.send_task(
                DISPATCH_TASK,
                kwargs={"event_ids": batch},
                retry=True,
                retry_policy=PUBLISH_RETRY_POLICY,
            )
        except Exception:  # the broker is down: the sweep dispatches them later
            logger.exception("could not queue %s public events", len(batch))
            continue
        PublicEvent.objects.filter(pk__in=batch).update(queued_at=timezone.now())
        queued += len(batch)
    return queued


@cache
def _consumers(paths: tuple[str, ...]) -> list[Callable[[PublicEvent], object]]:
    return [import_string(path) for path in paths]


def consumers() -> list[Callable[[PublicEvent], object]]:
    return _consumers(tuple(getattr(settings, "PUBLIC_EVENT_CONSUMERS", ())))


def event_dispatch(event_id: int) -> bool:
    """Hand the event to every consumer; False when it is gone or was
    dispatched already. A consumer that fails leaves the event undispatched
    (the sweep tries again; consumers are idempotent) and is logged."""
    with transaction.atomic():
        event = (
            PublicEvent.objects.select_for_update(skip_locked=True)
            .select_related("claim")
            .filter(pk=event_id, dispatched_at__isnull=True)
            .first()
        )
        if event is None:
            return False
        for consumer in consumers():
            consumer(event)
        event.dispatched_at = timezone.now()
        event.save(update_fields=["dispatched_at"])
    return True


def events_dispatch_many(event_ids: list[int]) -> int:
    """``event_dispatch`` for each event, each in its own transaction: one
    that fails is logged and left for the sweep. Returns how many were
    dispatched here."""
    dispatched = 0
    for event_id in event_ids:
        try:
            dispatched += event_dispatch(event_id)
        except Exception:
            logger.exception(
                "public event %s: dispatch failed; the sweep retries", event_id
            )
    return dispatched


def _not_waiting(now: datetime) -> QuerySet[PublicEvent]:
    """Undispatched events with no task waiting for them: never queued, or
    queued longer than ``REQUEUE_AFTER`` ago."""
    return PublicEvent.objects.filter(dispatched_at__isnull=True).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lte=now - REQUEUE_AFTER)
    )


def events_undispatched(now: datetime | None = None) -> QuerySet[PublicEvent]:
    """Events the sweep queues: not dispatched ``DISPATCH_GRACE`` after they
    happened, and no task waiting for them."""
    now = now or timezone.now()
    return (
        _not_waiting(now)
        .filter(occurred_at__lte=now - DISPATCH_GRACE)
        .order_by("occurred_at", "pk")
    )


def events_dispatch_pending(
    now: datetime | None = None, *, all_due: bool = False
) -> int:
    """Queue undispatched events (the beat sweep; after a scan, every one,
    however recent), as many as keep ``EVENTS_QUEUED_MAX`` waiting at most.
    Returns how many were queued."""
    now = now or timezone.now()
    waiting = PublicEvent.objects.filter(
        dispatched_at__isnull=True, queued_at__gt=now - REQUEUE_AFTER
    ).count()
    room = EVENTS_QUEUED_MAX - waiting
    if room <= 0:
        return 0
    pending = (
        _not_waiting(now).order_by("occurred_at", "pk")
        if all_due
        else events_undispatched(now)
    )
    return _enqueue(list(pending.values_list("pk", flat=True)[:room]))


__all__ = [
    "event_dispatch",
    "event_record",
    "events_dispatch_many",
    "events_dispatch_pending",
    "events_record_for_flags",
    "events_undispatched",
]
