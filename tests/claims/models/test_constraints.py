"""Rules the data itself enforces: a bad row is refused with a message."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import (
    Article,
    Claim,
    ClaimKind,
    EditorialState,
    Flag,
    FlagReason,
    Rating,
    RatingChange,
    ReasonCode,
)
from claims.services.claims import claim_update
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    FlagFactory,
    SpeakerFactory,
    rating_for,
)

pytestmark = pytest.mark.django_db


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def refusal(instance) -> str:
    """What ``full_clean`` says when it refuses ``instance``."""
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    return error_text(refused.value)


def unsaved_claim(**fields) -> Claim:
    return ClaimFactory.build(
        speaker=SpeakerFactory(), article=ArticleFactory(), **fields
    )


@pytest.mark.usefixtures("english")
def test_deadline_ending_before_it_starts_is_refused_with_a_message():
    claim = unsaved_claim(
        kind=ClaimKind.PROMISE,
        due_start=date(2024, 7, 1),
        due_end=date(2024, 6, 30),
        due_precision="half",
    )
    assert "cannot end before its window starts" in refusal(claim)


def test_database_refuses_a_deadline_ending_before_it_starts_even_past_validation():
    claim = ClaimFactory(kind=ClaimKind.PROMISE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(
            due_start=date(2024, 7, 1), due_end=date(2024, 6, 30)
        )
    claim.refresh_from_db()
    assert claim.due_end is None


@pytest.mark.usefixtures("english")
def test_only_predictions_and_promises_take_a_deadline():
    claim = unsaved_claim(
        kind=ClaimKind.STATISTIC,
        due_start=date(2024, 1, 1),
        due_end=date(2024, 12, 31),
        due_precision="year",
    )
    assert "Only predictions and promises have a deadline" in refusal(claim)


@pytest.mark.usefixtures("english")
def test_rating_from_the_wrong_scale_is_refused_on_save_with_a_clear_message():
    claim = ClaimFactory(kind=ClaimKind.PROMISE, rating=rating_for("promise", "kept"))
    claim.rating = rating_for("statistic", "true")
    with pytest.raises(ValidationError) as refused:
        claim.save()
    message = error_text(refused.value)
    assert "“True” cannot rate a promise claim" in message
    assert "statistic" in message
    claim.refresh_from_db()
    assert claim.rating.slug == "kept"


@pytest.mark.usefixtures("english")
def test_a_claim_cannot_be_published_without_a_rating():
    claim = ClaimFactory(rating=None)
    claim.state = EditorialState.PUBLISHED
    assert "needs a rating to be published" in refusal(claim)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(state=EditorialState.PUBLISHED)


def test_claim_slugs_are_unique():
    ClaimFactory(slug="xiaomi-car-2024")
    duplicate = unsaved_claim(slug="xiaomi-car-2024")
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert "slug" in refused.value.message_dict


@pytest.mark.usefixtures("english")
def test_article_url_is_unique_when_set_but_many_articles_may_have_none():
    ArticleFactory(url="")
    ArticleFactory(url="")
    ArticleFactory(url="https://example.org/a")
    duplicate = ArticleFactory.build(slug="other", url="https://example.org/a")
    assert "Another article already has this URL" in refusal(duplicate)
    assert Article.objects.count() == 3


def test_only_one_open_flag_per_claim_and_reason():
    claim = ClaimFactory()
    FlagFactory(claim=claim, reason=FlagReason.DEADLINE_PASSED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(
            claim=claim, reason=FlagReason.DEADLINE_PASSED, raised_by="task"
        )
    assert claim.flags.count() == 1


def test_only_one_open_flag_per_claim_reason_and_evidence():
    evidence = EvidenceFactory()
    FlagFactory(
        claim=evidence.claim, evidence=evidence, reason=FlagReason.EVIDENCE_DEAD
    )
    other = EvidenceFactory(claim=evidence.claim)
    # Another evidence item of the same claim may have its own flag.
    FlagFactory(claim=evidence.claim, evidence=other, reason=FlagReason.EVIDENCE_DEAD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(
            claim=evidence.claim,
            evidence=evidence,
            reason=FlagReason.EVIDENCE_DEAD,
            raised_by="task",
        )
    assert evidence.claim.flags.count() == 2


def test_a_resolved_flag_does_not_block_a_new_one():
    from django.utils import timezone

    claim = ClaimFactory()
    FlagFactory(
        claim=claim,
        reason=FlagReason.REVIEW_OVERDUE,
        resolution="reviewed",
        resolved_at=timezone.now(),
    )
    FlagFactory(claim=claim, reason=FlagReason.REVIEW_OVERDUE)
    assert claim.flags.open().count() == 1


@pytest.mark.usefixtures("english")
def test_flag_validation_names_the_duplicate():
    claim = ClaimFactory()
    FlagFactory(claim=claim, reason=FlagReason.MANUAL)
    duplicate = Flag(claim=claim, reason=FlagReason.MANUAL, raised_by="someone")
    assert "already has an open flag for this reason" in refusal(duplicate)


def test_readers_see_published_and_retracted_claims_only():
    shown = {
        ClaimFactory(state=EditorialState.PUBLISHED).slug,
        ClaimFactory(state=EditorialState.RETRACTED, retraction_reason="wrong").slug,
    }
    ClaimFactory(state=EditorialState.DRAFT)
    ClaimFactory(state=EditorialState.IN_REVIEW)
    assert set(Claim.objects.public().values_list("slug", flat=True)) == shown


def test_review_clock_counts_from_the_last_review_by_kind():
    from datetime import timedelta

    from django.utils import timezone

    reviewed = timezone.now()
    statistic = ClaimFactory(kind=ClaimKind.STATISTIC, last_reviewed_at=reviewed)
    fact = ClaimFactory(kind=ClaimKind.FACT, last_reviewed_at=reviewed)
    assert statistic.next_review_at == reviewed + timedelta(days=90)
    assert fact.next_review_at == reviewed + timedelta(days=365)


def test_editing_a_claim_writes_a_history_row_with_the_change():
    claim = ClaimFactory(text="小米AI团队超过1000人")
    claim.text = "小米AI团队超过1200人"
    claim.save()
    newest, previous = claim.history.all()[:2]
    delta = newest.diff_against(previous)
    assert [change.field for change in delta.changes] == ["text"]
    assert delta.changes[0].new == "小米AI团队超过1200人"


def test_a_new_rating_without_a_reason_is_refused_and_changes_nothing(
    published_claim,
):
    published_claim.rating = Rating.objects.get(slug="mostly-true")

    with pytest.raises(ValidationError) as error:
        published_claim.full_clean()
    assert {"change_kind", "change_reason"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError):
        claim_update(
            claim=published_claim,
            user=None,
            version=published_claim.version,
            fields={"rating": published_claim.rating},
        )

    stored = Claim.objects.get(pk=published_claim.pk)
    assert stored.rating.slug == "true"
    assert not RatingChange.objects.exists()


def test_reason_codes_are_admin_editable_and_ratings_say_which_need_one():
    needing = set(
        Rating.objects.filter(requires_reason_code=True).values_list("slug", flat=True)
    )
    assert needing == {"broken", "false", "misleading"}
    assert set(ReasonCode.objects.values_list("slug", flat=True)) >= {
        "not-delivered",
        "changed-position",
        "outside-factors",
        "data-contradicts",
    }
