"""Which queue a task goes to: evidence fetches on their own queue.

Fetches wait on other people's servers (up to ``FETCH_TOTAL_DEADLINE`` each);
the scans, digests and notices are short database work. On one queue a
backlog of slow sites would hold up the deadline scan, so fetches go to
``<default queue>.fetch`` and everything else to the default queue
(``CELERY_TASK_DEFAULT_QUEUE``). The name follows the default queue as the
running app has it, so a deployment or test run with its own default queue
gets its own fetch queue too.
"""

from __future__ import annotations

from typing import Any

FETCH_TASKS = frozenset({"claims.tasks.evidence_check"})
FETCH_SUFFIX = ".fetch"


def fetch_queue(default_queue: str) -> str:
    """The fetch queue that goes with ``default_queue``."""
    return default_queue + FETCH_SUFFIX


def route_task(
    name: str, args: Any, kwargs: Any, options: Any, task: Any = None, **extra: Any
) -> dict[str, str] | None:
    """Celery router (``CELERY_TASK_ROUTES``): the fetch queue for fetches,
    the default queue (None: Celery's default) for the rest."""
    if name not in FETCH_TASKS:
        return None
    from tracker.celery import app

    return {"queue": fetch_queue(app.conf.task_default_queue)}
