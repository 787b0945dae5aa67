"""Celery tasks of following: thin wrappers over ``follows.services``.

Acknowledged late and safe to run twice: a delivery is claimed in the
database before it is sent (``services.deliveries``). The schedule (the
sweep, the daily digest, the expiry of unconfirmed requests) is in the
database: migration ``0002_a_schedule``, editable in the admin.
"""

from __future__ import annotations

import logging
import smtplib

from celery import Task, shared_task
from django.conf import settings

from claims.tasks import RedeliveryBoundTask

from .services import deliveries
from .services.mails import confirmation_mail
from .services.subscriptions import follow_requests_expire
from .services.targets import TargetInvalid, target_resolve
from .services.tokens import LinkInvalid, confirmation_read

logger = logging.getLogger(__name__)

MAIL_ERRORS = (OSError, smtplib.SMTPException)
# A task that sends mail: acknowledged once done, retried with backoff while
# the mail server cannot be reached.
SENDS_MAIL = {
    "base": RedeliveryBoundTask,
    "bind": True,
    "acks_late": True,
    "autoretry_for": MAIL_ERRORS,
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(name="follows.tasks.confirmation_send", **SENDS_MAIL)
def confirmation_send(self: Task, token: str) -> None:
    """Mail the confirmation link of a follow request (the signed token
    carries the address: it is stored nowhere else)."""
    try:
        confirmation = confirmation_read(token)
        target = target_resolve(confirmation.kind, confirmation.value)
    except (LinkInvalid, TargetInvalid) as error:
        logger.info("follow confirmation not sent: %s", error)
        return
    confirmation_mail(confirmation, target).send()


@shared_task(name="follows.tasks.deliveries_send", **SENDS_MAIL)
def deliveries_send(self: Task, delivery_ids: list[int]) -> None:
    """Send these immediate follow mails; rows another worker holds are
    tried again once its lease has run out, refused mails later."""
    result = deliveries.deliveries_send(delivery_ids)
    logger.info(
        "follow mails: %s sent, %s refused, %s held elsewhere",
        result.sent,
        result.failed,
        result.held_elsewhere,
    )
    if result.held_elsewhere or result.failed:
        raise self.retry(countdown=settings.FOLLOW_SEND_LEASE_SECONDS + 1)


@shared_task(name="follows.tasks.deliveries_sweep", base=RedeliveryBoundTask, bind=True)
def deliveries_sweep(self: Task) -> None:
    """Queue immediate follow mails nobody is sending (beat, every minute)."""
    due = deliveries.deliveries_due()
    if due:
        logger.info("queueing %s unsent follow mails", len(due))
        deliveries.deliveries_enqueue(due)


@shared_task(name="follows.tasks.digests_send", base=RedeliveryBoundTask, bind=True)
def digests_send(self: Task) -> None:
    """Queue one digest per subscriber with daily mails waiting (beat, daily)."""
    for subscriber_id in deliveries.digest_subscribers():
        digest_send.delay(subscriber_id)


@shared_task(name="follows.tasks.digest_send", **SENDS_MAIL)
def digest_send(self: Task, subscriber_id: int) -> None:
    result = deliveries.digest_send(subscriber_id=subscriber_id)
    logger.info("follow digest to %s: %s events", subscriber_id, result.sent)


@shared_task(name="follows.tasks.requests_expire", base=RedeliveryBoundTask, bind=True)
def requests_expire(self: Task) -> None:
    """Delete unconfirmed follow requests past their expiry (beat, hourly)."""
    deleted = follow_requests_expire()
    if deleted:
        logger.info("deleted %s expired follow requests", deleted)
