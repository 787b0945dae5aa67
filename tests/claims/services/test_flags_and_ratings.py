"""Flags and ratings agree: "re-rated" needs a new rating, a new rating can
close the flags it answers, and a flag raised again keeps its note."""

import pytest
from django.core.exceptions import ValidationError

from claims import services
from claims.models import Flag, FlagReason, FlagResolution
from claims.services.flags import FlagNoted, flag_raise_with_note, flag_resolve
from claims.services.scans import claims_deadline_scan, claims_review_scan
from tests.factories import ClaimFactory, rating_for
from tests.helpers.claims import change_public_claim, propose

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def overdue(db):
    """A published prediction past its deadline, with its open flag."""
    claim = ClaimFactory(due_h1_2024=True, published=True)
    claims_deadline_scan(raised_by="tests")
    return claim


def re_rate(claim, user, approver, slug="stalled", **options):
    """``user`` re-rates the published ``claim``; ``approver``, a second
    reviewer, approves it (the flags named close then)."""
    return change_public_claim(
        claim,
        author=user,
        approver=approver,
        fields={"rating": rating_for(claim.kind, slug)},
        change_kind="update",
        change_reason="The deadline passed without mass production.",
        **options,
    )


def test_resolving_as_re_rated_without_a_new_rating_is_refused(overdue, reviewer):
    with pytest.raises(ValidationError) as refused:
        flag_resolve(
            flags=overdue.flags.all(),
            resolution=FlagResolution.RE_RATED,
            user=reviewer,
            note="Rated broken.",
        )
    message = " ".join(refused.value.message_dict["resolution"])
    assert "has not changed since the flag was raised" in message
    assert overdue.slug in message
    assert overdue.flags.open().count() == 1


def test_resolving_as_re_rated_after_a_new_rating_closes_the_flag(
    overdue, reviewer, second_reviewer
):
    re_rate(overdue, reviewer, second_reviewer, slug="compromise")
    assert (
        flag_resolve(
            flags=overdue.flags.all(),
            resolution=FlagResolution.RE_RATED,
            user=reviewer,
            note="Rated stalled.",
        )
        == 1
    )
    assert overdue.flags.get().resolution == FlagResolution.RE_RATED


def test_a_new_rating_closes_the_flags_it_answers_in_the_same_save(
    reviewer, second_reviewer
):
    claim = ClaimFactory(due_h1_2024=True, published=True)
    claims_deadline_scan(raised_by="tests")
    manual, _ = flag_raise_with_note(
        claim=claim, reason=FlagReason.MANUAL, user=reviewer, note="Check the quote."
    )

    revision = propose(
        claim,
        author=reviewer,
        fields={"rating": rating_for(claim.kind, "stalled")},
        change_kind="update",
        change_reason="The deadline passed without mass production.",
        resolve_flags=True,
    )
    # The public claim's new rating waits for a second person: so do its flags.
    assert claim.flags.open().count() == 2
    services.revision_approve(revision=revision, user=second_reviewer)

    deadline = claim.flags.get(reason=FlagReason.DEADLINE_PASSED)
    assert deadline.resolution == FlagResolution.RE_RATED
    assert deadline.resolved_by == second_reviewer  # closed by the approval
    assert deadline.resolution_note == "The deadline passed without mass production."
    manual.refresh_from_db()
    assert manual.is_open  # true closes only what a new rating answers


def test_named_flags_close_and_foreign_ids_are_refused(
    overdue, reviewer, second_reviewer
):
    manual, _ = flag_raise_with_note(
        claim=overdue, reason=FlagReason.MANUAL, user=reviewer, note="Quote?"
    )
    other = Flag.objects.create(claim=ClaimFactory(), reason=FlagReason.MANUAL)

    with pytest.raises(ValidationError) as refused:
        re_rate(overdue, reviewer, second_reviewer, resolve_flags=[manual.pk, other.pk])
    assert f"no flag {other.pk}" in " ".join(
        refused.value.message_dict["resolve_flags"]
    )
    overdue.refresh_from_db()
    assert overdue.rating.slug != "stalled"  # nothing was saved
    assert not overdue.revisions.exists()  # nor proposed

    re_rate(overdue, reviewer, second_reviewer, resolve_flags=[manual.pk])
    assert list(overdue.flags.open().values_list("reason", flat=True)) == [
        FlagReason.DEADLINE_PASSED
    ]


def test_closing_flags_without_a_new_rating_is_refused(overdue, reviewer):
    with pytest.raises(ValidationError) as refused:
        propose(
            overdue,
            author=reviewer,
            fields={"text_en": "Xiaomi will mass-produce its car in H1 2024."},
            resolve_flags=True,
        )
    assert "only with a new rating" in " ".join(
        refused.value.message_dict["resolve_flags"]
    )
    assert overdue.flags.open().count() == 1
    assert not overdue.revisions.exists()


def test_a_review_flag_closes_with_the_rating_too(reviewer, second_reviewer):
    claim = ClaimFactory(published=True, kind="statistic")
    Flag.objects.create(claim=claim, reason=FlagReason.REVIEW_OVERDUE)
    claims_review_scan(raised_by="tests")  # finds the open flag: no second one
    re_rate(claim, reviewer, second_reviewer, slug="mostly-true", resolve_flags=True)
    assert not claim.flags.open().exists()


def test_a_second_manual_flag_keeps_its_note(editor, second_editor):
    claim = ClaimFactory(published=True)
    first, outcome = flag_raise_with_note(
        claim=claim, reason=FlagReason.MANUAL, user=editor, note="Check Q3."
    )
    assert outcome == FlagNoted.CREATED

    again, outcome = flag_raise_with_note(
        claim=claim, reason=FlagReason.MANUAL, user=second_editor, note="And Q4."
    )
    assert outcome == FlagNoted.NOTE_ADDED
    assert again.pk == first.pk
    again.refresh_from_db()
    assert [n["note"] for n in again.detail["notes"]] == ["Check Q3.", "And Q4."]
    assert again.detail["summary"] == "Check Q3.\neditor-bob: And Q4."

    _, outcome = flag_raise_with_note(
        claim=claim, reason=FlagReason.MANUAL, user=second_editor, note="And Q4."
    )
    assert outcome == FlagNoted.ALREADY_NOTED
    assert Flag.objects.count() == 1
