"""Submit, review, publish or send back: who may do what, and what history keeps."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from claims import services
from claims.models import Claim, EditorialState, Rating, ReasonCode
from claims.reasons import reason_display
from tests.factories import ClaimFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_submitting_records_who_and_when(submitted_claim, editor):
    assert submitted_claim.state == EditorialState.IN_REVIEW
    assert submitted_claim.submitted_by == editor
    assert submitted_claim.submitted_at is not None
    row = submitted_claim.history.first()
    assert row.history_change_reason == "Submitted for review"
    assert row.history_user == editor


def test_an_editor_cannot_publish(submitted_claim, second_editor):
    with pytest.raises(PermissionDenied, match="Only reviewers may publish"):
        services.claim_publish(claim=submitted_claim, user=second_editor)
    submitted_claim.refresh_from_db()
    assert submitted_claim.state == EditorialState.IN_REVIEW


def test_the_submitter_cannot_publish_their_own_claim(reviewer):
    claim = ClaimFactory()
    services.claim_submit_for_review(claim=claim, user=reviewer)

    with pytest.raises(PermissionDenied, match="another reviewer"):
        services.claim_publish(claim=claim, user=reviewer)
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


def test_sending_back_needs_a_comment(submitted_claim, reviewer):
    with pytest.raises(ValidationError, match="Write a comment"):
        services.claim_send_back(claim=submitted_claim, user=reviewer, comment="  ")
    submitted_claim.refresh_from_db()
    assert submitted_claim.state == EditorialState.IN_REVIEW


def test_an_editor_cannot_send_back(submitted_claim, second_editor):
    with pytest.raises(PermissionDenied):
        services.claim_send_back(
            claim=submitted_claim, user=second_editor, comment="Not mine to judge."
        )


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
