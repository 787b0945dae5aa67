"""Webhook tasks: thin, by id; the rules are in ``webhooks.services``."""

from __future__ import annotations

import logging

from celery import Task, shared_task

from claims.tasks import RedeliveryBoundTask

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    name="webhooks.tasks.delivery_attempt",
    base=RedeliveryBoundTask,
    bind=True,
    acks_late=True,
)
def delivery_attempt(self: Task, delivery_id: int) -> None:
    """Attempt a due delivery (a no-op when it is not due: delivered, given
    up, or taken by another worker)."""
    services.delivery_attempt(delivery_id=delivery_id)


@shared_task(
    name="webhooks.tasks.delivery_replay",
    base=RedeliveryBoundTask,
    bind=True,
    acks_late=True,
)
def delivery_replay(self: Task, delivery_id: int) -> None:
    """Send a delivery once more, as asked in the admin or the API."""
    services.delivery_replay_send(delivery_id=delivery_id)


@shared_task(
    name="webhooks.tasks.deliveries_sweep", base=RedeliveryBoundTask, bind=True
)
def deliveries_sweep(self: Task) -> None:
    """Queue deliveries overdue for an attempt (beat, every minute)."""
    queued = services.deliveries_queue_due()
    if queued:
        logger.info("queued %s overdue webhook deliveries", queued)
