"""refresh_claims on the seed data, /healthz, the digest mail, beat's heartbeat,
the tasks' names and their bound on redelivery."""

import logging
import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from claims.flagging import flag_digest_send, flag_raise
from claims.health import heartbeat_record
from claims.models import (
    Claim,
    Evidence,
    EvidenceSnapshot,
    Flag,
    FlagReason,
    Heartbeat,
    HeartbeatSource,
    Rating,
)
from claims.tasks import _record_beat_heartbeat, evidence_check, heartbeat
from tests.factories import ClaimFactory, UserFactory
from tests.helpers.servers import Page, html

pytestmark = pytest.mark.django_db


def refresh(*args) -> dict[str, int]:
    from io import StringIO

    out = StringIO()
    call_command("refresh_claims", *args, stdout=out)
    text = out.getvalue()
    counts = {
        "past_deadline": int(re.search(r"(\d+) past their deadline", text)[1]),
        "flags": int(re.search(r"flags raised: (\d+)", text)[1]),
        "checked": int(re.search(r"evidence checked: (\d+)", text)[1]),
    }
    return counts


def test_refresh_claims_on_the_seed_data_raises_nothing_new_the_second_time():
    call_command("load_seed", stdout=None)
    # One seed prediction still "in progress" after its deadline.
    claim = Claim.objects.get(slug="xiaomi-car-mass-production-h1-2024")
    Claim.objects.filter(pk=claim.pk).update(
        rating=Rating.objects.get(slug="in-progress")
    )
    first = refresh("--no-fetch")
    assert first == {"past_deadline": 1, "flags": 1, "checked": 0}
    second = refresh("--no-fetch")
    assert second == {"past_deadline": 1, "flags": 0, "checked": 0}
    assert Flag.objects.count() == 1


def test_refresh_claims_checks_due_evidence_once(fetch_allowed):
    """The seed's links point at the internet: here they point at a test server."""
    call_command("load_seed", stdout=None)
    for evidence in Evidence.objects.exclude(url=""):
        fetch_allowed.pages[f"/e{evidence.pk}"] = Page(body=html(evidence.title))
        Evidence.objects.filter(pk=evidence.pk).update(
            url=fetch_allowed.url(f"/e{evidence.pk}")
        )
    with_url = Evidence.objects.exclude(url="").count()
    assert refresh() == {"past_deadline": 0, "flags": 0, "checked": with_url}
    assert EvidenceSnapshot.objects.count() == with_url
    assert refresh() == {"past_deadline": 0, "flags": 0, "checked": 0}
    assert not Flag.objects.exists()


def test_healthz_is_503_until_beat_and_a_worker_have_been_seen(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["database"] == {"ok": True}
    assert body["cache"] == {"ok": True}
    assert body["broker"]["ok"]
    assert body["worker"]["error"] == "never seen"

    heartbeat_record(source=HeartbeatSource.BEAT, hostname="beat-host")
    heartbeat_record(source=HeartbeatSource.WORKER, hostname="worker-host")
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_reports_a_stale_beat(client, settings):
    settings.HEALTH_HEARTBEAT_MAX_AGE = 60
    old = timezone.now() - timedelta(minutes=5)
    heartbeat_record(source=HeartbeatSource.BEAT, hostname="beat-host", now=old)
    heartbeat_record(source=HeartbeatSource.WORKER, hostname="worker-host")
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["beat"]["error"] == "stale"
    assert response.json()["beat"]["age_seconds"] >= 300


def test_beat_sending_the_heartbeat_records_beat():
    _record_beat_heartbeat(
        sender=heartbeat.name, body=((), {"sent_by": "beat"}, {}), headers={}
    )
    assert Heartbeat.objects.filter(source=HeartbeatSource.BEAT).count() == 1
    _record_beat_heartbeat(sender=heartbeat.name, body=((), {}, {}), headers={})
    _record_beat_heartbeat(sender="claims.tasks.deadline_scan", body=((), {}, {}))
    assert Heartbeat.objects.count() == 1


def test_the_digest_mails_each_editor_with_an_address():
    UserFactory(username="ed1", email="ed1@example.org", group="Editors")
    UserFactory(username="ed2", email="ed2@example.org", group="Editors")
    UserFactory(username="ed3", email="", group="Editors")
    UserFactory(username="rev", email="rev@example.org", group="Reviewers")
    assert flag_digest_send() == 0  # nothing open: no mail
    flag_raise(
        claim=ClaimFactory(),
        reason=FlagReason.MANUAL,
        raised_by="ed1",
        detail={"summary": "Quote needs a source."},
    )
    assert flag_digest_send() == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ed1@example.org",
        "ed2@example.org",
    ]
    assert "Quote needs a source." in mail.outbox[0].body


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
