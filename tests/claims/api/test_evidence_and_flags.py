from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import ClaimKind, Flag, FlagResolution
from tests.factories import ClaimFactory, EvidenceFactory, FlagFactory
from tests.helpers.api import assert_error

pytestmark = pytest.mark.django_db


def add_evidence(claim) -> str:
    return reverse("api:evidence-create", kwargs={"slug": claim.slug})


def evidence_url(evidence) -> str:
    return reverse("api:evidence", kwargs={"pk": evidence.pk})


def raise_flag(claim) -> str:
    return reverse("api:flag-raise", kwargs={"slug": claim.slug})


def resolve(flag) -> str:
    return reverse("api:flag-resolve", kwargs={"pk": flag.pk})


# --- evidence -------------------------------------------------------------------


def test_an_editor_adds_evidence(editor_client):
    claim = ClaimFactory()

    response = editor_client.post(
        add_evidence(claim),
        {"url": "https://example.org/report", "title": "Annual report"},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["health"]["status"] == "unchecked"
    assert claim.evidence.get().title == "Annual report"


def test_evidence_needs_a_title_and_a_valid_url(editor_client):
    error = assert_error(
        editor_client.post(
            add_evidence(ClaimFactory()), {"url": "not a url"}, format="json"
        ),
        400,
    )

    assert set(error["fields"]) == {"url", "title"}


def test_evidence_permissions(anon_client, outsider_client):
    claim = ClaimFactory(published=True)
    body = {"title": "x"}

    assert_error(anon_client.post(add_evidence(claim), body, format="json"), 401)
    assert_error(outsider_client.post(add_evidence(claim), body, format="json"), 403)


def test_an_evidence_update_based_on_what_was_read_is_saved(editor_client):
    evidence = EvidenceFactory()
    read = editor_client.get(
        reverse("api:claim-detail", kwargs={"slug": evidence.claim.slug})
    ).json()["evidence"][0]

    response = editor_client.patch(
        evidence_url(evidence),
        {"updated_at": read["updated_at"], "note": "Page 12."},
        format="json",
    )

    assert response.status_code == 200, response.content
    evidence.refresh_from_db()
    assert evidence.note == "Page 12."


def test_a_stale_evidence_update_is_a_409(editor_client):
    evidence = EvidenceFactory(note="current")
    stale = (evidence.updated_at - timedelta(minutes=5)).isoformat()

    error = assert_error(
        editor_client.patch(
            evidence_url(evidence), {"updated_at": stale, "note": "lost"}, format="json"
        ),
        409,
    )

    evidence.refresh_from_db()
    assert evidence.note == "current"
    # In the site's time zone, as every other date-time the API gives.
    assert error["current"] == {
        "updated_at": timezone.localtime(evidence.updated_at).isoformat()
    }


# --- flags ----------------------------------------------------------------------


def test_an_editor_raises_a_manual_flag_once_and_a_second_note_is_kept(
    editor_client, editor
):
    claim = ClaimFactory(published=True)

    first = editor_client.post(raise_flag(claim), {"note": "Check Q3."}, format="json")
    again = editor_client.post(raise_flag(claim), {"note": "Again"}, format="json")

    assert first.status_code == 201, first.content
    assert first.json()["outcome"] == "created"
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["outcome"] == "note_added"
    assert [n["note"] for n in again.json()["notes"]] == ["Check Q3.", "Again"]
    flag = Flag.objects.get()
    assert flag.raised_by == editor.username
    assert flag.detail["summary"] == "Check Q3.\neditor-alice: Again"

    retried = editor_client.post(raise_flag(claim), {"note": "Again"}, format="json")
    assert retried.json()["outcome"] == "already_noted"
    assert len(retried.json()["notes"]) == 2


def test_a_flag_about_evidence_of_another_claim_is_refused(editor_client):
    claim = ClaimFactory()
    foreign = EvidenceFactory()

    error = assert_error(
        editor_client.post(
            raise_flag(claim), {"note": "x", "evidence": foreign.pk}, format="json"
        ),
        400,
    )

    assert list(error["fields"]) == ["evidence"]


def test_resolving_a_flag_as_reviewed_restarts_the_review_clock(editor_client):
    flag = FlagFactory(claim=ClaimFactory(published=True))

    response = editor_client.post(
        resolve(flag), {"resolution": "reviewed", "note": "Still true."}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["resolution"] == FlagResolution.REVIEWED
    flag.refresh_from_db()
    assert not flag.is_open
    assert flag.claim.last_reviewed_at is not None


def test_resolving_a_resolved_flag_is_a_409(editor_client):
    flag = FlagFactory()
    body = {"resolution": "dismissed", "note": "Not needed."}
    editor_client.post(resolve(flag), body, format="json")

    error = assert_error(editor_client.post(resolve(flag), body, format="json"), 409)

    assert error["current"] == {"resolution": "dismissed"}


def test_extending_a_deadline_needs_a_future_date(editor_client):
    today = timezone.localdate()
    claim = ClaimFactory(
        kind=ClaimKind.PREDICTION,
        due_start=today - timedelta(days=60),
        due_end=today - timedelta(days=1),
        due_precision="day",
    )
    flag = FlagFactory(claim=claim)
    body = {"resolution": "deadline_extended", "note": "Delayed."}

    error = assert_error(editor_client.post(resolve(flag), body, format="json"), 400)
    assert list(error["fields"]) == ["new_due_end"]

    body["new_due_end"] = (today + timedelta(days=90)).isoformat()
    assert editor_client.post(resolve(flag), body, format="json").status_code == 200
    claim.refresh_from_db()
    assert claim.due_end == today + timedelta(days=90)


def test_flag_permissions(anon_client, outsider_client):
    claim = ClaimFactory(published=True)
    flag = FlagFactory(claim=claim)
    body = {"resolution": "dismissed", "note": "x"}

    assert_error(anon_client.post(raise_flag(claim), {"note": "x"}), 401)
    assert_error(outsider_client.post(raise_flag(claim), {"note": "x"}), 403)
    assert_error(anon_client.post(resolve(flag), body), 401)
    assert_error(outsider_client.post(resolve(flag), body), 403)
