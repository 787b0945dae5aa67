"""Done means: real Celery workers on a real Redis broker, no eager mode.

The tests wait on what the work leaves behind (rows in the database, requests
to the page server, messages left on the broker), each with a deadline; no
sleeps, no reading of the workers' logs.
"""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from claims.models import (
    EvidenceSnapshot,
    Flag,
    FlagReason,
    Heartbeat,
    HeartbeatSource,
    LinkHealth,
)
from claims.services.evidence_checks import evidence_check as evidence_check_service
from claims.tasks import deadline_scan, evidence_check, heartbeat
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.servers import Page, html
from tests.helpers.waiting import wait_until

# Workers are other processes: they see only committed rows, hence
# transactional tests (see ``migration_data`` for what that costs).
pytestmark = [
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.usefixtures("migration_data"),
]


def test_a_passed_deadline_gets_one_flag_when_the_scan_is_queued_three_times(
    start_worker, celery_redis
):
    claim = ClaimFactory(due_h1_2024=True, published=True)
    for _ in range(3):  # queued before the worker starts: it takes them at once
        deadline_scan.delay()
    start_worker(pool="prefork", concurrency=2)
    wait_until(
        lambda: celery_redis.pending() == 0,
        message="the three scans (and the first heartbeat) ran to the end",
    )
    assert Flag.objects.filter(claim=claim).count() == 1
    assert Flag.objects.get(claim=claim).reason == FlagReason.DEADLINE_PASSED


def test_a_check_cut_off_by_a_killed_worker_completes_once_on_another(
    fetch_allowed, start_worker, celery_redis
):
    fetch_allowed.pages["/news"] = Page(body=html("旧的正文：上半年量产。"))
    evidence = EvidenceFactory(
        claim=ClaimFactory(published=True), url=fetch_allowed.url("/news")
    )
    evidence_check_service(evidence=evidence, raised_by="tests")  # the baseline
    held = Page(body=html("新的正文：量产推迟到下半年。"))
    held.hold = threading.Event()
    fetch_allowed.pages["/news"] = held
    fast_recovery = {
        "CELERY_VISIBILITY_TIMEOUT": "2",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "CELERY_UNACKED_RESTORE_THROTTLE": "1",
        "EVIDENCE_CHECK_LOCK_SECONDS": "2",
    }
    first = start_worker(env=fast_recovery)
    evidence_check.delay(evidence.pk)
    wait_until(
        lambda: fetch_allowed.hits("/news") == 2,
        message="the worker's fetch of the page reached the server",
    )  # the baseline and the held one
    first.kill()  # mid-fetch: the response is still held
    assert celery_redis.pending() == 1  # taken, never acknowledged
    fetch_allowed.pages["/news"] = Page(body=held.body)
    held.hold.set()

    second = start_worker(env=fast_recovery)
    wait_until(
        lambda: (
            second.running()
            and Flag.objects.filter(evidence=evidence).exists()
            and celery_redis.pending() == 0
        ),
        timeout=45,
        message="the check was delivered again, flagged the change and was done",
    )
    assert EvidenceSnapshot.objects.filter(evidence=evidence).count() == 2
    flag = Flag.objects.get(evidence=evidence)
    assert flag.reason == FlagReason.EVIDENCE_CHANGED
    assert "+新的正文：量产推迟到下半年。" in flag.detail["diff"]


def test_a_timeout_is_retried_with_backoff_and_never_kills_the_link(
    fetch_allowed, start_worker, celery_redis
):
    fetch_allowed.pages["/slow"] = Page(body=html("慢"), delay=2)
    evidence = EvidenceFactory(
        claim=ClaimFactory(published=True), url=fetch_allowed.url("/slow")
    )
    worker = start_worker(
        env={
            "FETCH_READ_TIMEOUT": "0.5",
            "EVIDENCE_CHECK_MAX_RETRIES": "2",
            "EVIDENCE_RETRY_BACKOFF_SECONDS": "1",
        }
    )
    evidence_check.delay(evidence.pk)
    # The first attempt and two retries; the third attempt has begun once the
    # page was asked for a third time, and ended once its message is gone.
    wait_until(
        lambda: (
            worker.running()
            and fetch_allowed.hits("/slow") >= 3
            and celery_redis.pending() == 0
        ),
        message="three attempts were made and the last one gave up",
    )
    assert fetch_allowed.hits("/slow") == 3
    evidence.refresh_from_db()
    assert evidence.health == LinkHealth.UNCHECKED
    assert evidence.consecutive_failures == 0
    assert "timed out" in evidence.health_detail


def test_healthz_reports_a_stopped_worker(start_worker, celery_redis, client):
    worker = start_worker()
    sent = timezone.now()
    heartbeat.delay(sent_by="beat")  # as beat sends it
    wait_until(
        lambda: Heartbeat.objects.filter(
            source=HeartbeatSource.WORKER, hostname=worker.nodename, seen_at__gte=sent
        ).exists(),
        message="the worker ran the heartbeat beat sent",
    )
    response = client.get(reverse("healthz"))
    assert response.status_code == 200, response.json()
    assert response.json()["worker"]["ok"]

    worker.stop()
    # Time passes: the worker's last heartbeat grows older than the limit.
    too_old = timezone.now() - timedelta(seconds=settings.HEALTH_HEARTBEAT_MAX_AGE + 1)
    Heartbeat.objects.filter(source=HeartbeatSource.WORKER).update(seen_at=too_old)
    heartbeat.delay(sent_by="beat")  # beat is still alive; nobody runs it
    assert celery_redis.pending() == 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["beat"]["ok"]
    assert body["worker"] == {**body["worker"], "ok": False, "error": "stale"}
    assert body["database"]["ok"] and body["broker"]["ok"]
