"""Evidence edits are never silently lost: the evidence form and the claim
form's evidence inline refuse a save based on a version someone else has since
replaced, keep the editor's input, and say what changed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Evidence, LinkHealth
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.admin import change_url, claim_form
from tests.helpers.api import token_client
from tests.helpers.html_forms import form_data

pytestmark = pytest.mark.django_db

STALE = "Someone else saved this evidence"


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def evidence_url(evidence: Evidence) -> str:
    return reverse("admin:claims_evidence_change", args=[evidence.pk])


def evidence_form(client: Client, evidence: Evidence) -> dict:
    response = client.get(evidence_url(evidence))
    assert response.status_code == 200
    return form_data(response.content.decode(), form_id="evidence_form")


@pytest.fixture
def evidence():
    return EvidenceFactory(title="小米招聘公告", note="")


# --- The evidence change form ---------------------------------------------------


def test_the_second_of_two_editors_is_refused_and_keeps_the_input(
    evidence, editor, second_editor
):
    alice, bob = signed_in(editor), signed_in(second_editor)
    alice_form, bob_form = evidence_form(alice, evidence), evidence_form(bob, evidence)

    alice_form["title"] = "小米2023年招聘公告"
    assert alice.post(evidence_url(evidence), alice_form).status_code == 302

    bob_form["note"] = "Bob's careful note"
    response = bob.post(evidence_url(evidence), bob_form)

    assert response.status_code == 200
    page = response.content.decode()
    assert STALE in page
    assert "Changed since you opened it: title (by editor-alice)" in page
    assert "Bob&#x27;s careful note" in page  # still in the form
    evidence.refresh_from_db()
    assert (evidence.title, evidence.note) == ("小米2023年招聘公告", "")


def test_an_admin_save_after_an_api_change_is_refused(evidence, editor, second_editor):
    admin = signed_in(editor)
    data = evidence_form(admin, evidence)

    response = token_client(second_editor).patch(
        reverse("api:evidence", kwargs={"pk": evidence.pk}),
        {"updated_at": evidence.updated_at.isoformat(), "note": "From the API"},
        format="json",
    )
    assert response.status_code == 200, response.content

    data["title"] = "Changed in the admin"
    page = admin.post(evidence_url(evidence), data).content.decode()

    assert STALE in page
    assert "Changed since you opened it: note (by editor-bob)" in page
    evidence.refresh_from_db()
    assert (evidence.title, evidence.note) == ("小米招聘公告", "From the API")


def test_a_form_opened_after_the_change_saves(evidence, editor, second_editor):
    alice, bob = signed_in(editor), signed_in(second_editor)
    stale = evidence_form(bob, evidence)
    data = evidence_form(alice, evidence)
    data["title"] = "First change"
    alice.post(evidence_url(evidence), data)
    stale["note"] = "refused"
    assert bob.post(evidence_url(evidence), stale).status_code == 200

    fresh = evidence_form(bob, evidence)
    fresh["note"] = "Applied to the current version"
    assert bob.post(evidence_url(evidence), fresh).status_code == 302

    evidence.refresh_from_db()
    assert (evidence.title, evidence.note) == (
        "First change",
        "Applied to the current version",
    )


def test_a_link_check_does_not_make_the_form_stale(evidence, editor):
    client = signed_in(editor)
    data = evidence_form(client, evidence)
    # The link checker writes its bookkeeping this way (evidence_checks).
    Evidence.objects.filter(pk=evidence.pk).update(
        health=LinkHealth.DEAD, http_status=404
    )

    data["note"] = "Archived copy in the note"
    assert client.post(evidence_url(evidence), data).status_code == 302

    evidence.refresh_from_db()
    assert (evidence.note, evidence.health) == ("Archived copy in the note", "dead")


# --- The evidence inline on the claim form --------------------------------------


def inline_row(data: dict, evidence: Evidence) -> str:
    """The inline prefix ("evidence-N-") of the row holding ``evidence``."""
    for name, value in data.items():
        if name.endswith("-id") and value == str(evidence.pk):
            return name.removesuffix("id")
    raise AssertionError(f"evidence {evidence.pk} is not on the claim form")


def test_the_inline_refuses_the_second_of_two_evidence_edits(
    evidence, editor, second_editor
):
    claim = evidence.claim
    alice, bob = signed_in(editor), signed_in(second_editor)
    alice_form, bob_form = claim_form(alice, claim), claim_form(bob, claim)
    row = inline_row(alice_form, evidence)

    alice_form[row + "title"] = "小米2023年招聘公告"
    assert alice.post(change_url(claim), alice_form).status_code == 302

    bob_form[row + "note"] = "Bob's careful note"
    bob_form["text_en"] = "Bob's claim text"
    response = bob.post(change_url(claim), bob_form)

    assert response.status_code == 200
    page = response.content.decode()
    assert STALE in page
    assert "Changed since you opened it: title (by editor-alice)" in page
    assert "Bob&#x27;s careful note" in page
    evidence.refresh_from_db()
    claim.refresh_from_db()
    assert (evidence.title, evidence.note) == ("小米2023年招聘公告", "")
    assert claim.text_en != "Bob's claim text"  # nothing of the form was saved


def test_the_inline_refuses_an_edit_after_an_evidence_form_save(
    evidence, editor, second_editor
):
    claim = evidence.claim
    alice, bob = signed_in(editor), signed_in(second_editor)
    bob_form = claim_form(bob, claim)
    data = evidence_form(alice, evidence)
    data["note"] = "Alice's note"
    assert alice.post(evidence_url(evidence), data).status_code == 302

    bob_form[inline_row(bob_form, evidence) + "title"] = "Bob's title"
    assert STALE in bob.post(change_url(claim), bob_form).content.decode()

    evidence.refresh_from_db()
    assert (evidence.title, evidence.note) == ("小米招聘公告", "Alice's note")


def test_the_inline_refuses_to_delete_evidence_changed_since(
    evidence, editor, second_editor
):
    claim = evidence.claim
    alice, bob = signed_in(editor), signed_in(second_editor)
    bob_form = claim_form(bob, claim)
    data = evidence_form(alice, evidence)
    data["note"] = "Alice's note"
    alice.post(evidence_url(evidence), data)

    bob_form[inline_row(bob_form, evidence) + "DELETE"] = "on"
    response = bob.post(change_url(claim), bob_form)

    assert STALE in response.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk, note="Alice's note").exists()


def test_a_stale_row_left_alone_is_not_written_back_over_the_change(
    editor, second_editor
):
    """The posted row holds the old values, which the form cannot tell from an
    edit: it is refused rather than saved over the newer change."""
    claim = ClaimFactory(text_en="Before")
    evidence = EvidenceFactory(claim=claim, title="小米招聘公告")
    alice, bob = signed_in(editor), signed_in(second_editor)
    bob_form = claim_form(bob, claim)
    data = evidence_form(alice, evidence)
    data["note"] = "Alice's note"
    alice.post(evidence_url(evidence), data)

    bob_form["text_en"] = "After"
    page = bob.post(change_url(claim), bob_form).content.decode()

    assert STALE in page
    evidence.refresh_from_db()
    assert evidence.note == "Alice's note"

    fresh = claim_form(bob, claim)
    fresh["text_en"] = "After"
    assert bob.post(change_url(claim), fresh).status_code == 302
    claim.refresh_from_db()
    evidence.refresh_from_db()
    assert (claim.text_en, evidence.note) == ("After", "Alice's note")


def test_the_claim_form_saves_when_its_evidence_did_not_change(editor):
    claim = ClaimFactory(text_en="Before")
    evidence = EvidenceFactory(claim=claim, title="小米招聘公告")
    client = signed_in(editor)
    data = claim_form(client, claim)
    Evidence.objects.filter(pk=evidence.pk).update(health=LinkHealth.DEAD)

    data[inline_row(data, evidence) + "note"] = "Archived copy"
    data["text_en"] = "After"
    assert client.post(change_url(claim), data).status_code == 302

    evidence.refresh_from_db()
    assert (evidence.note, evidence.health) == ("Archived copy", "dead")
