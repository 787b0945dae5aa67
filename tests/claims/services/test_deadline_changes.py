"""A public claim's moved deadline is recorded with its reason, who and when;
a deadline changed while the claim was a draft is no public event."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from claims.models import (
    Claim,
    ClaimKind,
    DeadlineChange,
    DeadlineWindow,
    DuePrecision,
    FlagReason,
    FlagResolution,
)
from claims.selectors import claim_timeline
from claims.services.claims import claim_update
from claims.services.flags import flag_resolve
from claims.services.revisions import revision_approve
from tests.factories import ClaimFactory, FlagFactory
from tests.helpers.admin import change_url, claim_form
from tests.helpers.api import token_client
from tests.helpers.claims import change_public_claim

pytestmark = pytest.mark.django_db

END_2026 = DeadlineWindow(date(2026, 1, 1), date(2026, 12, 31), DuePrecision.YEAR, "")
H1_2027 = DeadlineWindow(date(2027, 1, 1), date(2027, 6, 30), DuePrecision.HALF, "")


def prediction(**fields) -> Claim:
    return ClaimFactory(
        kind=ClaimKind.PREDICTION,
        text="小米汽车将于2026年底前进入欧洲市场。",
        due_start=END_2026.due_start,
        due_end=END_2026.due_end,
        due_precision=END_2026.due_precision,
        **fields,
    )


def move_to_h1_2027(claim: Claim, *, user, approver=None, reason: str = "") -> Claim:
    """``user`` moves the deadline; a public claim's move is proposed and
    ``approver``, a second person, approves it."""
    claim.refresh_from_db()
    fields = {
        "due_start": H1_2027.due_start,
        "due_end": H1_2027.due_end,
        "due_precision": H1_2027.due_precision,
    }
    if claim.is_public:
        return change_public_claim(
            claim, author=user, approver=approver, fields=fields, change_reason=reason
        )
    return claim_update(
        claim=claim,
        user=user,
        version=claim.version,
        fields=fields,
        change_reason=reason,
    )


def test_moving_a_published_claims_deadline_is_recorded_with_who_why_and_when(
    editor, reviewer
):
    claim = prediction(published=True)

    move_to_h1_2027(
        claim, user=editor, approver=reviewer, reason="小米在财报电话会上推迟了计划。"
    )

    change = DeadlineChange.objects.get(claim=claim)
    assert (change.before, change.after) == (END_2026, H1_2027)
    assert change.reason == "小米在财报电话会上推迟了计划。"
    assert change.changed_by == editor
    assert abs(change.changed_at - timezone.now()) < timedelta(minutes=1)
    entry = claim_timeline(claim=claim)[-1]
    assert (entry.event, entry.previous_deadline, entry.deadline, entry.reason) == (
        "deadline",
        END_2026,
        H1_2027,
        "小米在财报电话会上推迟了计划。",
    )


def test_a_new_deadline_on_a_published_claim_needs_a_public_reason(editor, reviewer):
    claim = prediction(published=True)

    with pytest.raises(ValidationError) as refused:  # refused when proposed
        move_to_h1_2027(claim, user=editor, approver=reviewer)

    with translation.override("en"):
        message = str(refused.value.message_dict["change_reason"])
    assert "public reason for the new deadline" in message
    assert Claim.objects.get(pk=claim.pk).due_end == END_2026.due_end
    assert not DeadlineChange.objects.exists()
    assert not claim.revisions.exists()


def test_changing_only_the_wording_is_recorded_too(editor, reviewer):
    claim = prediction(published=True, due_text="2026年内")

    change_public_claim(
        claim,
        author=editor,
        approver=reviewer,
        fields={"due_text": "2026年底前"},
        change_reason="按原话更正期限的措辞。",
    )

    change = DeadlineChange.objects.get(claim=claim)
    assert (change.from_text, change.to_text) == ("2026年内", "2026年底前")


def test_a_deadline_changed_while_drafting_is_not_a_public_event(editor, reviewer):
    from claims import services

    claim = prediction()  # a draft
    move_to_h1_2027(claim, user=editor)
    claim.refresh_from_db()
    claim = services.claim_submit_for_review(claim=claim, user=editor)
    services.claim_publish(claim=claim, user=reviewer)

    assert not DeadlineChange.objects.exists()
    assert [entry.event for entry in claim_timeline(claim=claim)] == ["published"]


def test_extending_the_deadline_when_resolving_a_flag_shows_the_note_to_readers(
    editor, reviewer
):
    claim = prediction(published=True)
    flag = FlagFactory(claim=claim, reason=FlagReason.DEADLINE_PASSED)
    new_end = timezone.localdate() + timedelta(days=200)

    flag_resolve(
        flags=[flag],
        resolution=FlagResolution.DEADLINE_EXTENDED,
        user=editor,
        note="官方确认推迟交付。",
        new_due_end=new_end,
    )
    # A public claim: the new deadline, with the note as its public reason,
    # waits for a second person; approving it records the change.
    assert not DeadlineChange.objects.exists()
    revision = claim.revisions.get()
    assert revision.change_reason == "官方确认推迟交付。"
    revision_approve(revision=revision, user=reviewer)

    change = DeadlineChange.objects.get(claim=claim)
    assert (change.from_end, change.to_end) == (END_2026.due_end, new_end)
    assert change.reason == "官方确认推迟交付。"
    assert change.changed_by == editor
    flag.refresh_from_db()
    assert flag.resolution == FlagResolution.DEADLINE_EXTENDED


def test_the_admin_form_asks_for_the_reason_and_records_it(client, editor, reviewer):
    claim = prediction(published=True)
    client.force_login(editor)
    data = claim_form(client, claim)
    data.update(due_end="2027-06-30", due_start="2027-01-01", due_precision="half")

    refused = client.post(change_url(claim), data, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200
    assert "public reason for the new deadline" in refused.content.decode()
    assert not DeadlineChange.objects.exists()

    data["change_reason"] = "The company pushed the launch back."
    saved = client.post(change_url(claim), data)
    assert saved.status_code == 302
    assert not DeadlineChange.objects.exists()  # held for a second reviewer
    revision_approve(revision=claim.revisions.get(), user=reviewer)
    change = DeadlineChange.objects.get(claim=claim)
    assert (change.before, change.after) == (END_2026, H1_2027)
    assert change.reason == "The company pushed the launch back."


def test_the_api_asks_for_the_reason_and_shows_the_change_on_the_timeline(
    editor, reviewer
):
    editor_client = token_client(editor)
    claim = prediction(published=True)
    url = reverse("api:claim-detail", kwargs={"slug": claim.slug})
    payload = {"version": claim.version, "due_end": "2027-06-30"}

    refused = editor_client.patch(url, payload, format="json")
    assert refused.status_code == 400
    assert "change_reason" in refused.json()["error"]["fields"]

    payload["change_reason"] = "Launch moved to mid-2027."
    response = editor_client.patch(url, payload, format="json")
    assert response.status_code == 202, response.content  # held for a reviewer
    assert response.json()["change_reason"] == "Launch moved to mid-2027."
    approve = reverse("api:revision-approve", kwargs={"pk": response.json()["id"]})
    assert token_client(reviewer).post(approve, {}, format="json").status_code == 200
    entry = editor_client.get(url).json()["timeline"][-1]
    assert entry["event"] == "deadline"
    assert entry["previous_deadline"]["end"] == "2026-12-31"
    assert entry["deadline"]["end"] == "2027-06-30"
    assert entry["reason"] == "Launch moved to mid-2027."
