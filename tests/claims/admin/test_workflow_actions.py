"""The review workflow's list actions refuse what a reviewer may not pass on."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import PUBLIC_STATES, Claim, EditorialState
from intake.services import placeholder_speaker
from tests.factories import ClaimFactory, UserFactory
from tests.helpers.admin import CHANGELIST, run_claim_action
from tests.helpers.claims import change_public_claim

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


# --- Versions: an action acts on the claim as the reviewer saw it ---------------


def changed_after_the_list_was_shown(claim: Claim, editor) -> Claim:
    """The claim as the reviewer's list showed it; an editor then rewrites it."""
    seen = Claim.objects.get(pk=claim.pk)
    rewrite = {"text": "小米AI团队超过3000人。"}
    if claim.state in PUBLIC_STATES:  # held until a second person approves
        change_public_claim(
            claim,
            author=editor,
            approver=UserFactory(group="Reviewers"),
            fields=rewrite,
        )
        return seen
    services.claim_update(
        claim=claim, user=editor, version=claim.version, fields=rewrite
    )
    return seen


def post_action(client: Client, action: str, seen: Claim, **extra):
    return client.post(
        reverse(CHANGELIST),
        {
            "action": action,
            "index": "0",
            "_selected_action": [f"{seen.pk},{seen.version}"],
            **extra,
        },
        follow=True,
    )


def test_a_stale_selection_is_not_published(submitted_claim, editor, reviewer):
    seen = changed_after_the_list_was_shown(submitted_claim, editor)

    post_action(english_client(reviewer), "publish", seen)

    assert Claim.objects.get(pk=seen.pk).state == EditorialState.IN_REVIEW


@pytest.mark.parametrize("seen_is_current", [False, True])
def test_selecting_all_matching_claims_cannot_publish(
    submitted_claim, editor, reviewer, seen_is_current
):
    seen = changed_after_the_list_was_shown(submitted_claim, editor)
    if seen_is_current:
        seen.refresh_from_db()

    page = post_action(english_client(reviewer), "publish", seen, select_across="1")

    assert "cannot be applied to all matching rows" in page.content.decode()
    assert "published." not in page.content.decode()
    stored = Claim.objects.get(pk=seen.pk)
    assert (stored.state, stored.text) == (
        EditorialState.IN_REVIEW,
        "小米AI团队超过3000人。",
    )


@pytest.mark.parametrize(
    ("action", "extra", "state"),
    [
        ("send_back", {"comment": "Check the figure."}, EditorialState.IN_REVIEW),
        ("retract", {}, EditorialState.PUBLISHED),
        ("submit_for_review", {}, EditorialState.DRAFT),
    ],
)
def test_no_workflow_action_runs_on_all_matching_claims(
    editor, second_editor, reviewer, action, extra, state
):
    claim = ClaimFactory(state=state, retraction_reason="Misattributed.")
    if state == EditorialState.IN_REVIEW:
        Claim.objects.filter(pk=claim.pk).update(submitted_by=second_editor)
    seen = changed_after_the_list_was_shown(claim, editor)
    seen.refresh_from_db()
    user = editor if action == "submit_for_review" else reviewer

    # The send-back page posts its comment back without "index" (apply).
    page = post_action(
        english_client(user), action, seen, select_across="1", apply="1", **extra
    )

    assert "cannot be applied to all matching rows" in page.content.decode()
    assert Claim.objects.get(pk=seen.pk).state == state


def test_the_rows_selected_on_the_page_are_still_published(submitted_claim, reviewer):
    page = post_action(english_client(reviewer), "publish", submitted_claim)

    assert "1 claim published." in page.content.decode()
    assert Claim.objects.get(pk=submitted_claim.pk).state == EditorialState.PUBLISHED
