"""Evidence checks under the fetch's time limit and a failing DNS resolver.

A check cut off by the total limit is recorded as such and never retried;
"no such host" moves a link towards dead only while other names resolve, and
two such answers must come days apart. Servers are local; name lookups are
simulated by replacing ``socket.getaddrinfo``.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from claims.exceptions import TransientCheckError
from claims.models import Evidence, Flag, FlagReason, LinkHealth
from claims.services.evidence_checks import evidence_check
from claims.services.evidence_schedule import evidence_check_slot
from claims.tasks import evidence_check as evidence_check_task
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers import misbehaving
from tests.helpers.misbehaving import MisbehavingServer

pytestmark = pytest.mark.django_db

LIMIT = 2.0
PAGE = (
    "<html><head><meta charset='utf-8'></head><body><article>"
    "<p>小米汽车将于2024年上半年量产。</p></article></body></html>"
).encode()
CONTROL = "control.example"


@pytest.fixture
def server(settings) -> Iterator[MisbehavingServer]:
    cache.clear()  # robots.txt and pages of an earlier server on this port
    server = MisbehavingServer()
    settings.FETCH_UNSAFE_ALLOWED_HOSTS = [server.host]
    settings.FETCH_TOTAL_DEADLINE = LIMIT
    yield server
    server.stop()


@pytest.fixture
def evidence(server) -> Evidence:
    server.routes["/news"] = misbehaving.page(PAGE)
    return EvidenceFactory(
        claim=ClaimFactory(published=True),
        url=server.url("/news"),
        title="新华社：小米正式发布汽车",
    )


def check(evidence: Evidence, **kwargs):
    evidence.refresh_from_db()
    return evidence_check(evidence=evidence, raised_by="tests", **kwargs)


# --- The time limit -----------------------------------------------------------


def test_a_check_cut_off_by_the_limit_is_recorded_as_such(server, evidence):
    server.routes["/news"] = misbehaving.slow_body()
    now = timezone.now()
    started = time.monotonic()
    report = check(evidence, now=now)  # no TransientCheckError: not retried
    assert time.monotonic() - started < LIMIT + 1
    assert report.outcome == "time_limit"
    evidence.refresh_from_db()
    assert evidence.health == LinkHealth.UNCHECKED
    assert evidence.health_detail.startswith(
        "took longer than the 2-second limit for one fetch on "
    )
    assert "link health unchanged" in evidence.health_detail
    # The next regular check: the link's own slot, about a week on.
    assert evidence.next_check_at == evidence_check_slot(
        evidence_id=evidence.pk, after=now
    )
    assert now + timedelta(days=3) < evidence.next_check_at < now + timedelta(days=11)
    assert evidence.last_checked_at == now
    assert (evidence.consecutive_failures, evidence.first_failed_at) == (0, None)
    assert not Flag.objects.exists()


def test_a_working_link_cut_off_by_the_limit_stays_working(server, evidence):
    check(evidence)
    server.routes["/news"] = misbehaving.slow_headers
    assert check(evidence).outcome == "time_limit"
    evidence.refresh_from_db()
    assert evidence.health == LinkHealth.OK
    assert evidence.snapshots.count() == 1
    assert not Flag.objects.exists()


def test_a_time_limit_neither_counts_towards_death_nor_resets_the_count(
    server, evidence
):
    del server.routes["/news"]  # 404
    start = timezone.now()
    assert check(evidence, now=start).outcome == "failed_once"
    server.routes["/news"] = misbehaving.slow_body(length=False)
    assert check(evidence, now=start + timedelta(days=3)).outcome == "time_limit"
    evidence.refresh_from_db()
    assert evidence.consecutive_failures == 1
    assert evidence.first_failed_at == start
    del server.routes["/news"]
    assert check(evidence, now=start + timedelta(days=7)).outcome == "dead"


def test_the_task_runs_a_time_limited_check_once(server, evidence):
    server.routes["/news"] = misbehaving.slow_headers
    started = time.monotonic()
    result = evidence_check_task.apply(args=[evidence.pk])
    assert result.successful()
    assert time.monotonic() - started < LIMIT + 1
    assert server.hits("/news") == 1  # a retry would have asked again
    evidence.refresh_from_db()
    assert "2-second limit" in evidence.health_detail


def test_the_claim_page_says_no_result_yet_after_an_inconclusive_check(
    client, server, evidence
):
    server.routes["/news"] = misbehaving.slow_headers
    check(evidence)
    cache.clear()
    with translation.override("en"):
        url = reverse("claims:detail", kwargs={"slug": evidence.claim.slug})
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(url).text))
    assert "Link: no result yet · last checked" in text
    assert "not checked yet" not in text


# --- DNS ------------------------------------------------------------------------------


def simulated_resolver(monkeypatch, *, resolvable: set[str]) -> None:
    """Every lookup answers "no such host" except for ``resolvable`` names."""

    def getaddrinfo(host, port, *args, **kwargs):
        if host in resolvable:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80))]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def unresolvable(settings) -> Evidence:
    settings.FETCH_DNS_CONTROL_HOST = CONTROL
    evidence = EvidenceFactory(
        claim=ClaimFactory(published=True),
        url="http://gone.example/news",
        title="新华社：小米正式发布汽车",
    )
    Evidence.objects.filter(pk=evidence.pk).update(
        health=LinkHealth.OK, last_checked_at=timezone.now() - timedelta(days=7)
    )
    return evidence


def test_a_week_without_a_working_resolver_raises_no_dead_flag(
    monkeypatch, unresolvable
):
    simulated_resolver(monkeypatch, resolvable=set())
    start = timezone.now()
    for day in range(8):
        with pytest.raises(TransientCheckError, match="the DNS resolver failed"):
            check(unresolvable, now=start + timedelta(days=day))
    unresolvable.refresh_from_db()
    assert unresolvable.health == LinkHealth.OK
    assert (unresolvable.consecutive_failures, unresolvable.first_failed_at) == (
        0,
        None,
    )
    assert unresolvable.health_detail.startswith(
        "the DNS resolver failed: gone.example did not resolve, nor did control.example"
    )
    assert not Flag.objects.exists()


def test_a_name_that_alone_fails_days_apart_becomes_dead(monkeypatch, unresolvable):
    simulated_resolver(monkeypatch, resolvable={CONTROL})
    start = timezone.now()
    assert check(unresolvable, now=start).outcome == "failed_once"
    assert check(unresolvable, now=start + timedelta(days=3)).outcome == (
        "failed_again_too_soon"
    )
    unresolvable.refresh_from_db()
    assert unresolvable.health == LinkHealth.OK
    assert not Flag.objects.exists()

    assert check(unresolvable, now=start + timedelta(days=7)).outcome == "dead"
    unresolvable.refresh_from_db()
    assert unresolvable.health == LinkHealth.DEAD
    flag = Flag.objects.get(evidence=unresolvable)
    assert flag.reason == FlagReason.EVIDENCE_DEAD
    assert "had no such host twice" in flag.detail["summary"]


def test_days_of_resolver_failure_do_not_count_towards_death(monkeypatch, unresolvable):
    start = timezone.now()
    simulated_resolver(monkeypatch, resolvable=set())
    with pytest.raises(TransientCheckError):
        check(unresolvable, now=start)
    simulated_resolver(monkeypatch, resolvable={CONTROL})
    report = check(unresolvable, now=start + timedelta(days=7))
    assert report.outcome == "failed_once"
    unresolvable.refresh_from_db()
    assert unresolvable.health == LinkHealth.OK
    assert not Flag.objects.exists()
