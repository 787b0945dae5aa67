"""A deadline typed only in words is read into a window, and a prediction or
promise without a window cannot go to a reviewer."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from claims import services
from claims.models import Claim, EditorialState, Rating
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def prediction(**fields) -> dict:
    return {
        "slug": "xiaomi-cars-2027",
        "text": "小米汽车2027年底前交付百万辆。",
        "kind": "prediction",
        "speaker": SpeakerFactory(),
        "article": ArticleFactory(published_on=date(2024, 3, 1)),
        "claimed_on": date(2023, 8, 17),
        "rating": Rating.objects.get(slug="in-progress"),
        **fields,
    }


def test_the_wording_alone_gives_the_window_and_its_precision(editor):
    claim = services.claim_create(user=editor, fields=prediction(due_text="2027年底前"))

    stored = Claim.objects.get(pk=claim.pk)
    # "年底前" runs from the day the claim was made to the end of that year.
    assert (stored.due_start, stored.due_end, stored.due_precision) == (
        date(2023, 8, 17),
        date(2027, 12, 31),
        "year",
    )
    assert stored.due_text == "2027年底前"


def test_without_a_claim_date_the_wording_is_read_from_the_articles(editor):
    claim = services.claim_create(
        user=editor, fields=prediction(due_text="明年", claimed_on=None)
    )

    assert (claim.due_start, claim.due_end) == (date(2025, 1, 1), date(2025, 12, 31))


def test_wording_added_later_is_read_too(editor):
    claim = ClaimFactory(kind="prediction", claimed_on=date(2023, 8, 17))

    claim = services.claim_update(
        claim=claim,
        user=editor,
        version=claim.version,
        fields={"due_text": "2025年6月"},
    )

    assert (claim.due_start, claim.due_end, claim.due_precision) == (
        date(2025, 6, 1),
        date(2025, 6, 30),
        "month",
    )


def test_a_window_the_editor_entered_is_kept(editor):
    claim = services.claim_create(
        user=editor,
        fields=prediction(
            due_text="2027年底前",
            due_start=date(2027, 7, 1),
            due_end=date(2027, 12, 31),
            due_precision="half",
        ),
    )

    assert (claim.due_start, claim.due_precision) == (date(2027, 7, 1), "half")


def test_a_statistic_gets_no_window_from_words(editor):
    claim = services.claim_create(
        user=editor,
        fields=prediction(kind="statistic", due_text="2027年", rating=None),
    )

    assert (claim.due_start, claim.due_end) == (None, None)


def test_a_prediction_whose_wording_does_not_read_cannot_be_submitted(editor):
    claim = services.claim_create(user=editor, fields=prediction(due_text="不久的将来"))
    assert claim.due_end is None  # saved as a draft all the same

    with pytest.raises(ValidationError) as error:
        services.claim_submit_for_review(claim=claim, user=editor)

    assert "could not be read as dates" in error.value.message_dict["due_text"][0]
    assert Claim.objects.get(pk=claim.pk).state == EditorialState.DRAFT


def test_a_promise_without_a_deadline_cannot_be_submitted(editor):
    claim = ClaimFactory(kind="promise")

    with pytest.raises(ValidationError) as error:
        services.claim_submit_for_review(claim=claim, user=editor)

    assert "needs a deadline" in error.value.message_dict["due_end"][0]
    assert Claim.objects.get(pk=claim.pk).state == EditorialState.DRAFT


def test_a_prediction_in_review_whose_window_was_removed_cannot_be_published(
    reviewer,
):
    claim = ClaimFactory(kind="prediction", state=EditorialState.IN_REVIEW)

    with pytest.raises(ValidationError) as error:
        services.claim_publish(claim=claim, user=reviewer)

    assert "due_end" in error.value.message_dict
    assert Claim.objects.get(pk=claim.pk).state == EditorialState.IN_REVIEW
