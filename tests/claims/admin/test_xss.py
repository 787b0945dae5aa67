"""Script and markup in every text field reach editors as text on the admin's
pages."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers.hostile import assert_inert

pytestmark = pytest.mark.django_db


def test_admin_pages_show_the_payloads_as_text(hostile_claim, reviewer):
    client = Client()
    client.force_login(reviewer)
    evidence = hostile_claim.evidence.get()
    for url in (
        reverse("admin:claims_claim_changelist"),
        reverse("admin:claims_claim_changelist") + "?q=alert",
        reverse("admin:claims_claim_change", args=[hostile_claim.pk]),
        reverse("admin:claims_claim_history", args=[hostile_claim.pk]),
        reverse("admin:claims_speaker_changelist"),
        reverse("admin:claims_speaker_change", args=[hostile_claim.speaker_id]),
        reverse("admin:claims_article_changelist"),
        reverse("admin:claims_evidence_changelist"),
        reverse("admin:claims_evidence_change", args=[evidence.pk]),
        reverse("admin:claims_ratingchange_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)
