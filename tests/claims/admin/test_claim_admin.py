"""The editors' admin: stale saves refused, history kept, publishing guarded."""

import pytest
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Claim, EditorialState, Rating, RatingChange
from claims.services.scans import claims_deadline_scan
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.admin import change_url, changelist, claim_form, run_claim_action

pytestmark = pytest.mark.django_db


def test_second_editor_saving_a_stale_claim_is_told_and_loses_nothing(
    client, editor, second_editor
):
    claim = ClaimFactory(text="小米AI团队超过1000人")
    EvidenceFactory(claim=claim, title="小米招聘公告")
    alice, bob = client, Client()
    alice.force_login(editor)
    bob.force_login(second_editor)
    alice_form = claim_form(alice, claim)
    bob_form = claim_form(bob, claim)

    alice_form["text"] = "小米AI团队超过1200人"
    response = alice.post(change_url(claim), alice_form)
    assert response.status_code == 302

    bob_form["text"] = "小米AI团队超过3000人"
    bob_form["rating_explanation"] = "Bob's careful explanation"
    response = bob.post(change_url(claim), bob_form)

    assert response.status_code == 200
    page = response.content.decode()
    assert "已有其他人保存过它，因此你的修改没有保存" in page
    # Bob's input is still on the form for him to re-apply.
    assert "小米AI团队超过3000人" in page
    assert "Bob&#x27;s careful explanation" in page
    claim.refresh_from_db()
    assert claim.text == "小米AI团队超过1200人"
    assert claim.rating_explanation != "Bob's careful explanation"


def test_editing_in_the_admin_shows_the_change_in_the_history_page(client, editor):
    claim = ClaimFactory(text="小米AI团队超过1000人")
    client.force_login(editor)
    data = claim_form(client, claim)
    data["text"] = "小米AI团队超过1200人"
    assert client.post(change_url(claim), data).status_code == 302

    history = client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    page = history.content.decode()
    assert history.status_code == 200
    assert "小米AI团队超过1200人" in page
    assert "小米AI团队超过1000人" in page  # the diff shows old and new
    assert claim.history.first().history_user == editor


def test_changelist_shows_rating_badge_kind_and_open_flags(client, editor):
    ClaimFactory(text="小米汽车2024年上半年量产", kind="promise", state="published")
    client.force_login(editor)
    response = client.get(reverse("admin:claims_claim_changelist"))
    page = response.content.decode()
    assert "小米汽车2024年上半年量产" in page
    # The rating in the editor's language only (Chinese, the admin's default).
    assert '<span class="rating-badge rating-in-progress">进行中</span>' in page
    assert "In progress" not in page
    assert "Promise" in page or "承诺" in page


def test_changelist_search_finds_chinese_and_english_text(client, editor):
    ClaimFactory(text="小米汽车量产", text_en="Xiaomi car mass production")
    ClaimFactory(text="小米AI团队规模", text_en="Xiaomi AI team size")
    client.force_login(editor)
    url = reverse("admin:claims_claim_changelist")
    chinese = client.get(url, {"q": "量产"}).content.decode()
    english = client.get(url, {"q": "team size"}).content.decode()
    assert "小米汽车量产" in chinese and "小米AI团队规模" not in chinese
    assert "小米AI团队规模" in english and "小米汽车量产" not in english


def test_editor_cannot_publish(client, editor):
    claim = ClaimFactory(state=EditorialState.IN_REVIEW)
    client.force_login(editor)
    offered = changelist(client)
    assert 'value="submit_for_review"' in offered
    assert 'value="publish"' not in offered  # not offered to an editor
    run_claim_action(client, "publish", claim)
    claim.refresh_from_db()
    assert claim.state == EditorialState.IN_REVIEW


def test_reviewer_is_offered_publish_and_retract(client, reviewer):
    ClaimFactory()
    client.force_login(reviewer)
    offered = changelist(client)
    assert 'value="publish"' in offered
    assert 'value="retract"' in offered


def test_editor_cannot_publish_by_editing_the_state_field(client, editor):
    claim = ClaimFactory(state=EditorialState.IN_REVIEW)
    client.force_login(editor)
    data = claim_form(client, claim)
    data["state"] = EditorialState.PUBLISHED
    client.post(change_url(claim), data)
    claim.refresh_from_db()
    assert claim.state == EditorialState.IN_REVIEW


def test_another_reviewer_publishes_and_retracts_and_the_history_says_so(
    client, submitted_claim, reviewer
):
    claim = submitted_claim
    client.force_login(reviewer)
    response = run_claim_action(client, "publish", claim)
    assert "已发布 1 条声明。" in response.content.decode()
    claim.refresh_from_db()
    assert claim.state == EditorialState.PUBLISHED
    assert claim.published_at is not None

    Claim.objects.filter(pk=claim.pk).update(
        retraction_reason="Quote was misattributed"
    )
    run_claim_action(client, "retract", claim)
    claim.refresh_from_db()
    assert claim.state == EditorialState.RETRACTED
    reasons = list(
        claim.history.order_by("history_date").values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons[-3:] == ["Submitted for review", "Published", "Retracted"]


def test_editor_submits_a_draft_for_review(client, editor):
    claim = ClaimFactory(state=EditorialState.DRAFT)
    client.force_login(editor)
    response = run_claim_action(client, "submit_for_review", claim)
    assert "已提交审核 1 条声明。" in response.content.decode()
    claim.refresh_from_db()
    assert claim.state == EditorialState.IN_REVIEW


def test_the_claim_page_shows_its_flags(client, editor):
    claim = ClaimFactory(due_h1_2024=True, published=True)
    claims_deadline_scan(raised_by="tests")
    client.force_login(editor)
    page = client.get(change_url(claim))
    assert "Deadline passed on 2024-06-30" in page.content.decode()


def test_the_admin_form_asks_for_the_kind_and_the_public_reason(
    published_claim, reviewer, second_reviewer
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(reviewer)
    url = change_url(published_claim)
    data = claim_form(client, published_claim)
    data["rating"] = str(Rating.objects.get(slug="mostly-true").pk)

    response = client.post(url, data)
    assert response.status_code == 200
    assert "say whether the new rating is a correction" in response.content.decode()
    assert Claim.objects.get(pk=published_claim.pk).rating.slug == "true"

    data["change_kind"] = "correction"
    data["change_reason"] = "The count includes 300 contractors."
    response = client.post(url, data)

    assert response.status_code == 302
    # Held for a second reviewer, with its kind and reason.
    assert not RatingChange.objects.exists()
    services.revision_approve(
        revision=published_claim.revisions.get(), user=second_reviewer
    )
    change = RatingChange.objects.get()
    assert (change.kind, change.reason) == (
        "correction",
        "The count includes 300 contractors.",
    )
    assert (change.from_rating.slug, change.to_rating.slug) == ("true", "mostly-true")
    assert change.changed_by == reviewer


# --- The review workflow's actions ----------------------------------------------


def test_the_submitter_is_told_another_reviewer_must_publish(reviewer):
    claim = services.claim_submit_for_review(claim=ClaimFactory(), user=reviewer)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(reviewer)

    page = run_claim_action(client, "publish", claim).content.decode()

    assert "another reviewer must publish it" in page
    claim.refresh_from_db()
    assert claim.state == EditorialState.IN_REVIEW


def test_sending_back_asks_for_the_comment_on_a_page_of_its_own(
    submitted_claim, reviewer
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(reviewer)

    page = run_claim_action(client, "send_back", submitted_claim).content.decode()
    assert "Comment for the editor" in page
    page = run_claim_action(
        client,
        "send_back",
        submitted_claim,
        apply="1",
        comment="The 1,200 figure needs a second source.",
    ).content.decode()
    assert "1 claim sent back to draft." in page

    submitted_claim.refresh_from_db()
    assert submitted_claim.state == EditorialState.DRAFT
    assert submitted_claim.review_comment == "The 1,200 figure needs a second source."
    assert (
        submitted_claim.history.first().history_change_reason
        == "Sent back to draft: The 1,200 figure needs a second source."
    )
