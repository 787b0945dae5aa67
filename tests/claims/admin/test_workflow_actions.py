"""The review workflow's list actions refuse what a reviewer may not pass on."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.models import Claim, EditorialState
from intake.services import placeholder_speaker
from tests.factories import ClaimFactory
from tests.helpers.admin import run_claim_action

pytestmark = pytest.mark.django_db


def english_client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_submitting_a_claim_of_the_placeholder_speaker_says_what_to_do(editor):
    claim = ClaimFactory(speaker=placeholder_speaker())

    page = run_claim_action(
        english_client(editor), "submit_for_review", claim
    ).content.decode()

    assert "Choose who made this claim" in page
    assert "claims submitted" not in page and "claim submitted" not in page
    assert Claim.objects.get(pk=claim.pk).state == EditorialState.DRAFT


def test_publishing_a_claim_of_the_placeholder_speaker_says_what_to_do(reviewer):
    claim = ClaimFactory(speaker=placeholder_speaker(), state=EditorialState.IN_REVIEW)

    page = run_claim_action(english_client(reviewer), "publish", claim)

    assert "Choose who made this claim" in page.content.decode()
    assert Claim.objects.get(pk=claim.pk).state == EditorialState.IN_REVIEW
