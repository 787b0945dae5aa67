"""Evidence scheduling: which links a tick takes, when each link is next
due, how many a tick hands out, and each host's pace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from bench.scheduler_bench import links_fill, tick_plan
from claims.models import EditorialState, Evidence, Flag, HostPolicy, LinkHealth
from claims.services.claims import claim_submit_for_review
from claims.services.evidence import evidence_update
from claims.services.evidence_checks import evidence_check
from claims.services.evidence_schedule import (
    evidence_batch_size,
    evidence_check_slot,
    evidence_claim_due,
    evidence_tick_plan,
)
from claims.services.host_pacing import host_pace, host_turn_take
from claims.tasks import evidence_check as evidence_check_task
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.servers import Page, html

pytestmark = pytest.mark.django_db

WEEK = timedelta(days=7)


# --- When a link is next due --------------------------------------------------------


def test_checks_spread_evenly_over_the_week_whatever_the_ids():
    after = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    slots = [
        evidence_check_slot(evidence_id=pk, after=after) for pk in range(1, 14_001)
    ]
    assert all(after + WEEK / 2 <= slot < after + WEEK * 3 / 2 for slot in slots)
    # Fourteen half-days of the week each get a fourteenth of the checks.
    per_half_day = [0] * 14
    for slot in slots:
        position = (slot - after - WEEK / 2) / WEEK
        per_half_day[int(position * 14)] += 1
    assert min(per_half_day) >= 980, per_half_day
    assert max(per_half_day) <= 1020, per_half_day


def test_a_link_checked_on_its_slot_is_due_again_one_week_later():
    after = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    slot = evidence_check_slot(evidence_id=42, after=after)
    assert evidence_check_slot(evidence_id=42, after=slot) == slot + WEEK
    # A check some hours late keeps the link on its weekly slot.
    late = slot + timedelta(hours=30)
    assert evidence_check_slot(evidence_id=42, after=late) == slot + WEEK


# --- How many links a tick hands out ----------------------------------------------


def test_batch_size_follows_the_link_count(settings):
    settings.EVIDENCE_BATCH_SIZE = 0
    # 3,000,000 links a week, a tick a minute, 1.5 times the rate.
    assert evidence_batch_size(link_count=3_000_000) == 447
    assert evidence_batch_size(link_count=10_000_000) == 1489
    assert evidence_batch_size(link_count=1_000) == settings.EVIDENCE_BATCH_MIN
    assert evidence_batch_size(link_count=10**9) == settings.EVIDENCE_BATCH_MAX
    settings.EVIDENCE_BATCH_SIZE = 120  # set by hand: kept
    assert evidence_batch_size(link_count=3_000_000) == 120


def test_the_batch_runs_every_minute_as_its_setting_says(settings):
    from django_celery_beat.models import PeriodicTask

    batch = PeriodicTask.objects.get(task="claims.tasks.evidence_check_batch")
    assert (batch.interval.every, batch.interval.period) == (1, "minutes")
    assert settings.EVIDENCE_BATCH_TICK_SECONDS == 60


# --- Which links a tick takes ------------------------------------------------------


def test_a_tick_takes_due_links_oldest_first_and_leaves_the_rest():
    now = timezone.now()
    claim = ClaimFactory(published=True)
    later = EvidenceFactory(claim=claim, next_check_at=now + timedelta(hours=1))
    oldest = EvidenceFactory(claim=claim, next_check_at=now - timedelta(days=2))
    older = EvidenceFactory(claim=claim, next_check_at=now - timedelta(days=1))
    assert evidence_claim_due(limit=1, now=now) == [oldest.pk]
    assert evidence_claim_due(limit=5, now=now) == [older.pk]
    later.refresh_from_db()
    assert later.next_check_at == now + timedelta(hours=1)


def test_links_not_to_be_checked_leave_the_schedule_and_return_on_submission(
    editor,
):
    draft = ClaimFactory()
    waiting = EvidenceFactory(claim=draft)
    no_address = EvidenceFactory(claim=ClaimFactory(published=True), url="")
    assert evidence_claim_due(limit=10) == []
    for item in (waiting, no_address):
        item.refresh_from_db()
        assert item.next_check_at is None  # out of the due index
    claim_submit_for_review(claim=draft, user=editor)
    waiting.refresh_from_db()
    assert waiting.next_check_at <= timezone.now()
    assert evidence_claim_due(limit=10) == [waiting.pk]


def test_a_new_address_is_due_at_once_without_the_old_validators(editor):
    evidence = EvidenceFactory(
        claim=ClaimFactory(),
        etag='"v1"',
        last_modified="Mon, 02 Mar 2026 09:30:00 GMT",
        next_check_at=timezone.now() + timedelta(days=5),
    )
    evidence_update(
        evidence=evidence, user=editor, fields={"url": "https://example.org/moved"}
    )
    evidence.refresh_from_db()
    assert evidence.next_check_at <= timezone.now()
    assert (evidence.etag, evidence.last_modified) == ("", "")


def test_the_tick_reads_the_due_index_never_every_link():
    """PostgreSQL's own plan (no planner switch turned off) on 30,000 links:
    the due index in order, each link's claim by its key, stopping at the
    batch."""
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    links_fill(30_000)
    plan = tick_plan()
    assert "evidence_next_check_due" in plan, plan
    assert "Seq Scan" not in plan, plan
    assert "Sort" not in plan, plan  # the index gives the order
    now = timezone.now()
    due = Evidence.objects.filter(
        next_check_at__lte=now, claim__state=EditorialState.PUBLISHED
    )
    expected = sorted(due.values_list("pk", flat=True))
    assert 10 < len(expected) < 100  # ten minutes of a week's 30,000 checks
    assert evidence_claim_due(limit=len(expected) + 50, now=now) == expected


# --- Each host's pace --------------------------------------------------------------


def test_a_tick_gives_links_on_one_host_turns_one_interval_apart(settings):
    settings.EVIDENCE_BATCH_TICK_SECONDS = 300
    claim = ClaimFactory(published=True)
    busy = [
        EvidenceFactory(claim=claim, url=f"https://busy.example/{n}") for n in range(4)
    ]
    quiet = EvidenceFactory(claim=claim, url="https://quiet.example/1")
    HostPolicy.objects.create(host="busy.example", min_interval_seconds=120)
    now = timezone.now()
    plan = evidence_tick_plan(links=[(e.pk, e.url) for e in [*busy, quiet]], now=now)
    delays = dict(plan.send)
    # 0, 120 and 240 seconds fit in this tick; the fourth turn comes later.
    assert sorted(round(delays[e.pk]) for e in busy if e.pk in delays) == [0, 120, 240]
    assert round(delays[quiet.pk]) == 0
    assert plan.later == 1
    (left,) = [e for e in busy if e.pk not in delays]
    left.refresh_from_db()
    assert abs((left.next_check_at - now).total_seconds() - 360) < 2


def test_a_host_marked_do_not_check_is_not_asked():
    HostPolicy.objects.create(host="private.example", do_not_check=True)
    evidence = EvidenceFactory(
        claim=ClaimFactory(published=True), url="https://private.example/page"
    )
    now = timezone.now()
    plan = evidence_tick_plan(links=[(evidence.pk, evidence.url)], now=now)
    assert (plan.send, plan.excluded) == ([], 1)
    evidence.refresh_from_db()
    assert evidence.next_check_at == evidence_check_slot(
        evidence_id=evidence.pk, after=now
    )
    assert evidence.health == LinkHealth.UNCHECKED


def test_a_second_request_within_the_pace_waits():
    HostPolicy.objects.create(host="slow.example", min_interval_seconds=30)
    pace = host_pace("https://Slow.Example:8443/page")
    assert (pace.host, pace.interval) == ("slow.example", 30.0)
    assert host_turn_take(pace) == 0.0
    wait = host_turn_take(pace)
    assert 29 < wait <= 30


@pytest.mark.redis
def test_the_pace_is_kept_in_redis(redis_cache):
    HostPolicy.objects.create(host="shared.example", min_interval_seconds=30)
    pace = host_pace("https://shared.example/")
    assert host_turn_take(pace) == 0.0
    assert 29 < host_turn_take(pace) <= 30
    assert Evidence.objects.count() == 0  # nothing written for a wait


# --- Conditional requests -------------------------------------------------------------


def test_an_unchanged_page_answers_304_and_stays_healthy(fetch_allowed):
    """The second check sends the ETag and Last-Modified of the first; the
    304 keeps the link healthy, stores nothing new and puts the link on its
    next slot."""
    modified = "Mon, 02 Mar 2026 09:30:00 GMT"
    fetch_allowed.pages["/report"] = Page(
        body=html("小米汽车将于2024年上半年量产。"),
        etag='"v1"',
        headers={"Last-Modified": modified},
    )
    evidence = EvidenceFactory(
        claim=ClaimFactory(published=True), url=fetch_allowed.url("/report")
    )
    assert evidence_check(evidence=evidence, raised_by="tests").outcome == "first"
    evidence.refresh_from_db()
    assert (evidence.etag, evidence.last_modified) == ('"v1"', modified)

    now = timezone.now()
    report = evidence_check(evidence=evidence, raised_by="tests", now=now)

    assert report.outcome == "unchanged"
    headers = fetch_allowed.requests[-1][1]
    assert (headers["If-None-Match"], headers["If-Modified-Since"]) == (
        '"v1"',
        modified,
    )
    evidence.refresh_from_db()
    assert (evidence.health, evidence.http_status) == (LinkHealth.OK, 304)
    assert evidence.snapshots.count() == 1
    assert not Flag.objects.exists()
    assert evidence.next_check_at == evidence_check_slot(
        evidence_id=evidence.pk, after=now
    )


def test_a_check_too_soon_for_its_host_is_put_back_not_failed(fetch_allowed):
    """Its host was just asked and allows one request in ten minutes: the
    check sends nothing and is due again at the host's turn, health and
    failure count untouched."""
    fetch_allowed.pages["/paced"] = Page(body=html("正文。"))
    HostPolicy.objects.create(host="127.0.0.1", min_interval_seconds=600)
    evidence = EvidenceFactory(
        claim=ClaimFactory(published=True), url=fetch_allowed.url("/paced")
    )
    assert host_turn_take(host_pace(evidence.url)) == 0.0  # another worker's

    evidence_check_task(evidence.pk)

    assert fetch_allowed.requests == []
    evidence.refresh_from_db()
    wait = (evidence.next_check_at - timezone.now()).total_seconds()
    assert 590 < wait <= 601
    assert (evidence.health, evidence.consecutive_failures) == (
        LinkHealth.UNCHECKED,
        0,
    )
    assert evidence.last_checked_at is None
