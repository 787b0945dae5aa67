"""A public claim is retracted, never deleted; drafts may be deleted."""

from __future__ import annotations

from django.contrib.admin import helpers
from django.urls import reverse

from claims.models import Claim, EditorialState
from tests.factories import ClaimFactory


def test_a_reviewer_cannot_delete_a_published_claim(client, reviewer):
    claim = ClaimFactory(published=True)
    client.force_login(reviewer)
    url = reverse("admin:claims_claim_delete", args=[claim.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_delete_selected_refuses_a_published_claim(client, reviewer):
    published = ClaimFactory(published=True)
    client.force_login(reviewer)
    client.post(
        reverse("admin:claims_claim_changelist"),
        {
            "action": "delete_selected",
            # The list's checkboxes carry "pk,version".
            helpers.ACTION_CHECKBOX_NAME: [f"{published.pk},{published.version}"],
            "post": "yes",
        },
    )
    assert Claim.objects.filter(pk=published.pk).exists()


def test_a_reviewer_may_delete_a_draft(client, reviewer):
    draft = ClaimFactory(state=EditorialState.DRAFT)
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:claims_claim_delete", args=[draft.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Claim.objects.filter(pk=draft.pk).exists()
