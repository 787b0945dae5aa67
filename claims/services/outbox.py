"""Queue a notice mail once the change it reports is committed.

The services that change a claim or raise a flag call ``notice_after_commit``;
a worker then runs the ``claims.tasks.notice_send`` task, which renders and
sends the mails (``notifications.notice_send``). The task is named, not
imported: the services sit below the tasks. Queueing runs after the commit,
so a rolled-back change tells nobody, and a broker that is down is logged and
never undoes or fails the editor's save.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from celery import current_app
from django.db import models, transaction

logger = logging.getLogger(__name__)

NOTICE_TASK = "claims.tasks.notice_send"


class Notice(models.TextChoices):
    """What a notice mail reports (``notifications.notice_send``)."""

    SUBMITTED = "submitted"
    SENT_BACK = "sent_back"
    FLAGS_RAISED = "flags_raised"


# A notice is not worth holding an editor's request for: a short bounded
# retry when the broker hiccups, then the log.
PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}


def notice_after_commit(notice: str, **arguments: Any) -> None:
    """Send ``notice`` (a ``notifications.Notice``) with ids as arguments
    after the current transaction commits."""
    transaction.on_commit(partial(_enqueue, notice, arguments), robust=True)


def _enqueue(notice: str, arguments: dict[str, Any]) -> None:
    try:
        current_app.send_task(
            NOTICE_TASK,
            kwargs={"notice": notice, **arguments},
            retry=True,
            retry_policy=PUBLISH_RETRY_POLICY,
        )
    except Exception:  # the broker is down: the change stands, the mail is lost
        logger.exception("could not queue the %s notice %s", notice, arguments)
