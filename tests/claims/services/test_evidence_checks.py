"""The refresh services: scans, evidence claiming and checks, flag resolution."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from claims.flagging import flag_raise, flag_resolve
from claims.models import (
    Claim,
    ClaimKind,
    EditorialState,
    Evidence,
    EvidenceSnapshot,
    Flag,
    FlagReason,
    FlagResolution,
    LinkHealth,
    Rating,
)
from claims.refresh import (
    TransientCheckError,
    claims_deadline_scan,
    claims_review_scan,
    evidence_check,
    evidence_claim_due,
)
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.servers import Page, html

pytestmark = pytest.mark.django_db


def prediction(**overrides) -> Claim:
    values = {
        "kind": ClaimKind.PREDICTION,
        "due_start": date(2024, 1, 1),
        "due_end": date(2024, 6, 30),
        "due_precision": "half",
        "due_text": "2024年上半年",
        "state": EditorialState.PUBLISHED,
        **overrides,
    }
    return ClaimFactory(**values)


# --- Deadlines ------------------------------------------------------------------------


def test_a_passed_deadline_with_a_non_final_rating_gets_one_flag():
    claim = prediction()
    report = claims_deadline_scan(raised_by="tests")
    assert (report.scanned, report.flagged) == (1, 1)
    flag = Flag.objects.get(claim=claim)
    assert flag.reason == FlagReason.DEADLINE_PASSED
    assert flag.raised_by == "tests"
    assert flag.detail["summary"] == (
        "Deadline passed on 2024-06-30 (2024年上半年) and the rating is still "
        "“In progress”."
    )
    assert claims_deadline_scan(raised_by="tests").flagged == 0
    assert Flag.objects.filter(claim=claim).count() == 1


def test_final_ratings_drafts_and_future_deadlines_are_not_flagged():
    prediction(rating=Rating.objects.get(slug="kept"))
    prediction(state=EditorialState.DRAFT)
    prediction(due_end=timezone.localdate() + timedelta(days=30))
    assert claims_deadline_scan(raised_by="tests").flagged == 0
    assert not Flag.objects.exists()


def test_claims_in_review_are_watched_too():
    prediction(state=EditorialState.IN_REVIEW)
    assert claims_deadline_scan(raised_by="tests").flagged == 1


def test_a_dismissed_deadline_flag_stays_dismissed(editor):
    claim = prediction()
    claims_deadline_scan(raised_by="tests")
    flag_resolve(
        flags=claim.flags.all(),
        resolution=FlagResolution.DISMISSED,
        user=editor,
        note="The company never set a firm date.",
    )
    assert claims_deadline_scan(raised_by="tests").flagged == 0


def test_an_extended_deadline_is_flagged_again_once_it_passes(editor):
    claim = prediction()
    claims_deadline_scan(raised_by="tests")
    new_end = timezone.localdate() + timedelta(days=10)
    flag_resolve(
        flags=claim.flags.all(),
        resolution=FlagResolution.DEADLINE_EXTENDED,
        user=editor,
        note="Lei Jun moved the target in a new interview.",
        new_due_end=new_end,
    )
    claim.refresh_from_db()
    assert claim.due_end == new_end
    assert (
        "Deadline extended from 2024-06-30"
        in claim.history.first().history_change_reason
    )
    assert claims_deadline_scan(raised_by="tests").flagged == 0
    later = timezone.now() + timedelta(days=12)
    assert claims_deadline_scan(raised_by="tests", now=later).flagged == 1


def test_the_deadline_scan_is_set_based(django_assert_max_num_queries):
    prediction()
    with django_assert_max_num_queries(6) as first:
        claims_deadline_scan(raised_by="tests")
    for _ in range(25):
        prediction()
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert claims_deadline_scan(raised_by="tests").flagged == 25


def test_a_duplicate_insert_from_a_concurrent_run_is_ignored():
    """Two scans that both saw the claim unflagged still open one flag."""
    from django.db.models import Value
    from django.db.models.functions import JSONObject

    from claims.refresh import _insert_flags

    claim = prediction()
    seen_unflagged = Claim.objects.filter(pk=claim.pk)
    detail = JSONObject(summary=Value("x"))
    now = timezone.now()
    first = _insert_flags(
        seen_unflagged,
        detail=detail,
        reason=FlagReason.DEADLINE_PASSED,
        raised_by="a",
        now=now,
    )
    second = _insert_flags(
        seen_unflagged,
        detail=detail,
        reason=FlagReason.DEADLINE_PASSED,
        raised_by="b",
        now=now + timedelta(seconds=1),
    )
    assert (first, second) == (1, 0)
    assert Flag.objects.filter(claim=claim).count() == 1


# --- Review clock ---------------------------------------------------------------------


def test_an_overdue_review_gets_one_flag_and_reviewing_restarts_the_clock(editor):
    claim = ClaimFactory(published=True)
    Claim.objects.filter(pk=claim.pk).update(
        last_reviewed_at=timezone.now() - timedelta(days=100),
        next_review_at=timezone.now() - timedelta(days=10),
    )
    report = claims_review_scan(raised_by="tests")
    assert (report.scanned, report.flagged) == (1, 1)
    assert claims_review_scan(raised_by="tests").flagged == 0
    flag = claim.flags.get()
    assert flag.detail["summary"].startswith("Review was due on")

    history_before = claim.history.count()
    flag_resolve(
        flags=[flag],
        resolution=FlagResolution.REVIEWED,
        user=editor,
        note="Figures re-checked against the 2024 report.",
    )
    claim.refresh_from_db()
    assert claim.next_review_at > timezone.now() + timedelta(days=80)
    assert claim.history.count() == history_before + 1
    assert claim.history.first().history_change_reason.startswith("Reviewed, no change")
    assert claims_review_scan(raised_by="tests").flagged == 0


# --- Flags ----------------------------------------------------------------------------


def test_flag_raise_returns_none_for_a_duplicate_open_flag():
    claim = ClaimFactory()
    assert flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="a")
    assert flag_raise(claim=claim, reason=FlagReason.MANUAL, raised_by="b") is None


def test_resolving_needs_a_note_and_a_date_for_extensions(editor):
    claim = prediction()
    claims_deadline_scan(raised_by="tests")
    with pytest.raises(ValidationError, match="note"):
        flag_resolve(
            flags=claim.flags.all(),
            resolution=FlagResolution.DISMISSED,
            user=editor,
            note="  ",
        )
    with pytest.raises(ValidationError, match="new deadline"):
        flag_resolve(
            flags=claim.flags.all(),
            resolution=FlagResolution.DEADLINE_EXTENDED,
            user=editor,
            note="moved",
        )
    assert claim.flags.open().count() == 1


def test_a_resolved_flag_keeps_who_when_and_the_note(editor):
    claim = prediction()
    claims_deadline_scan(raised_by="tests")
    assert (
        flag_resolve(
            flags=claim.flags.all(),
            resolution=FlagResolution.RE_RATED,
            user=editor,
            note="Rated broken.",
        )
        == 1
    )
    flag = claim.flags.get()
    assert (flag.resolution, flag.resolved_by, flag.resolution_note) == (
        FlagResolution.RE_RATED,
        editor,
        "Rated broken.",
    )
    assert flag.resolved_at is not None
    # Resolving again changes nothing.
    assert (
        flag_resolve(
            flags=[flag], resolution=FlagResolution.DISMISSED, user=editor, note="x"
        )
        == 0
    )


# --- Evidence claiming ----------------------------------------------------------------


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
