"""Bad input in the claim form gets a clear message and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.models import Evidence
from tests.factories import ClaimFactory
from tests.helpers.admin import change_url, claim_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": "长" * 2001}, "at most 2000 characters"),
        ({"claimed_on": "17/08/2023"}, "Enter a valid date"),
        ({"slug": "taken"}, "Claim with this Slug already exists"),
        ({"text": "NUL\x00in text"}, "Null characters are not allowed"),
        ({"text": "damaged \ufffd text"}, "replacement character"),
        ({"evidence-0-url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"evidence-0-url": "https://u:p@evil.example/"}, "user name or password"),
    ],
)
def test_the_admin_form_refuses_bad_input_and_keeps_the_claim(editor, change, message):
    ClaimFactory(slug="taken")
    claim = ClaimFactory(text="原文")
    Evidence.objects.create(claim=claim, title="来源", url="https://example.org/a")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor)
    url, data = change_url(claim), claim_form(client, claim)

    response = client.post(url, data | change)

    assert response.status_code == 200
    assert message in response.content.decode()
    claim.refresh_from_db()
    assert claim.text == "原文"
    assert claim.evidence.get().url == "https://example.org/a"


def test_a_deadline_ending_before_it_starts_is_a_form_error(editor):
    claim = ClaimFactory(kind="prediction", rating=None)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor)
    url, data = change_url(claim), claim_form(client, claim)
    data |= {
        "due_start": "2024-06-30",
        "due_end": "2024-01-01",
        "due_precision": "day",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert "The deadline cannot end before its window starts." in (
        response.content.decode()
    )
    claim.refresh_from_db()
    assert claim.due_end is None


def test_a_lone_surrogate_in_a_form_post_is_a_form_error_not_a_500(editor):
    claim = ClaimFactory(text="原文")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor)
    url, data = change_url(claim), claim_form(client, claim)
    data.pop("text")
    from urllib.parse import urlencode

    body = urlencode(data, doseq=True) + "&text=%ED%A0%80"

    response = client.post(url, body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert "replacement character" in response.content.decode()
    claim.refresh_from_db()
    assert claim.text == "原文"
