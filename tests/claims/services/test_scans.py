"""The deadline and review scans as one INSERT ... SELECT each: the same flags,
the same details editors read, one open flag per claim and reason."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from claims.cache import GENERATION_KEY
from claims.flagging import flag_raise
from claims.models import Claim, ClaimKind, EditorialState, Flag, FlagReason, Rating
from claims.refresh import claims_deadline_scan, claims_review_scan
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def prediction(**overrides) -> Claim:
    values = {
        "kind": ClaimKind.PREDICTION,
        "due_start": date(2024, 1, 1),
        "due_end": date(2024, 6, 30),
        "due_precision": "half",
        "due_text": "",
        "state": EditorialState.PUBLISHED,
        **overrides,
    }
    return ClaimFactory(**values)


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
    claim = prediction(rating=None, state=EditorialState.IN_REVIEW)
    claims_deadline_scan(raised_by="scan")
    assert claim.flags.get().detail == {
        "summary": "Deadline passed on 2024-06-30 and the rating is still “not rated”.",
        "due_end": "2024-06-30",
        "rating": "not rated",
        "rating_zh": "",
    }


def test_deadline_detail_names_the_rating_in_both_languages():
    rating = Rating.objects.filter(is_final=False).exclude(label_en="").first()
    claim = prediction(rating=rating, due_text="2024年上半年")
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
    ClaimFactory(state=EditorialState.DRAFT, next_review_at=timezone.now())
    assert claims_deadline_scan(raised_by="scan").flagged == 0
    assert claims_review_scan(raised_by="scan").flagged == 0
    assert not Flag.objects.exists()


def test_a_scan_that_flags_makes_cached_pages_stale():
    prediction()
    cache.set(GENERATION_KEY, "before", timeout=None)
    claims_deadline_scan(raised_by="scan")
    assert cache.get(GENERATION_KEY) != "before"
    cache.set(GENERATION_KEY, "after", timeout=None)
    claims_deadline_scan(raised_by="scan")  # nothing new: pages stay cached
    assert cache.get(GENERATION_KEY) == "after"


def test_the_scans_run_a_constant_number_of_queries(django_assert_max_num_queries):
    prediction()
    with django_assert_max_num_queries(10) as first:
        claims_deadline_scan(raised_by="scan")
        claims_review_scan(raised_by="scan", now=timezone.now() + timedelta(days=1))
    for _ in range(20):
        prediction()
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert claims_deadline_scan(raised_by="scan").flagged == 20
        claims_review_scan(raised_by="scan", now=timezone.now() + timedelta(days=1))
