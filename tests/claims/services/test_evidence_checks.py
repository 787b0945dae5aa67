"""Evidence checks: which links are due, and what a check of a page on a
local server stores, flags and refuses."""

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.exceptions import TransientCheckError
from claims.models import (
    Claim,
    Evidence,
    EvidenceSnapshot,
    Flag,
    FlagReason,
    LinkHealth,
)
from claims.services.evidence_checks import evidence_check
from claims.services.evidence_schedule import evidence_claim_due
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.servers import Page, html

pytestmark = pytest.mark.django_db


# --- Due evidence -----------------------------------------------------------------


def test_due_evidence_is_claimed_once():
    claim = ClaimFactory(published=True)
    due = EvidenceFactory.create_batch(3, claim=claim)
    EvidenceFactory(claim=claim, url="")
    EvidenceFactory(claim=claim, health=LinkHealth.BLOCKED)
    EvidenceFactory(claim=claim, next_check_at=timezone.now() + timedelta(days=1))
    EvidenceFactory(claim=ClaimFactory())  # a draft's evidence waits
    assert evidence_claim_due(limit=2) == sorted(e.pk for e in due)[:2]
    assert evidence_claim_due(limit=10) == [sorted(e.pk for e in due)[2]]
    assert evidence_claim_due(limit=10) == []
    for evidence in Evidence.objects.filter(pk__in=[e.pk for e in due]):
        assert evidence.next_check_at > timezone.now()


def test_claimed_evidence_is_due_again_after_the_lease():
    evidence = EvidenceFactory(claim=ClaimFactory(published=True))
    assert evidence_claim_due(limit=5) == [evidence.pk]
    later = timezone.now() + timedelta(hours=7)
    assert evidence_claim_due(limit=5, now=later) == [evidence.pk]


# --- Evidence checks against local servers --------------------------------------------


@pytest.fixture
def evidence(fetch_allowed):
    fetch_allowed.pages["/news"] = Page(body=html("小米汽车将于2024年上半年量产。"))
    return EvidenceFactory(
        claim=ClaimFactory(published=True),
        url=fetch_allowed.url("/news"),
        title="新华社：小米正式发布汽车",
    )


def check(evidence, **kwargs):
    evidence.refresh_from_db()
    return evidence_check(evidence=evidence, raised_by="tests", **kwargs)


def test_first_check_stores_a_baseline_and_an_unchanged_page_stores_nothing(evidence):
    assert check(evidence).outcome == "first"
    evidence.refresh_from_db()
    assert evidence.health == LinkHealth.OK
    assert evidence.http_status == 200
    assert len(evidence.content_hash) == 64
    assert evidence.snapshots.count() == 1
    history = evidence.history.count()

    assert check(evidence).outcome == "unchanged"
    assert evidence.snapshots.count() == 1
    assert not Flag.objects.exists()
    assert evidence.history.count() == history  # link health writes no history


def test_a_changed_page_stores_a_snapshot_and_flags_the_claim(evidence, fetch_allowed):
    check(evidence)
    version = Claim.objects.get(pk=evidence.claim_id).version
    fetch_allowed.pages["/news"] = Page(body=html("小米汽车量产推迟到2024年下半年。"))
    report = check(evidence)
    assert report.outcome == "changed"
    assert evidence.snapshots.count() == 2
    evidence.refresh_from_db()
    assert evidence.health == LinkHealth.CHANGED
    flag = Flag.objects.get(evidence=evidence)
    assert flag.reason == FlagReason.EVIDENCE_CHANGED
    assert "新华社：小米正式发布汽车" in flag.detail["summary"]
    assert "-小米汽车将于2024年上半年量产。" in flag.detail["diff"]
    assert "+小米汽车量产推迟到2024年下半年。" in flag.detail["diff"]
    assert Claim.objects.get(pk=evidence.claim_id).version == version
    # Checking the changed page again adds nothing.
    assert check(evidence).outcome == "unchanged"
    assert (evidence.snapshots.count(), Flag.objects.count()) == (2, 1)


def test_only_volatile_lines_changing_is_not_a_change(evidence, fetch_allowed):
    fetch_allowed.pages["/news"] = Page(
        body=html("小米汽车将于2024年上半年量产。", "阅读量：100")
    )
    check(evidence)
    fetch_allowed.pages["/news"] = Page(
        body=html("小米汽车将于2024年上半年量产。", "阅读量：5321")
    )
    assert check(evidence).outcome == "unchanged"


def test_a_server_supporting_etags_answers_not_modified(evidence, fetch_allowed):
    fetch_allowed.pages["/news"].etag = '"abc"'
    check(evidence)
    assert check(evidence).outcome == "unchanged"
    assert fetch_allowed.requests[-1][1]["If-None-Match"] == '"abc"'
    evidence.refresh_from_db()
    assert evidence.http_status == 304


def test_a_404_once_is_not_dead_and_twice_a_week_apart_is(evidence, fetch_allowed):
    del fetch_allowed.pages["/news"]
    start = timezone.now()
    assert check(evidence, now=start).outcome == "failed_once"
    evidence.refresh_from_db()
    assert evidence.health != LinkHealth.DEAD
    assert evidence.consecutive_failures == 1
    assert not Flag.objects.exists()

    assert check(evidence, now=start + timedelta(days=2)).outcome == (
        "failed_again_too_soon"
    )
    evidence.refresh_from_db()
    assert evidence.health != LinkHealth.DEAD

    report = check(evidence, now=start + timedelta(days=7))
    assert report.outcome == "dead"
    evidence.refresh_from_db()
    assert evidence.health == LinkHealth.DEAD
    flag = Flag.objects.get(evidence=evidence, reason=FlagReason.EVIDENCE_DEAD)
    first = timezone.localdate(start).isoformat()
    second = timezone.localdate(start + timedelta(days=7)).isoformat()
    assert flag.detail["summary"] == (
        f"Evidence “新华社：小米正式发布汽车” returned 404 twice, on {first} "
        f"and {second}."
    )
    # Still dead next week: no second flag.
    check(evidence, now=start + timedelta(days=14))
    assert Flag.objects.count() == 1


def test_the_gap_before_death_is_a_setting(evidence, fetch_allowed, settings):
    settings.EVIDENCE_DEAD_AFTER_DAYS = 1
    del fetch_allowed.pages["/news"]
    start = timezone.now()
    check(evidence, now=start)
    assert check(evidence, now=start + timedelta(days=1)).outcome == "dead"


def test_a_page_that_comes_back_resets_the_failures(evidence, fetch_allowed):
    page = fetch_allowed.pages.pop("/news")
    check(evidence)
    fetch_allowed.pages["/news"] = page
    check(evidence)
    evidence.refresh_from_db()
    assert (evidence.consecutive_failures, evidence.first_failed_at) == (0, None)
    assert evidence.health == LinkHealth.OK


def test_a_timeout_is_transient_and_never_a_death(evidence, fetch_allowed, settings):
    settings.FETCH_READ_TIMEOUT = 0.3
    fetch_allowed.pages["/news"].delay = 1.5
    for days in (0, 8):
        with pytest.raises(TransientCheckError, match="timed out"):
            check(evidence, now=timezone.now() + timedelta(days=days))
    evidence.refresh_from_db()
    assert evidence.health == LinkHealth.UNCHECKED
    assert evidence.consecutive_failures == 0
    assert "timed out" in evidence.health_detail


@pytest.mark.parametrize(
    "target", ["http://127.0.0.1:{other}/admin", "http://169.254.169.254/latest/"]
)
def test_a_redirect_into_the_private_network_is_blocked(
    evidence, fetch_allowed, second_server, target
):
    fetch_allowed.pages["/news"] = Page(
        status=302,
        headers={"Location": target.format(other=second_server.host.split(":")[1])},
    )
    report = check(evidence)  # no TransientCheckError: never retried
    assert report.outcome == "blocked"
    evidence.refresh_from_db()
    assert evidence.health == LinkHealth.BLOCKED
    assert evidence.health_detail.startswith("refused: redirect to")
    assert evidence.next_check_at is None
    assert second_server.requests == []
    assert evidence_claim_due(limit=10) == []


def test_a_50_mib_page_is_capped(evidence, fetch_allowed):
    fetch_allowed.pages["/news"] = Page(
        body=html("开头的正文。"), filler_bytes=50 * 1024 * 1024
    )
    check(evidence)
    snapshot = EvidenceSnapshot.objects.get(evidence=evidence)
    assert snapshot.truncated
    assert len(snapshot.text) <= EvidenceSnapshot.TEXT_LIMIT


def test_a_gbk_page_is_stored_as_readable_text(evidence, fetch_allowed):
    fetch_allowed.pages["/news"] = Page(
        body=html("小米汽车今天正式发布，雷军表示将在上半年量产。", charset="gbk"),
        content_type="text/html",
    )
    check(evidence)
    snapshot = EvidenceSnapshot.objects.get(evidence=evidence)
    assert "雷军表示将在上半年量产" in snapshot.text


def test_with_default_settings_evidence_on_a_local_address_is_blocked(page_server):
    page_server.pages["/news"] = Page(body=html("正文"))
    evidence = EvidenceFactory(
        claim=ClaimFactory(published=True), url=page_server.url("/news")
    )
    assert check(evidence).outcome == "blocked"
    assert page_server.requests == []
