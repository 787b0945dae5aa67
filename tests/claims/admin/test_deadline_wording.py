"""The claim form's deadline wording, typed alone, gives the claim its window."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim, EditorialState, Rating
from tests.factories import ArticleFactory, SpeakerFactory
from tests.helpers.admin import run_claim_action
from tests.helpers.html_forms import form_data

pytestmark = pytest.mark.django_db

ADD = "admin:claims_claim_add"


def add_prediction(client: Client, due_text: str) -> Claim:
    """Add a prediction in the admin with ``due_text`` and no window."""
    data = form_data(client.get(reverse(ADD)).content.decode(), form_id="claim_form")
    data |= {
        "text": "小米汽车2027年底前交付百万辆。",
        "slug": "xiaomi-cars-2027",
        "kind": "prediction",
        "speaker": str(SpeakerFactory().pk),
        "article": str(ArticleFactory().pk),
        "claimed_on": "2023-08-17",
        "rating": str(Rating.objects.get(slug="in-progress").pk),
        "due_start": "",
        "due_end": "",
        "due_precision": "",
        "due_text": due_text,
    }
    response = client.post(reverse(ADD), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    return Claim.objects.get(slug="xiaomi-cars-2027")


def english_client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_a_prediction_saved_with_only_its_wording_gets_a_window_and_is_published(
    editor, reviewer
):
    client = english_client(editor)

    claim = add_prediction(client, "2027年底前")

    assert (claim.due_start, claim.due_end, claim.due_precision) == (
        date(2023, 8, 17),
        date(2027, 12, 31),
        "year",
    )
    run_claim_action(client, "submit_for_review", claim)
    claim.refresh_from_db()
    run_claim_action(english_client(reviewer), "publish", claim)
    claim.refresh_from_db()
    assert claim.state == EditorialState.PUBLISHED
    assert claim.due_end == date(2027, 12, 31)


def test_a_prediction_whose_wording_does_not_read_cannot_be_submitted(editor):
    client = english_client(editor)
    claim = add_prediction(client, "不久的将来")

    page = run_claim_action(client, "submit_for_review", claim).content.decode()

    assert "could not be read as dates" in page
    claim.refresh_from_db()
    assert (claim.state, claim.due_end) == (EditorialState.DRAFT, None)
