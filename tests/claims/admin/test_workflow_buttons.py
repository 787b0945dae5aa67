"""Submit, publish, send back and retract as buttons on the claim form."""

from __future__ import annotations

import pytest
from django.test import Client

from claims import services
from claims.models import Claim, EditorialState
from intake.services import placeholder_speaker
from tests.factories import ClaimFactory
from tests.helpers.admin import change_url, claim_form

pytestmark = pytest.mark.django_db


def client_for(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def press(client: Client, claim: Claim, step: str, **changes):
    """Load the claim's form, change ``changes`` and press the step's button."""
    data = claim_form(client, claim)
    data.update(changes)
    return client.post(change_url(claim), {**data, "_workflow": step}, follow=True)


def buttons(client: Client, claim: Claim) -> set[str]:
    page = client.get(change_url(claim)).content.decode()
    return {
        step
        for step in ("submit", "publish", "send_back", "retract")
        if f'name="_workflow" value="{step}"' in page
    }


def test_each_state_shows_the_buttons_its_user_may_press(
    editor, reviewer, submitted_claim
):
    draft = ClaimFactory(state=EditorialState.DRAFT)
    published = ClaimFactory(state=EditorialState.PUBLISHED)
    retracted = ClaimFactory(state=EditorialState.RETRACTED, retraction_reason="x")
    as_editor, as_reviewer = client_for(editor), client_for(reviewer)

    assert buttons(as_editor, draft) == {"submit"}
    assert buttons(as_editor, submitted_claim) == set()
    assert buttons(as_editor, published) == set()
    assert buttons(as_reviewer, submitted_claim) == {"publish", "send_back"}
    assert buttons(as_reviewer, published) == {"retract"}
    assert buttons(as_reviewer, retracted) == set()


def test_an_editor_submits_a_draft_with_the_changes_on_the_form(editor):
    draft = ClaimFactory(state=EditorialState.DRAFT, text="小米AI团队超过1000人。")

    page = press(client_for(editor), draft, "submit", text="小米AI团队超过1200人。")

    assert "The claim was submitted for review." in page.content.decode()
    stored = Claim.objects.get(pk=draft.pk)
    assert stored.state == EditorialState.IN_REVIEW
    assert stored.submitted_by == editor
    assert stored.text == "小米AI团队超过1200人。"
    assert page.redirect_chain[-1][0] == change_url(draft)


def test_the_messages_are_in_the_editors_language(editor):
    draft = ClaimFactory(state=EditorialState.DRAFT)

    page = press(client_for(editor, "zh-hans"), draft, "submit").content.decode()

    assert "声明已提交审核。" in page


def test_a_reviewer_publishes_from_the_form(submitted_claim, reviewer):
    page = press(client_for(reviewer), submitted_claim, "publish")

    assert "The claim was published" in page.content.decode()
    assert Claim.objects.get(pk=submitted_claim.pk).state == EditorialState.PUBLISHED


def test_the_reviewer_who_submitted_a_claim_cannot_publish_it_from_the_form(reviewer):
    claim = services.claim_submit_for_review(
        claim=ClaimFactory(state=EditorialState.DRAFT), user=reviewer
    )

    page = press(client_for(reviewer), claim, "publish").content.decode()

    assert "“Publish” was not done" in page
    assert "another reviewer must publish it" in page
    assert Claim.objects.get(pk=claim.pk).state == EditorialState.IN_REVIEW


def test_a_placeholder_speaker_is_refused_with_what_to_do(editor):
    draft = ClaimFactory(state=EditorialState.DRAFT, speaker=placeholder_speaker())

    page = press(client_for(editor), draft, "submit").content.decode()

    assert "“Submit for review” was not done" in page
    assert "Choose who made this claim" in page
    assert Claim.objects.get(pk=draft.pk).state == EditorialState.DRAFT


def test_sending_back_takes_the_comment_from_the_form(submitted_claim, reviewer):
    client = client_for(reviewer)

    missing = press(client, submitted_claim, "send_back").content.decode()
    assert "Write a comment: tell the editor what to fix." in missing
    assert Claim.objects.get(pk=submitted_claim.pk).state == EditorialState.IN_REVIEW

    page = press(
        client, submitted_claim, "send_back", workflow_note="核对招聘页面的数字。"
    )
    assert "sent back to its editor" in page.content.decode()
    stored = Claim.objects.get(pk=submitted_claim.pk)
    assert stored.state == EditorialState.DRAFT
    assert stored.review_comment == "核对招聘页面的数字。"


def test_retracting_asks_for_the_reason_in_one_step(published_claim, reviewer):
    client = client_for(reviewer)

    missing = press(client, published_claim, "retract").content.decode()
    assert "Say why the claim is retracted." in missing
    assert Claim.objects.get(pk=published_claim.pk).state == EditorialState.PUBLISHED

    page = press(client, published_claim, "retract", workflow_note="引语出处有误。")
    assert "The claim was retracted" in page.content.decode()
    stored = Claim.objects.get(pk=published_claim.pk)
    assert stored.state == EditorialState.RETRACTED
    assert stored.retraction_reason == "引语出处有误。"


def test_a_step_the_user_may_not_take_is_refused(published_claim, editor):
    page = press(client_for(editor), published_claim, "retract", workflow_note="x")

    assert "Only reviewers may publish or retract claims." in page.content.decode()
    assert Claim.objects.get(pk=published_claim.pk).state == EditorialState.PUBLISHED


def test_a_stale_form_publishes_nothing_and_keeps_what_was_typed(
    submitted_claim, reviewer, second_editor
):
    client = client_for(reviewer)
    data = claim_form(client, submitted_claim)
    services.claim_update(
        claim=submitted_claim,
        user=second_editor,
        version=submitted_claim.version,
        fields={"text": "小米AI团队超过3000人。"},
    )
    data.update(text="小米AI团队超过1500人。", workflow_note="我的备注")

    page = client.post(change_url(submitted_claim), {**data, "_workflow": "publish"})

    assert page.status_code == 200
    html = page.content.decode()
    assert "Someone else saved this claim after you opened it" in html
    assert "小米AI团队超过1500人。" in html and "我的备注" in html
    stored = Claim.objects.get(pk=submitted_claim.pk)
    assert (stored.state, stored.text) == (
        EditorialState.IN_REVIEW,
        "小米AI团队超过3000人。",
    )


def test_a_button_on_an_unchanged_form_writes_no_extra_history(
    submitted_claim, reviewer
):
    rows = submitted_claim.history.count()

    press(client_for(reviewer), submitted_claim, "publish")

    assert submitted_claim.history.count() == rows + 1
    assert submitted_claim.history.first().history_change_reason == "Published"
