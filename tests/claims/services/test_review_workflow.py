"""Submit, review, publish or send back: who may do what, and what history keeps."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from claims import services
from claims.models import Claim, EditorialState, Rating, ReasonCode
from claims.reasons import reason_display
from tests.factories import ClaimFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def run_admin_action(user, action: str, claim: Claim, **extra) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {
            "action": action,
            # The changelist's checkboxes carry "pk,version".
            "_selected_action": [f"{claim.pk},{claim.version}"],
            **extra,
        },
        follow=True,
    )
    return response.content.decode()


def test_submitting_records_who_and_when(submitted_claim, editor):
    assert submitted_claim.state == EditorialState.IN_REVIEW
    assert submitted_claim.submitted_by == editor
    assert submitted_claim.submitted_at is not None
    row = submitted_claim.history.first()
    assert row.history_change_reason == "Submitted for review"
    assert row.history_user == editor


def test_an_editor_cannot_publish_through_service_admin_or_api(
    submitted_claim, second_editor
):
    with pytest.raises(PermissionDenied, match="Only reviewers"):
        services.claim_publish(claim=submitted_claim, user=second_editor)

    run_admin_action(second_editor, "publish", submitted_claim)  # not offered

    api = APIClient()
    api.force_authenticate(second_editor)
    response = api.post(
        reverse("api:claim-publish", kwargs={"slug": submitted_claim.slug})
    )
    assert response.status_code == 403
    submitted_claim.refresh_from_db()
    assert submitted_claim.state == EditorialState.IN_REVIEW


def test_another_reviewer_publishes_and_the_history_says_so(submitted_claim, reviewer):
    page = run_admin_action(reviewer, "publish", submitted_claim)

    assert "1 claim published." in page
    submitted_claim.refresh_from_db()
    assert submitted_claim.state == EditorialState.PUBLISHED
    reasons = list(
        submitted_claim.history.order_by("history_date").values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons[-2:] == ["Submitted for review", "Published"]


def test_the_submitter_cannot_publish_their_own_claim(reviewer):
    claim = ClaimFactory()
    services.claim_submit_for_review(claim=claim, user=reviewer)

    with pytest.raises(PermissionDenied, match="another reviewer"):
        services.claim_publish(claim=claim, user=reviewer)
    page = run_admin_action(reviewer, "publish", claim)
    assert "another reviewer must publish it" in page

    api = APIClient()
    api.force_authenticate(reviewer)
    response = api.post(reverse("api:claim-publish", kwargs={"slug": claim.slug}))
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.state == EditorialState.IN_REVIEW


def test_a_newsroom_of_one_may_publish_its_own_claims(reviewer, settings):
    settings.ALLOW_SELF_PUBLISH = True
    claim = ClaimFactory()
    services.claim_submit_for_review(claim=claim, user=reviewer)

    services.claim_publish(claim=claim, user=reviewer)

    assert claim.state == EditorialState.PUBLISHED


def test_a_draft_cannot_skip_review(reviewer):
    claim = ClaimFactory(state=EditorialState.DRAFT)

    with pytest.raises(ValidationError, match="Submit it for review first"):
        services.claim_publish(claim=claim, user=reviewer)


def test_a_reviewer_sends_a_claim_back_with_a_required_comment(
    submitted_claim, reviewer
):
    with pytest.raises(ValidationError, match="Write a comment"):
        services.claim_send_back(claim=submitted_claim, user=reviewer, comment="  ")
    submitted_claim.refresh_from_db()
    assert submitted_claim.state == EditorialState.IN_REVIEW

    # The admin action asks for the comment on a page of its own.
    page = run_admin_action(reviewer, "send_back", submitted_claim)
    assert "Comment for the editor" in page
    page = run_admin_action(
        reviewer,
        "send_back",
        submitted_claim,
        apply="1",
        comment="The 1,200 figure needs a second source.",
    )
    assert "1 claim sent back to draft." in page

    submitted_claim.refresh_from_db()
    assert submitted_claim.state == EditorialState.DRAFT
    assert submitted_claim.review_comment == "The 1,200 figure needs a second source."
    assert (
        submitted_claim.history.first().history_change_reason
        == "Sent back to draft: The 1,200 figure needs a second source."
    )


def test_an_editor_cannot_send_back(submitted_claim, second_editor):
    with pytest.raises(PermissionDenied):
        services.claim_send_back(
            claim=submitted_claim, user=second_editor, comment="Not mine to judge."
        )


def test_send_back_through_the_api_needs_a_comment(submitted_claim, reviewer):
    api = APIClient()
    api.force_authenticate(reviewer)
    url = reverse("api:claim-send-back", kwargs={"slug": submitted_claim.slug})

    assert api.post(url, {}, format="json").status_code == 400
    response = api.post(url, {"comment": "Add the source."}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "draft"


def test_history_reasons_are_stored_in_english_whatever_the_request_language(
    reviewer,
):
    claim = ClaimFactory()
    services.claim_submit_for_review(claim=claim, user=UserFactory(group="Editors"))
    with translation.override("zh-hans"):
        services.claim_publish(claim=claim, user=reviewer)
        services.claim_retract(claim=claim, user=reviewer, reason="来源有误。")

    reasons = set(claim.history.values_list("history_change_reason", flat=True))
    assert {"Submitted for review", "Published", "Retracted"} <= reasons
    with translation.override("zh-hans"):
        assert reason_display("Retracted") == "已撤回"
        assert reason_display("Sent back to draft: 补充来源") == "退回草稿：补充来源"
    with translation.override("en"):
        assert reason_display("Retracted") == "Retracted"
    assert reason_display("An editor's own words") == "An editor's own words"


def test_publishing_a_failing_verdict_needs_a_reason_code(editor, reviewer):
    claim = ClaimFactory(rating=Rating.objects.get(slug="false"))
    services.claim_submit_for_review(claim=claim, user=editor)

    with pytest.raises(ValidationError) as error:
        services.claim_publish(claim=claim, user=reviewer)
    assert "reason_code" in error.value.message_dict
    assert Claim.objects.get(pk=claim.pk).state == EditorialState.IN_REVIEW

    claim.reason_code = ReasonCode.objects.get(slug="data-contradicts")
    claim.save()
    services.claim_publish(claim=claim, user=reviewer)
    assert claim.state == EditorialState.PUBLISHED


def test_reason_codes_are_admin_editable_and_ratings_say_which_need_one():
    needing = set(
        Rating.objects.filter(requires_reason_code=True).values_list("slug", flat=True)
    )
    assert needing == {"broken", "false", "misleading"}
    assert set(ReasonCode.objects.values_list("slug", flat=True)) >= {
        "not-delivered",
        "changed-position",
        "outside-factors",
        "data-contradicts",
    }
