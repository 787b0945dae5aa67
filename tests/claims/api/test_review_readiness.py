"""Submit and publish through the API refuse a claim not ready for review."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim, EditorialState
from intake.services import placeholder_speaker
from tests.factories import ClaimFactory
from tests.helpers.api import assert_error

pytestmark = pytest.mark.django_db


def action(name: str, claim: Claim) -> str:
    return reverse(f"api:claim-{name}", kwargs={"slug": claim.slug})


def test_submitting_a_claim_of_the_placeholder_speaker_is_a_400(editor_client):
    claim = ClaimFactory(speaker=placeholder_speaker())

    error = assert_error(
        editor_client.post(action("submit", claim), HTTP_ACCEPT_LANGUAGE="en"), 400
    )

    assert "Choose who made this claim" in error["fields"]["speaker"][0]
    assert Claim.objects.get(pk=claim.pk).state == EditorialState.DRAFT


def test_publishing_a_claim_of_the_placeholder_speaker_is_a_400(reviewer_client):
    claim = ClaimFactory(speaker=placeholder_speaker(), state=EditorialState.IN_REVIEW)

    error = assert_error(
        reviewer_client.post(action("publish", claim), HTTP_ACCEPT_LANGUAGE="en"), 400
    )

    assert "Choose who made this claim" in error["fields"]["speaker"][0]
    assert Claim.objects.get(pk=claim.pk).state == EditorialState.IN_REVIEW
