"""Driving the claims admin as an editor's browser would."""

from __future__ import annotations

from django.urls import reverse

from claims.models import Claim
from tests.helpers.html_forms import form_data

CHANGELIST = "admin:claims_claim_changelist"


def change_url(claim: Claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def claim_form(client, claim: Claim) -> dict:
    """The claim's change form as the browser would post it unchanged."""
    response = client.get(change_url(claim))
    assert response.status_code == 200
    return form_data(response.content.decode(), form_id="claim_form")


def changelist(client) -> str:
    return client.get(reverse(CHANGELIST)).content.decode()


def run_claim_action(client, action: str, claim: Claim, **extra):
    """Choose ``claim`` on the changelist and run ``action`` on it; returns
    the page shown afterwards."""
    return client.post(
        reverse(CHANGELIST),
        {
            "action": action,
            # The changelist's checkboxes carry "pk,version": an action on a
            # row changed since the list was shown is refused.
            "_selected_action": [f"{claim.pk},{claim.version}"],
            **extra,
        },
        follow=True,
    )
