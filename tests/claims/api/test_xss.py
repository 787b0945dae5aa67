"""Script and markup in every text field reach programs as plain JSON strings."""

import pytest
from django.urls import reverse

from tests.helpers.hostile import HOSTILE, PAYLOADS

pytestmark = pytest.mark.django_db


def test_the_api_returns_the_payloads_as_plain_json_strings(client, hostile_claim):
    response = client.get(
        reverse("api:claim-detail", kwargs={"slug": hostile_claim.slug})
    )
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    data = response.json()
    assert data["text"] == f"声明{HOSTILE}"
    assert data["speaker"]["name"] == f"发言人{HOSTILE}"
    assert data["evidence"][0]["title"] == f"证据{HOSTILE}"
    assert all(payload in data["quote"] for payload in PAYLOADS)
