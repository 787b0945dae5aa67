"""/healthz: database, cache, broker and a worker's DNS resolver, and how long
ago beat and a worker were last seen."""

import socket
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.exceptions import TransientCheckError
from claims.models import Flag, HeartbeatSource, LinkHealth
from claims.services.evidence_checks import evidence_check
from claims.services.health import heartbeat_record
from tests.factories import ClaimFactory, EvidenceFactory

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


def _resolver(monkeypatch, *, working: bool) -> None:
    """Every lookup fails ("no such host"), or every one answers 127.0.0.1
    on a port nothing listens on (the server refuses: the name resolved)."""

    def getaddrinfo(host, port, *args, **kwargs):
        if working:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 1))]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_a_week_of_a_failing_resolver_shows_in_healthz_and_flags_nothing(
    client, settings, monkeypatch
):
    settings.FETCH_DNS_CONTROL_HOST = "control.example"
    settings.FETCH_UNSAFE_ALLOWED_HOSTS = ["gone.example:80", "127.0.0.1:1"]
    evidence = EvidenceFactory(
        claim=ClaimFactory(published=True), url="http://gone.example/news"
    )
    _resolver(monkeypatch, working=False)
    start = timezone.now()
    for day in range(8):
        with pytest.raises(TransientCheckError, match="the DNS resolver failed"):
            evidence_check(
                evidence=evidence, raised_by="test", now=start + timedelta(days=day)
            )
    evidence.refresh_from_db()
    assert evidence.health != LinkHealth.DEAD
    assert not Flag.objects.exists()
    resolver = client.get(reverse("healthz")).json()["resolver"]
    assert resolver["ok"] is False
    assert resolver["error"] == "failing"
    assert resolver["hosts"] == [socket.gethostname()]

    # The resolver works again: the next check reaches a server (it refuses).
    _resolver(monkeypatch, working=True)
    with pytest.raises(TransientCheckError):
        evidence_check(evidence=evidence, raised_by="test")
    assert client.get(reverse("healthz")).json()["resolver"] == {"ok": True}
