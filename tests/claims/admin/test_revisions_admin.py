"""The claim form of a public claim: a save becomes a pending revision, shown
with its diff, approved or rejected with buttons by a second reviewer."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import (
    Claim,
    ClaimRevision,
    Evidence,
    FlagReason,
    FlagResolution,
    Rating,
    RevisionStatus,
)
from tests.factories import ClaimFactory, EvidenceFactory, FlagFactory
from tests.helpers.admin import change_url, claim_form
from tests.helpers.claims import propose
from tests.helpers.pages import url_in

pytestmark = pytest.mark.django_db

OLD_TEXT = "小米AI团队超过1200人。"
NEW_TEXT = "小米AI团队超过3000人。"


def signed_in(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def save_text(client, claim, text: str, **extra):
    data = claim_form(client, claim)
    data["text"] = text
    data.update(extra)
    return client.post(change_url(claim), data, follow=True)


def test_an_editors_save_of_a_published_claim_waits_for_a_reviewer(
    published_claim, editor
):
    client = signed_in(editor)
    page = save_text(client, published_claim, NEW_TEXT).content.decode()

    assert "Your change waits for a second reviewer" in page
    assert Claim.objects.get(pk=published_claim.pk).text == OLD_TEXT
    revision = ClaimRevision.objects.get()
    assert (revision.author, revision.fields) == (editor, {"text": NEW_TEXT})
    # The form shows the revision's diff; an editor has no approve button.
    assert "Pending revisions" in page
    assert f"<del>{OLD_TEXT}</del>" in page and f"<ins>{NEW_TEXT}</ins>" in page
    assert ">Approve</button>" not in page
    reader = Client().get(url_in("zh-hans", "claims:detail", slug=published_claim.slug))
    assert NEW_TEXT not in reader.content.decode()


def test_the_message_is_in_chinese_for_a_chinese_editor(published_claim, editor):
    page = save_text(signed_in(editor, "zh-hans"), published_claim, NEW_TEXT)
    assert "您的修改须经另一位审核人批准" in page.content.decode()


def test_a_second_reviewer_approves_with_the_button(published_claim, editor, reviewer):
    revision = propose(published_claim, author=editor, fields={"text": NEW_TEXT})
    client = signed_in(reviewer)
    page = client.get(change_url(published_claim)).content.decode()
    approve = reverse("admin:claims_claimrevision_approve", args=[revision.pk])
    assert re.search(rf'formaction="{approve}"[^>]*>Approve</button>', page)

    done = client.post(
        approve, {f"revision_note_{revision.pk}": "Checked."}, follow=True
    )

    assert f"Revision {revision.pk} approved" in done.content.decode()
    assert Claim.objects.get(pk=published_claim.pk).text == NEW_TEXT
    reader = Client().get(url_in("zh-hans", "claims:detail", slug=published_claim.slug))
    assert NEW_TEXT in reader.content.decode()


def test_the_author_cannot_approve_their_own_revision(published_claim, reviewer):
    client = signed_in(reviewer)
    save_text(client, published_claim, NEW_TEXT)
    revision = ClaimRevision.objects.get()
    page = client.get(change_url(published_claim)).content.decode()
    assert ">Approve</button>" not in page
    assert ">Withdraw</button>" in page

    refused = client.post(
        reverse("admin:claims_claimrevision_approve", args=[revision.pk]), follow=True
    )

    assert "another reviewer must approve" in refused.content.decode()
    assert Claim.objects.get(pk=published_claim.pk).text == OLD_TEXT


def test_a_stale_revision_is_refused_with_a_message(
    published_claim, editor, second_editor, reviewer
):
    first = propose(published_claim, author=editor, fields={"text": NEW_TEXT})
    second = propose(published_claim, author=second_editor, fields={"quote": "三千人"})
    client = signed_in(reviewer)
    client.post(reverse("admin:claims_claimrevision_approve", args=[first.pk]))

    page = client.post(
        reverse("admin:claims_claimrevision_approve", args=[second.pk]), follow=True
    ).content.decode()

    assert f"Revision {second.pk} cannot be applied" in page
    assert Claim.objects.get(pk=published_claim.pk).quote != "三千人"


def test_rejecting_asks_for_a_note(published_claim, editor, reviewer):
    revision = propose(published_claim, author=editor, fields={"text": NEW_TEXT})
    client = signed_in(reviewer)
    reject = reverse("admin:claims_claimrevision_reject", args=[revision.pk])
    assert "tell the editor why" in client.post(reject, follow=True).content.decode()
    client.post(reject, {f"revision_note_{revision.pk}": "Which report?"})
    revision.refresh_from_db()
    assert (revision.status, revision.note) == (
        RevisionStatus.REJECTED,
        "Which report?",
    )


def test_evidence_added_in_the_inline_joins_the_revision(published_claim, editor):
    client = signed_in(editor)
    data = claim_form(client, published_claim)
    # "Add another" copies the empty row, with its defaults (the language).
    data |= {
        name.replace("evidence-__prefix__-", "evidence-0-"): value
        for name, value in data.items()
        if name.startswith("evidence-__prefix__-")
    }
    data.update(
        {
            "evidence-TOTAL_FORMS": "1",
            "evidence-0-title": "小米2024年报",
            "evidence-0-url": "https://example.com/report",
            "evidence-0-stance": "supports",
            "evidence-0-claim": str(published_claim.pk),
        }
    )
    response = client.post(change_url(published_claim), data, follow=True)

    assert "Your change waits for a second reviewer" in response.content.decode()
    assert not Evidence.objects.exists()
    revision = ClaimRevision.objects.get()
    assert revision.evidence_changes[0]["operation"] == "add"
    assert revision.evidence_changes[0]["fields"]["title"] == "小米2024年报"


def test_an_evidence_edit_on_its_own_form_is_held(published_claim, editor):
    evidence = EvidenceFactory(claim=published_claim, title="Original")
    client = signed_in(editor)
    url = reverse("admin:claims_evidence_change", args=[evidence.pk])
    from tests.helpers.html_forms import form_data

    data = form_data(client.get(url).content.decode(), form_id="evidence_form")
    data["title"] = "Edited"
    response = client.post(url, data, follow=True)

    assert "Your change waits for a second reviewer" in response.content.decode()
    assert Evidence.objects.get().title == "Original"
    assert ClaimRevision.objects.get().evidence_changes[0]["fields"] == {
        "title": "Edited"
    }


def test_drafts_save_at_once(editor):
    claim = ClaimFactory(text=OLD_TEXT)
    page = save_text(signed_in(editor), claim, NEW_TEXT).content.decode()
    assert "was changed successfully" in page
    assert Claim.objects.get(pk=claim.pk).text == NEW_TEXT
    assert not ClaimRevision.objects.exists()


def test_reviewers_have_a_list_of_pending_revisions(published_claim, editor, reviewer):
    revision = propose(published_claim, author=editor, fields={"text": NEW_TEXT})
    page = signed_in(reviewer).get(reverse("admin:claims_claimrevision_changelist"))
    assert page.status_code == 200
    assert f"Revision {revision.pk} of" in page.content.decode()
    detail = signed_in(reviewer).get(
        reverse("admin:claims_claimrevision_change", args=[revision.pk])
    )
    assert f"<ins>{NEW_TEXT}</ins>" in detail.content.decode()


def test_view_on_site_of_a_draft_is_its_preview(editor):
    claim = ClaimFactory(slug="draft-claim")
    page = signed_in(editor).get(change_url(claim)).content.decode()
    assert "/claims/draft-claim/preview/" in page


def test_a_reviewers_evidence_deletion_is_held(published_claim, reviewer):
    evidence = EvidenceFactory(claim=published_claim, title="Gone soon")
    client = signed_in(reviewer)
    url = reverse("admin:claims_evidence_delete", args=[evidence.pk])

    response = client.post(url, {"post": "yes"}, follow=True)

    assert "Your change waits for a second reviewer" in response.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert ClaimRevision.objects.get().evidence_changes[0]["operation"] == "remove"
    evidence_list = client.get(reverse("admin:claims_evidence_changelist"))
    assert "delete_selected" not in evidence_list.content.decode()


def test_a_public_claim_is_not_reverted_from_its_history(published_claim, editor):
    client = signed_in(editor)
    first = published_claim.history.order_by("history_id").first()
    url = reverse(
        "admin:claims_claim_simple_history", args=[published_claim.pk, first.history_id]
    )
    data = claim_form(client, published_claim)  # even with the current version
    data["text"] = NEW_TEXT

    response = client.post(url, data, follow=True)

    assert "A public claim is not reverted from its history" in (
        response.content.decode()
    )
    assert Claim.objects.get(pk=published_claim.pk).text == OLD_TEXT


def test_a_held_re_rating_keeps_its_english_reason_and_closes_ticked_flags_on_approval(
    published_claim, editor, reviewer
):
    flag = FlagFactory(claim=published_claim, reason=FlagReason.REVIEW_OVERDUE)
    client = signed_in(editor)
    data = claim_form(client, published_claim)
    assert data["close_flags"] == str(flag.pk)  # ticked: a new rating answers it
    data.update(
        rating=str(Rating.objects.get(slug="mostly-true").pk),
        change_kind="update",
        change_reason_en="The 2024 report counts contractors.",
    )
    page = client.post(change_url(published_claim), data, follow=True)

    page = page.content.decode()
    assert "Your change waits for a second reviewer" in page
    assert "Flags closed as “re-rated” on approval" in page
    assert "The 2024 report counts contractors." in page
    flag.refresh_from_db()
    assert flag.is_open  # until a second reviewer approves the new rating
    revision = ClaimRevision.objects.get()
    assert (revision.change_reason_en, revision.resolve_flags) == (
        "The 2024 report counts contractors.",
        [flag.pk],
    )

    signed_in(reviewer).post(
        reverse("admin:claims_claimrevision_approve", args=[revision.pk])
    )

    flag.refresh_from_db()
    assert (flag.resolution, flag.resolved_by) == (FlagResolution.RE_RATED, reviewer)
    reader = Client().get(url_in("en", "claims:detail", slug=published_claim.slug))
    assert "The 2024 report counts contractors." in reader.content.decode()
