"""Public events on their way to the followers: a scan's events are queued a
hundred to a task and all at once (up to a bound on what waits in the
broker), the sweep tops that up as workers dispatch them, and an event whose
task was lost is queued again; with a real worker, every follower of a large
scan's claims is told within seconds, not a sweep a minute."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import PublicEvent
from claims.services import events
from claims.services.events import events_dispatch_pending
from claims.services.scans import claims_deadline_scan
from tests.factories import ClaimFactory
from tests.helpers.waiting import wait_until

pytestmark = [pytest.mark.redis]

BATCH = "claims.tasks.events_dispatch_batch"


def scan_of(claims: int, capture) -> list[int]:
    """``claims`` public claims past their deadline, scanned; the ids of the
    events the scan recorded."""
    ClaimFactory.create_batch(claims, due_h1_2024=True, published=True)
    with capture(execute=True):
        assert claims_deadline_scan(raised_by="tests").flagged == claims
    return sorted(PublicEvent.objects.values_list("pk", flat=True))


def queued_ids(queue) -> Counter:
    tasks = queue.waiting()
    assert {name for name, _kwargs in tasks} <= {BATCH}
    return Counter(pk for _name, kwargs in tasks for pk in kwargs["event_ids"])


@pytest.mark.django_db
def test_a_scans_events_are_queued_at_once_a_hundred_to_a_task(
    celery_redis, django_capture_on_commit_callbacks
):
    event_ids = scan_of(620, django_capture_on_commit_callbacks)
    tasks = celery_redis.waiting()
    assert len(tasks) == 7
    assert queued_ids(celery_redis) == Counter(event_ids)
    assert not PublicEvent.objects.filter(queued_at__isnull=True).exists()

    # Nothing dispatched yet, every task still waiting: the sweep adds nothing.
    assert events_dispatch_pending(timezone.now() + timedelta(minutes=5)) == 0


@pytest.mark.django_db
def test_the_sweep_tops_up_the_waiting_events_and_queues_lost_ones_again(
    celery_redis, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(events, "EVENTS_QUEUED_MAX", 250)
    event_ids = scan_of(400, django_capture_on_commit_callbacks)
    assert sum(queued_ids(celery_redis).values()) == 250
    celery_redis.clear()

    # Workers dispatched the first hundred: a hundred more may wait.
    PublicEvent.objects.filter(pk__in=event_ids[:100]).update(
        dispatched_at=timezone.now()
    )
    later = timezone.now() + timedelta(minutes=2)
    assert events_dispatch_pending(later) == 100
    assert sorted(queued_ids(celery_redis)) == event_ids[250:350]
    celery_redis.clear()

    # The tasks of the rest were lost (a broker restart): long after, the
    # sweep queues them again, up to the bound.
    much_later = timezone.now() + events.REQUEUE_AFTER + timedelta(minutes=1)
    assert events_dispatch_pending(much_later) == 250
    assert sorted(queued_ids(celery_redis)) == event_ids[100:350]


@pytest.mark.worker
@pytest.mark.usefixtures("migration_data")
def test_every_event_of_a_large_scan_reaches_the_consumers_within_seconds(
    start_worker, celery_redis, django_capture_on_commit_callbacks
):
    # More events than one sweep used to queue (500), with no beat running.
    scan_of(620, django_capture_on_commit_callbacks)
    start_worker()
    wait_until(
        lambda: not PublicEvent.objects.filter(dispatched_at__isnull=True).exists(),
        timeout=60,
        message="every event dispatched",
    )
    assert celery_redis.pending() == 0
