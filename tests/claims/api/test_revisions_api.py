"""The API's side of pending revisions: 202 for a held change, the list of a
claim's revisions, approve / reject / withdraw with 403 and 409 in the API's
error shape."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import (
    Claim,
    ClaimRevision,
    Evidence,
    FlagReason,
    FlagResolution,
    RevisionStatus,
)
from tests.factories import EvidenceFactory, FlagFactory
from tests.helpers.api import assert_error, token_client
from tests.helpers.claims import propose

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

NEW_TEXT = "小米AI团队超过3000人。"


def detail(claim) -> str:
    return reverse("api:claim-detail", kwargs={"slug": claim.slug})


def decide(decision: str, revision_id: int) -> str:
    return reverse(f"api:revision-{decision}", kwargs={"pk": revision_id})


def test_a_patch_on_a_published_claim_answers_202_with_the_revision(
    published_claim, editor_client
):
    response = editor_client.patch(
        detail(published_claim),
        {"version": published_claim.version, "text": NEW_TEXT},
        format="json",
        **EN,
    )

    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["author"] == "editor-alice"
    assert body["base_version"] == published_claim.version
    assert body["changes"] == [
        {
            "name": "text",
            "label": "claim",
            "old": "小米AI团队超过1200人。",
            "new": NEW_TEXT,
        }
    ]
    assert Claim.objects.get(pk=published_claim.pk).text != NEW_TEXT


def test_a_patch_on_a_draft_still_answers_200(submitted_claim, editor_client):
    response = editor_client.patch(
        detail(submitted_claim),
        {"version": submitted_claim.version, "text": NEW_TEXT},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["text"] == NEW_TEXT


def test_editors_list_a_claims_revisions_and_readers_cannot(
    published_claim, editor, editor_client, anon_client
):
    revision = propose(published_claim, author=editor, fields={"text": NEW_TEXT})
    url = reverse("api:claim-revisions", kwargs={"slug": published_claim.slug})

    listed = editor_client.get(url)
    assert [item["id"] for item in listed.json()] == [revision.pk]
    assert editor_client.get(url, {"status": "approved"}).json() == []
    assert_error(editor_client.get(url, {"status": "nonsense"}), 400)
    assert anon_client.get(url).status_code in (401, 403)


def test_the_author_gets_403_in_the_error_shape(published_claim, reviewer):
    revision = propose(published_claim, author=reviewer, fields={"text": NEW_TEXT})

    refused = token_client(reviewer).post(decide("approve", revision.pk), {}, **EN)

    error = assert_error(refused, 403)
    assert "another reviewer must approve" in error["message"]
    assert ClaimRevision.objects.get().status == RevisionStatus.PENDING


def test_an_editor_gets_403(published_claim, editor, second_editor):
    revision = propose(published_claim, author=editor, fields={"text": NEW_TEXT})
    refused = token_client(second_editor).post(decide("approve", revision.pk), {}, **EN)
    assert "Only reviewers" in assert_error(refused, 403)["message"]


def test_a_stale_revision_is_a_409(
    published_claim, editor, second_editor, reviewer_client
):
    first = propose(published_claim, author=editor, fields={"text": NEW_TEXT})
    second = propose(published_claim, author=second_editor, fields={"quote": "三千"})
    assert reviewer_client.post(decide("approve", first.pk), {}).status_code == 200

    refused = reviewer_client.post(decide("approve", second.pk), {}, **EN)

    error = assert_error(refused, 409)
    assert error["current"] == {"version": Claim.objects.get().version}
    assert f"Revision {second.pk} cannot be applied" in error["message"]


def test_approval_answers_with_the_decided_revision(
    published_claim, editor, reviewer_client
):
    revision = propose(published_claim, author=editor, fields={"text": NEW_TEXT})
    response = reviewer_client.post(
        decide("approve", revision.pk), {"note": "Checked the report."}, format="json"
    )
    body = response.json()
    assert (body["status"], body["decided_by"], body["note"]) == (
        "approved",
        "reviewer-carol",
        "Checked the report.",
    )
    assert reviewer_client.get(detail(published_claim)).json()["text"] == NEW_TEXT


def test_reject_needs_a_note_and_withdraw_is_the_authors(
    published_claim, editor, editor_client, reviewer_client
):
    revision = propose(published_claim, author=editor, fields={"text": NEW_TEXT})
    assert (
        "note"
        in assert_error(reviewer_client.post(decide("reject", revision.pk), {}), 400)[
            "fields"
        ]
    )
    assert_error(reviewer_client.post(decide("withdraw", revision.pk), {}), 403)
    withdrawn = editor_client.post(decide("withdraw", revision.pk), {})
    assert withdrawn.json()["status"] == "withdrawn"


def test_evidence_changes_on_a_published_claim_answer_202(
    published_claim, editor_client
):
    evidence = EvidenceFactory(claim=published_claim, title="Original")
    response = editor_client.patch(
        reverse("api:evidence", kwargs={"pk": evidence.pk}),
        {"updated_at": evidence.updated_at.isoformat(), "title": "Edited"},
        format="json",
    )
    assert response.status_code == 202, response.content
    assert response.json()["evidence_changes"][0]["fields"] == {"title": "Edited"}
    assert Evidence.objects.get().title == "Original"


def test_the_schema_documents_the_202_and_the_revision_endpoints(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    update = schema["paths"]["/api/v1/claims/{slug}/"]["patch"]
    assert "202" in update["responses"]
    approve = schema["paths"]["/api/v1/revisions/{id}/approve/"]["post"]
    assert {"200", "403", "409"} <= set(approve["responses"])
    assert "/api/v1/claims/{slug}/revisions/" in schema["paths"]


def test_a_held_re_rating_closes_its_flags_when_approved(
    published_claim, editor_client, reviewer_client
):
    flag = FlagFactory(claim=published_claim, reason=FlagReason.REVIEW_OVERDUE)
    no_rating = assert_error(
        editor_client.patch(
            detail(published_claim),
            {"version": published_claim.version, "resolve_flags": True},
            format="json",
            **EN,
        ),
        400,
    )
    assert "only with a new rating" in no_rating["fields"]["resolve_flags"][0]

    response = editor_client.patch(
        detail(published_claim),
        {
            "version": published_claim.version,
            "rating": "mostly-true",
            "change_kind": "update",
            "change_reason_en": "The 2024 report counts contractors.",
            "resolve_flags": True,
        },
        format="json",
    )

    assert response.status_code == 202, response.content
    body = response.json()
    assert body["resolve_flags"] is True
    assert body["change_reason_en"] == "The 2024 report counts contractors."
    flag.refresh_from_db()
    assert flag.is_open
    approved = reviewer_client.post(decide("approve", body["id"]), {}, format="json")
    assert approved.status_code == 200, approved.content
    flag.refresh_from_db()
    assert flag.resolution == FlagResolution.RE_RATED
    entry = editor_client.get(detail(published_claim), **EN).json()["timeline"][-1]
    assert entry["event"] == "rerated"
    assert "The 2024 report counts contractors." in str(entry)
