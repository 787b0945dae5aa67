"""Celery tasks: thin wrappers that take ids and call the services.

Every task is acknowledged late (a worker that dies mid-task leaves the
message to be delivered again), safe to run twice, and logs and returns when
its row is gone. Only transient fetch failures are retried, with backoff and
a bound. The schedule lives in the database (django-celery-beat; see the
migration ``0005_background_schedule``) and is editable in the admin.

Every task names itself (``name="claims.tasks..."``): the schedule and queued
messages refer to tasks by these names, so they must not follow the module
if it moves.
"""

from __future__ import annotations

import contextlib
import logging
import random
import socket
from collections.abc import Iterable
from datetime import timedelta

from celery import Task, shared_task, signals
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .exceptions import QueueUnavailable, TransientCheckError
from .locks import single_flight
from .models import Evidence, HeartbeatSource
from .services.events import events_dispatch_many, events_dispatch_pending
from .services.evidence_checks import evidence_check as evidence_check_service
from .services.evidence_schedule import (
    evidence_batch_size,
    evidence_claim_due_links,
    evidence_mark_due,
    evidence_postpone,
    evidence_tick_plan,
)
from .services.health import heartbeat_record
from .services.notifications import flag_digest_send
from .services.notifications import notice_send as notice_send_service
from .services.scans import claims_deadline_scan, claims_review_scan

logger = logging.getLogger(__name__)

SCAN_LOCK_SECONDS = 600


def _delivered_too_often(task: Task) -> bool:
    """Bound redelivery after worker loss.

    ``acks_late`` with ``reject_on_worker_lost`` hands a message whose worker
    died to the next worker. A task that kills its worker every time would
    loop forever; count deliveries of this attempt and give up after
    ``TASK_MAX_DELIVERIES``.
    """
    key = f"claims:deliveries:{task.request.id}:{task.request.retries}"
    try:
        if cache.add(key, 1, 24 * 3600):
            return False
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        return False
    # None: the cache is down (django-redis ignores the error); run the task.
    if count is not None and count > settings.TASK_MAX_DELIVERIES:
        logger.error(
            "%s[%s] delivered %s times (its worker died each time); dropped",
            task.name,
            task.request.id,
            count,
        )
        return True
    return False


class RedeliveryBoundTask(Task):
    """A task that gives up on a message delivered too often (see
    ``_delivered_too_often``): it returns without running.

    The check runs before the task's body, in the request the worker pushed.
    A worker calls ``__call__`` with that request already on the stack, and
    the body then runs in it as Celery runs a task without a custom
    ``__call__``; a direct call goes through ``Task.__call__``, which pushes
    one.
    """

    def __call__(self, *args, **kwargs):
        if _delivered_too_often(self):
            return None
        if self.request_stack.top is None:
            return super().__call__(*args, **kwargs)
        return self.run(*args, **kwargs)


@shared_task(
    name="claims.tasks.heartbeat",
    bind=True,
    acks_late=True,
)
def heartbeat(self: Task, sent_by: str = "") -> None:
    """Record that a worker is alive (beat's side: ``_record_beat_heartbeat``)."""
    heartbeat_record(
        source=HeartbeatSource.WORKER,
        hostname=self.request.hostname or socket.gethostname(),
    )


@signals.before_task_publish.connect
def _record_beat_heartbeat(sender=None, body=None, **kwargs) -> None:
    """Beat sends ``heartbeat(sent_by="beat")``: record beat's side as it sends.

    Runs in the publishing process, so a stalled beat shows up even while
    workers are fine, and a dead worker even while beat is fine.
    """
    if sender != heartbeat.name:
        return
    try:
        task_kwargs = body[1] if isinstance(body, list | tuple) else {}
        if task_kwargs.get("sent_by") != "beat":
            return
        heartbeat_record(source=HeartbeatSource.BEAT, hostname=socket.gethostname())
    except Exception:  # never let bookkeeping stop beat from sending
        logger.exception("could not record beat's heartbeat")


@shared_task(
    name="claims.tasks.deadline_scan",
    base=RedeliveryBoundTask,
    bind=True,
    acks_late=True,
)
def deadline_scan(self: Task) -> None:
    """Flag claims whose deadline passed while the rating is not final."""
    with single_flight("deadline-scan", timeout=SCAN_LOCK_SECONDS) as mine:
        if not mine:
            logger.info("deadline scan already running elsewhere; skipped")
            return
        report = claims_deadline_scan(raised_by=self.name)
    logger.info(
        "deadline scan: %s claims past deadline, %s flagged",
        report.scanned,
        report.flagged,
    )


@shared_task(
    name="claims.tasks.review_scan",
    base=RedeliveryBoundTask,
    bind=True,
    acks_late=True,
)
def review_scan(self: Task) -> None:
    """Flag claims past their next review."""
    with single_flight("review-scan", timeout=SCAN_LOCK_SECONDS) as mine:
        if not mine:
            logger.info("review scan already running elsewhere; skipped")
            return
        report = claims_review_scan(raised_by=self.name)
    logger.info(
        "review scan: %s claims overdue, %s flagged", report.scanned, report.flagged
    )


def send_evidence_checks(
    evidence_ids: Iterable[int], countdowns: Iterable[float] | None = None
) -> int:
    """Queue one check per item now (or after its countdown, in seconds: its
    host's turn); return how many were queued.

    When the broker refuses or does not answer (``CELERY_BROKER_TIMEOUT``,
    one quick retry) the items not queued are made due in the database, so
    the next beat tick checks them, and ``QueueUnavailable`` says how many.
    """
    ids = list(evidence_ids)
    waits = list(countdowns) if countdowns is not None else [0.0] * len(ids)
    queued = 0
    try:
        # One producer (one broker connection) for the whole batch.
        with evidence_check.app.producer_or_acquire() as producer:
            for evidence_id, wait in zip(ids, waits, strict=True):
                evidence_check.apply_async(
                    (evidence_id,), countdown=wait or None, producer=producer
                )
                queued += 1
    except Exception as error:  # kombu and redis raise many types
        left = ids[queued:]
        logger.error(
            "task queue unavailable (%s): %s evidence checks left due for "
            "the next beat tick",
            error,
            len(left),
        )
        evidence_mark_due(evidence_ids=left)
        raise QueueUnavailable(queued=queued, not_queued=len(left)) from error
    return len(ids)


def enqueue_evidence_checks(
    evidence_ids: Iterable[int], countdowns: Iterable[float] | None = None
) -> None:
    """Queue one check per item once the current transaction commits (a
    broker failure is logged; the items stay due)."""
    ids = list(evidence_ids)
    waits = list(countdowns) if countdowns is not None else None

    def send() -> None:
        # Logged, and the work is kept in the database.
        with contextlib.suppress(QueueUnavailable):
            send_evidence_checks(ids, waits)

    transaction.on_commit(send)


@shared_task(
    name="claims.tasks.evidence_check_batch",
    bind=True,
    acks_late=True,
)
def evidence_check_batch(self: Task, limit: int | None = None) -> None:
    """Claim the evidence due for a check and fan out one task per item, each
    with a countdown to its host's turn (``evidence_schedule``)."""
    if not settings.EVIDENCE_FETCH_ENABLED:
        return
    links = evidence_claim_due_links(limit=limit or evidence_batch_size())
    plan = evidence_tick_plan(links=links)
    enqueue_evidence_checks(
        [pk for pk, _ in plan.send], [delay for _, delay in plan.send]
    )
    logger.info(
        "evidence batch: %s items queued, %s due again at their host's turn, "
        "%s on hosts not to be checked",
        len(plan.send),
        plan.later,
        plan.excluded,
    )


@shared_task(
    name="claims.tasks.evidence_check",
    base=RedeliveryBoundTask,
    bind=True,
    acks_late=True,
    autoretry_for=(TransientCheckError,),
    retry_backoff=settings.EVIDENCE_RETRY_BACKOFF_SECONDS,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=settings.EVIDENCE_CHECK_MAX_RETRIES,
)
def evidence_check(self: Task, evidence_id: int) -> None:
    """Check one evidence link (fetch, compare, snapshot, health, flag)."""
    evidence = Evidence.objects.select_related("claim").filter(pk=evidence_id).first()
    if evidence is None:
        logger.info("evidence %s is gone; nothing to check", evidence_id)
        return
    lock_seconds = settings.EVIDENCE_CHECK_LOCK_SECONDS
    with single_flight(f"evidence-check:{evidence_id}", timeout=lock_seconds) as mine:
        if mine:
            report = evidence_check_service(evidence=evidence, raised_by=self.name)
            if report.outcome == "too_soon":
                _check_at_host_turn(evidence_id, report.retry_after)
            return
    # Another run holds the lock. It may have died holding it (the lock then
    # expires), so come back rather than drop the check.
    logger.info("evidence %s is being checked elsewhere; retrying later", evidence_id)
    raise self.retry(countdown=lock_seconds)


def _check_at_host_turn(evidence_id: int, wait: float) -> None:
    """Send the check again for its host's turn: a new message with a
    countdown (not a retry: nothing failed), or, when the turn is more than
    a tick away or the broker refuses, due again then in the database."""
    # A little spread, so checks put back together do not all come at once.
    wait += random.uniform(0, 1)  # noqa: S311 (not for security)
    if wait <= settings.EVIDENCE_BATCH_TICK_SECONDS:
        try:
            evidence_check.apply_async((evidence_id,), countdown=wait)
            return
        except Exception as error:  # kombu and redis raise many types
            logger.warning("evidence %s not queued again: %s", evidence_id, error)
    evidence_postpone(
        evidence_id=evidence_id, until=timezone.now() + timedelta(seconds=wait)
    )


@shared_task(
    name="claims.tasks.flag_digest",
    base=RedeliveryBoundTask,
    bind=True,
    acks_late=True,
)
def flag_digest(self: Task) -> None:
    """Mail editors the open flags, at most once a day."""
    sent_key = f"claims:flag-digest-sent:{timezone.localdate().isoformat()}"
    with single_flight("flag-digest", timeout=SCAN_LOCK_SECONDS) as mine:
        if not mine or cache.get(sent_key):
            return
        sent = flag_digest_send()
        cache.set(sent_key, True, 36 * 3600)
    logger.info("flag digest: %s mails sent", sent)


@shared_task(
    name="claims.tasks.notice_send",
    base=RedeliveryBoundTask,
    bind=True,
    acks_late=True,
)
def notice_send(
    self: Task,
    notice: str,
    claim_id: int | None = None,
    flag_ids: list[int] | None = None,
    actor_id: int | None = None,
    comment: str = "",
) -> None:
    """Mail the people a change concerns (queued by the services after their
    commit: ``services.outbox``). Not retried: a mail server that fails is
    logged by the service, and the change the mail reports stands."""
    sent = notice_send_service(
        notice=notice,
        claim_id=claim_id,
        flag_ids=flag_ids,
        actor_id=actor_id,
        comment=comment,
    )
    logger.info("%s notice: %s mails sent", notice, sent)


@shared_task(
    name="claims.tasks.events_dispatch",
    base=RedeliveryBoundTask,
    bind=True,
    acks_late=True,
)
def events_dispatch(self: Task, event_id: int) -> None:
    """One public event: the task of earlier versions, kept for the
    messages they queued (``events_dispatch_batch`` replaced it)."""
    events_dispatch_many([event_id])


@shared_task(
    name="claims.tasks.events_dispatch_batch",
    base=RedeliveryBoundTask,
    bind=True,
    acks_late=True,
)
def events_dispatch_batch(self: Task, event_ids: list[int]) -> None:
    """Hand public events to their consumers (queued after the commit that
    recorded them, or by the sweep). An event whose consumer fails is left
    for the sweep."""
    dispatched = events_dispatch_many(event_ids)
    logger.info("public events: %s of %s dispatched", dispatched, len(event_ids))


@shared_task(name="claims.tasks.events_sweep", base=RedeliveryBoundTask, bind=True)
def events_sweep(self: Task) -> None:
    """Queue public events nobody dispatched (the broker was down, or a
    worker died)."""
    queued = events_dispatch_pending()
    if queued:
        logger.info("queued %s undispatched public events", queued)
