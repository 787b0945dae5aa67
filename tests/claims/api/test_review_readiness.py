"""Submit and publish through the API refuse a claim not ready for review; a
deadline given only in words is read into a window."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim, EditorialState
from intake.services import placeholder_speaker
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory
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


def test_a_prediction_created_with_only_its_deadline_wording_gets_the_window(
    editor_client,
):
    body = {
        "slug": "xiaomi-cars-2027",
        "text": "小米汽车2027年底前交付百万辆。",
        "speaker": SpeakerFactory(slug="lei-jun").slug,
        "article": ArticleFactory(slug="speech-2023").slug,
        "kind": "prediction",
        "claimed_on": "2023-08-17",
        "due_text": "2027年底前",
    }

    response = editor_client.post(reverse("api:claim-list"), body, format="json")

    assert response.status_code == 201, response.content
    deadline = response.json()["deadline"]
    assert (deadline["start"], deadline["end"], deadline["precision"]) == (
        "2023-08-17",
        "2027-12-31",
        "year",
    )


def test_submitting_a_prediction_whose_wording_does_not_read_is_a_400(editor_client):
    claim = ClaimFactory(kind="prediction", due_text="不久的将来")

    error = assert_error(
        editor_client.post(action("submit", claim), HTTP_ACCEPT_LANGUAGE="en"), 400
    )

    assert "could not be read as dates" in error["fields"]["due_text"][0]
    assert Claim.objects.get(pk=claim.pk).state == EditorialState.DRAFT
