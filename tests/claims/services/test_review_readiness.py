"""What a claim needs before it goes to a reviewer: a real speaker."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from claims import services
from claims.models import Claim, EditorialState
from intake.services import placeholder_speaker
from tests.factories import ClaimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_claim_of_the_placeholder_speaker_cannot_be_submitted(editor):
    claim = ClaimFactory(speaker=placeholder_speaker())

    with pytest.raises(ValidationError) as error:
        services.claim_submit_for_review(claim=claim, user=editor)

    assert "Choose who made this claim" in error.value.message_dict["speaker"][0]
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.state, stored.submitted_by) == (EditorialState.DRAFT, None)


def test_a_claim_of_the_placeholder_speaker_cannot_be_published(reviewer):
    claim = ClaimFactory(speaker=placeholder_speaker(), state=EditorialState.IN_REVIEW)

    with pytest.raises(ValidationError) as error:
        services.claim_publish(claim=claim, user=reviewer)

    assert "Choose who made this claim" in error.value.message_dict["speaker"][0]
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.state, stored.published_at) == (EditorialState.IN_REVIEW, None)


def test_once_the_speaker_is_chosen_the_claim_goes_through(editor, reviewer):
    claim = ClaimFactory(speaker=placeholder_speaker())
    real = ClaimFactory().speaker

    claim = services.claim_update(
        claim=claim, user=editor, version=claim.version, fields={"speaker": real}
    )
    services.claim_submit_for_review(claim=claim, user=editor)
    services.claim_publish(claim=claim, user=reviewer)

    assert claim.state == EditorialState.PUBLISHED


def test_the_message_is_in_the_editors_language(editor):
    claim = ClaimFactory(speaker=placeholder_speaker())

    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        services.claim_submit_for_review(claim=claim, user=editor)

    assert "请选择这条声明的实际发言人" in error.value.message_dict["speaker"][0]
