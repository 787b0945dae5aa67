"""The tasks called in-process: beat's heartbeat, the schedule and the names
it stores, and the bound on redelivery."""

import logging
import uuid

import pytest

from claims.models import Heartbeat, HeartbeatSource
from claims.tasks import _record_beat_heartbeat, evidence_check, heartbeat

pytestmark = pytest.mark.django_db


def test_beat_sending_the_heartbeat_records_beat():
    _record_beat_heartbeat(
        sender=heartbeat.name, body=((), {"sent_by": "beat"}, {}), headers={}
    )
    assert Heartbeat.objects.filter(source=HeartbeatSource.BEAT).count() == 1
    _record_beat_heartbeat(sender=heartbeat.name, body=((), {}, {}), headers={})
    _record_beat_heartbeat(sender="claims.tasks.deadline_scan", body=((), {}, {}))
    assert Heartbeat.objects.count() == 1


def test_the_schedule_is_in_the_database():
    from django_celery_beat.models import PeriodicTask

    tasks = dict(PeriodicTask.objects.values_list("task", "enabled"))
    assert set(tasks) >= {
        "claims.tasks.heartbeat",
        "claims.tasks.deadline_scan",
        "claims.tasks.review_scan",
        "claims.tasks.evidence_check_batch",
        "claims.tasks.flag_digest",
    }
    beat = PeriodicTask.objects.get(task="claims.tasks.heartbeat")
    assert (beat.interval.every, beat.interval.period) == (1, "minutes")
    assert beat.kwargs == '{"sent_by": "beat"}'


def test_every_scheduled_task_is_registered_under_its_stored_name():
    from django_celery_beat.models import PeriodicTask

    from tracker.celery import app

    stored = set(PeriodicTask.objects.values_list("task", flat=True))
    assert stored
    app.loader.import_default_modules()  # as a worker does when it starts
    assert stored <= set(app.tasks)
    assert evidence_check.name == "claims.tasks.evidence_check"


def test_a_message_delivered_too_often_is_dropped_without_running(settings, caplog):
    settings.TASK_MAX_DELIVERIES = 2
    caplog.set_level(logging.INFO, logger="claims.tasks")

    def logged() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == "claims.tasks"]

    task_id = uuid.uuid4().hex
    for _ in range(3):  # as if its worker died twice
        evidence_check.apply(args=(0,), task_id=task_id)
    assert logged()[:2] == ["evidence 0 is gone; nothing to check"] * 2
    assert logged()[2].startswith(
        f"claims.tasks.evidence_check[{task_id}] delivered 3 times"
    )
    evidence_check.apply(args=(0,), task_id=uuid.uuid4().hex)  # another message
    assert logged()[3:] == ["evidence 0 is gone; nothing to check"]
