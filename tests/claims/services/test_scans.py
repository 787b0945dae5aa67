"""The deadline and review scans, one INSERT ... SELECT each: one open flag per
claim and reason, the details editors read, resolutions that stick."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from claims.caching.versions import LISTS, claim_version, version_key
from claims.models import (
    Claim,
    EditorialState,
    Flag,
    FlagReason,
    FlagResolution,
    Rating,
)
from claims.services.flags import flag_raise, flag_resolve
from claims.services.revisions import revision_approve, revision_reject
from claims.services.scans import (
    _insert_flags,
    claims_deadline_scan,
    claims_review_scan,
)
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def prediction(**overrides) -> Claim:
    """A published prediction whose H1 2024 deadline has passed."""
    return ClaimFactory(due_h1_2024=True, published=True, **overrides)


# --- Deadlines ----------------------------------------------------------------


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


def test_an_extended_deadline_is_flagged_again_once_it_passes(editor, reviewer):
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
    # The claim is public: the new deadline waits for a second person, and
    # approving it closes the flag it answers.
    assert Claim.objects.get(pk=claim.pk).due_end != new_end
    assert claim.flags.open().count() == 1
    revision_approve(revision=claim.revisions.get(), user=reviewer)
    flag = claim.flags.get()
    assert (flag.resolution, flag.resolved_by) == ("deadline_extended", reviewer)
    assert "Lei Jun moved the target" in flag.resolution_note
    claim.refresh_from_db()
    assert claim.due_end == new_end
    assert (
        "Deadline extended from 2024-06-30"
        in claim.history.first().history_change_reason
    )
    assert claims_deadline_scan(raised_by="tests").flagged == 0
    later = timezone.now() + timedelta(days=12)
    assert claims_deadline_scan(raised_by="tests", now=later).flagged == 1


def test_a_duplicate_insert_from_a_concurrent_run_is_ignored():
    """Two scans that both saw the claim unflagged still open one flag."""
    from django.db.models import Value
    from django.db.models.functions import JSONObject

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


def test_each_claim_gets_exactly_one_deadline_flag_and_none_twice():
    claims = [prediction() for _ in range(5)]
    already = claims[0]
    flag_raise(claim=already, reason=FlagReason.DEADLINE_PASSED, raised_by="earlier")
    report = claims_deadline_scan(raised_by="scan")
    assert (report.scanned, report.flagged) == (5, 4)
    assert claims_deadline_scan(raised_by="scan").flagged == 0
    for claim in claims:
        assert claim.flags.filter(reason=FlagReason.DEADLINE_PASSED).count() == 1
    assert already.flags.get().raised_by == "earlier"
    flag = claims[1].flags.get()
    assert flag.is_open
    assert (flag.resolution, flag.resolution_note, flag.evidence_id) == ("", "", None)


def test_deadline_detail_without_due_text_and_without_a_rating():
    claim = prediction(rating=None, state=EditorialState.IN_REVIEW, due_text="")
    claims_deadline_scan(raised_by="scan")
    assert claim.flags.get().detail == {
        "summary": "Deadline passed on 2024-06-30 and the rating is still “not rated”.",
        "due_end": "2024-06-30",
        "rating": "not rated",
        "rating_zh": "",
    }


def test_deadline_detail_names_the_rating_in_both_languages():
    rating = Rating.objects.filter(is_final=False).exclude(label_en="").first()
    claim = prediction(rating=rating)
    claims_deadline_scan(raised_by="scan")
    assert claim.flags.get().detail == {
        "summary": (
            "Deadline passed on 2024-06-30 (2024年上半年) and the rating is still "
            f"“{rating.label_en}”."
        ),
        "due_end": "2024-06-30",
        "rating": rating.label_en,
        "rating_zh": rating.label_zh,
    }


# --- Review clock -------------------------------------------------------------


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


def test_review_detail_uses_local_dates():
    # 20:00 UTC is the next day in Asia/Shanghai.
    due = datetime(2024, 3, 1, 20, 0, tzinfo=UTC)
    last = datetime(2023, 12, 31, 17, 0, tzinfo=UTC)
    reviewed = ClaimFactory(published=True)
    never = ClaimFactory(published=True)
    Claim.objects.filter(pk=reviewed.pk).update(
        next_review_at=due, last_reviewed_at=last
    )
    Claim.objects.filter(pk=never.pk).update(next_review_at=due, last_reviewed_at=None)
    with timezone.override("Asia/Shanghai"):
        report = claims_review_scan(raised_by="scan")
    assert (report.scanned, report.flagged) == (2, 2)
    assert reviewed.flags.get().detail == {
        "summary": "Review was due on 2024-03-02 (last reviewed 2024-01-01).",
        "review_due": "2024-03-02",
    }
    assert never.flags.get().detail == {
        "summary": "Review was due on 2024-03-02.",
        "review_due": "2024-03-02",
    }
    assert claims_review_scan(raised_by="scan").flagged == 0
    assert Flag.objects.count() == 2


def test_drafts_and_retracted_claims_are_not_scanned():
    prediction(state=EditorialState.DRAFT)
    prediction(state=EditorialState.RETRACTED, retraction_reason="Misquoted.")
    ClaimFactory(state=EditorialState.DRAFT, next_review_at=timezone.now())
    assert claims_deadline_scan(raised_by="scan").flagged == 0
    assert claims_review_scan(raised_by="scan").flagged == 0
    assert not Flag.objects.exists()


def test_a_scan_that_flags_makes_the_claim_page_stale_not_the_lists():
    claim = prediction()
    page, lists = version_key(claim_version(claim.pk)), version_key(LISTS)
    cache.set_many({page: "before", lists: "lists"})
    claims_deadline_scan(raised_by="scan")
    # The page shows "under review"; no list shows flags.
    assert cache.get(page) != "before"
    assert cache.get(lists) == "lists"
    cache.set(page, "after")
    claims_deadline_scan(raised_by="scan")  # nothing new: pages stay cached
    assert cache.get(page) == "after"


def test_the_scans_run_a_constant_number_of_queries(django_assert_max_num_queries):
    later = timezone.now() + timedelta(days=1)
    # The connection checks once whether SQLite has JSON; not the scan's query.
    claims_deadline_scan(raised_by="scan")
    prediction()
    # The flags, then the public events for them: one statement each.
    with django_assert_max_num_queries(7) as deadline_scan:
        assert claims_deadline_scan(raised_by="scan").flagged == 1
    # Five statements on SQLite, six on PostgreSQL.
    with django_assert_max_num_queries(6) as review_scan:
        claims_review_scan(raised_by="scan", now=later)
    for _ in range(20):
        prediction()
    with django_assert_max_num_queries(len(deadline_scan.captured_queries)):
        assert claims_deadline_scan(raised_by="scan").flagged == 20
    with django_assert_max_num_queries(len(review_scan.captured_queries)):
        claims_review_scan(raised_by="scan", now=later)


def test_a_rejected_deadline_extension_leaves_the_flag_open(editor, reviewer):
    claim = prediction()
    claims_deadline_scan(raised_by="tests")
    flag_resolve(
        flags=claim.flags.all(),
        resolution=FlagResolution.DEADLINE_EXTENDED,
        user=editor,
        note="Lei Jun moved the target in a new interview.",
        new_due_end=timezone.localdate() + timedelta(days=10),
    )
    # The flag stays open while the new deadline waits, and after a rejection.
    assert claim.flags.open().count() == 1
    revision_reject(
        revision=claim.revisions.get(), user=reviewer, note="No source for it."
    )
    assert claim.flags.open().count() == 1
