"""Deadline status as queryset methods: the one rule that the home page, the
list filters, the API and the claim page all use."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from claims import selectors
from claims.models import Claim, ClaimKind, DuePrecision
from tests.factories import ClaimFactory, claim_due

pytestmark = pytest.mark.django_db


def test_a_prediction_whose_window_ended_yesterday_has_passed_and_is_not_upcoming():
    today = timezone.localdate()
    ended = claim_due(today - timedelta(days=1), published=True)

    assert list(Claim.objects.deadline_passed()) == [ended]
    assert not Claim.objects.deadline_upcoming().exists()
    assert ended.deadline_passed()


def test_a_deadline_ending_today_is_upcoming_until_the_day_is_over():
    today = timezone.localdate()
    due_today = claim_due(today, kind=ClaimKind.PROMISE, published=True)

    assert list(Claim.objects.deadline_upcoming()) == [due_today]
    assert not Claim.objects.deadline_passed().exists()
    assert list(Claim.objects.deadline_passed(today + timedelta(days=1))) == [due_today]


def test_a_window_that_has_not_started_yet_is_upcoming():
    today = timezone.localdate()
    later = ClaimFactory(
        kind=ClaimKind.PROMISE,
        due_start=today + timedelta(days=10),
        due_end=today + timedelta(days=40),
        due_precision=DuePrecision.MONTH,
    )

    assert list(Claim.objects.deadline_upcoming()) == [later]
    assert not Claim.objects.deadline_passed().exists()


def test_a_claim_without_a_deadline_is_neither_passed_nor_upcoming():
    today = timezone.localdate()
    statistic = ClaimFactory(published=True)
    prediction = claim_due(today + timedelta(days=5), published=True)

    assert list(Claim.objects.without_deadline()) == [statistic]
    assert list(Claim.objects.with_deadline()) == [prediction]
    assert statistic not in Claim.objects.deadline_passed()
    assert statistic not in Claim.objects.deadline_upcoming()
    assert not statistic.has_deadline and not statistic.deadline_passed()


def test_status_is_judged_on_the_day_given():
    claim = claim_due(date(2024, 6, 30))

    assert claim in Claim.objects.deadline_upcoming(date(2024, 6, 30))
    assert claim not in Claim.objects.deadline_passed(date(2024, 6, 30))
    assert claim in Claim.objects.deadline_passed(date(2024, 7, 1))
    assert claim not in Claim.objects.deadline_upcoming(date(2024, 7, 1))


def test_drafts_count_for_editors_but_readers_see_public_claims_only():
    today = timezone.localdate()
    draft = claim_due(today - timedelta(days=1))
    draft_without_deadline = ClaimFactory()
    published = claim_due(today - timedelta(days=2), published=True)

    assert set(Claim.objects.deadline_passed()) == {draft, published}
    assert list(Claim.objects.without_deadline()) == [draft_without_deadline]
    assert list(Claim.objects.public().deadline_passed()) == [published]
    assert not Claim.objects.public().without_deadline().exists()
    assert list(selectors.claim_list_deadline_passed(today=today)) == [published]


@pytest.mark.parametrize("days_from_today", [-30, -1, 0, 1, 30, None])
def test_a_claims_own_deadline_passed_agrees_with_the_queryset(days_from_today):
    today = timezone.localdate()
    if days_from_today is None:
        claim = ClaimFactory()
    else:
        claim = claim_due(today + timedelta(days=days_from_today))

    in_passed = Claim.objects.deadline_passed(today).filter(pk=claim.pk).exists()
    in_upcoming = Claim.objects.deadline_upcoming(today).filter(pk=claim.pk).exists()
    assert claim.deadline_passed(today) is in_passed
    assert claim.has_deadline is (in_passed or in_upcoming)
    assert not (in_passed and in_upcoming)
