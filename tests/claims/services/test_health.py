"""/healthz: database, cache and broker, and how long ago beat and a worker
were last seen."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import HeartbeatSource
from claims.services.health import heartbeat_record

pytestmark = pytest.mark.django_db


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
