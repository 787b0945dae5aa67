"""The editors' admin: stale saves refused, history kept, publishing guarded."""

import pytest
from django.urls import reverse

from claims.models import Claim, EditorialState
from tests.factories import ClaimFactory, EvidenceFactory
from tests.helpers.html_forms import form_data

pytestmark = pytest.mark.django_db


def change_url(claim: Claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def open_change_form(client, user, claim: Claim) -> dict:
    client.force_login(user)
    response = client.get(change_url(claim))
    assert response.status_code == 200
    return form_data(response.content.decode(), form_id="claim_form")


def test_second_editor_saving_a_stale_claim_is_told_and_loses_nothing(
    client, editor, second_editor, django_user_model
):
    claim = ClaimFactory(text="小米AI团队超过1000人")
    EvidenceFactory(claim=claim, title="小米招聘公告")
    from django.test import Client

    alice, bob = client, Client()
    alice_form = open_change_form(alice, editor, claim)
    bob_form = open_change_form(bob, second_editor, claim)

    alice_form["text"] = "小米AI团队超过1200人"
    response = alice.post(change_url(claim), alice_form)
    assert response.status_code == 302

    bob_form["text"] = "小米AI团队超过3000人"
    bob_form["rating_explanation"] = "Bob's careful explanation"
    response = bob.post(change_url(claim), bob_form)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this claim after you opened it" in page
    # Bob's input is still on the form for him to re-apply.
    assert "小米AI团队超过3000人" in page
    assert "Bob&#x27;s careful explanation" in page
    claim.refresh_from_db()
    assert claim.text == "小米AI团队超过1200人"
    assert claim.rating_explanation != "Bob's careful explanation"


def test_editing_in_the_admin_shows_the_change_in_the_history_page(client, editor):
    claim = ClaimFactory(text="小米AI团队超过1000人")
    data = open_change_form(client, editor, claim)
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
    assert "进行中 · In progress" in page
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


def run_action(client, user, action: str, claim: Claim):
    client.force_login(user)
    return client.post(
        reverse("admin:claims_claim_changelist"),
        # The changelist's checkboxes carry "pk,version": an action on a row
        # changed since the list was shown is refused.
        {"action": action, "_selected_action": [f"{claim.pk},{claim.version}"]},
        follow=True,
    )


def test_editor_cannot_publish(client, editor):
    claim = ClaimFactory(state=EditorialState.IN_REVIEW)
    changelist = client_get_changelist(client, editor)
    assert 'value="submit_for_review"' in changelist
    assert 'value="publish"' not in changelist  # not offered to an editor
    run_action(client, editor, "publish", claim)
    claim.refresh_from_db()
    assert claim.state == EditorialState.IN_REVIEW


def client_get_changelist(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("admin:claims_claim_changelist")).content.decode()


def test_reviewer_is_offered_publish_and_retract(client, reviewer):
    ClaimFactory()
    changelist = client_get_changelist(client, reviewer)
    assert 'value="publish"' in changelist
    assert 'value="retract"' in changelist


def test_editor_cannot_publish_by_editing_the_state_field(client, editor):
    claim = ClaimFactory(state=EditorialState.IN_REVIEW)
    data = open_change_form(client, editor, claim)
    data["state"] = EditorialState.PUBLISHED
    client.post(change_url(claim), data)
    claim.refresh_from_db()
    assert claim.state == EditorialState.IN_REVIEW


def test_reviewer_publishes_and_retracts(client, reviewer):
    claim = ClaimFactory(state=EditorialState.IN_REVIEW)
    response = run_action(client, reviewer, "publish", claim)
    assert "1 claim published." in response.content.decode()
    claim.refresh_from_db()
    assert claim.state == EditorialState.PUBLISHED
    assert claim.published_at is not None

    Claim.objects.filter(pk=claim.pk).update(
        retraction_reason="Quote was misattributed"
    )
    run_action(client, reviewer, "retract", claim)
    claim.refresh_from_db()
    assert claim.state == EditorialState.RETRACTED
    assert claim.history.filter(history_change_reason="Retracted").exists()


def test_editor_submits_a_draft_for_review(client, editor):
    claim = ClaimFactory(state=EditorialState.DRAFT)
    response = run_action(client, editor, "submit_for_review", claim)
    assert "1 claim submitted for review." in response.content.decode()
    claim.refresh_from_db()
    assert claim.state == EditorialState.IN_REVIEW


def test_publish_service_refuses_an_editor():
    from django.core.exceptions import PermissionDenied

    from claims import services
    from tests.factories import UserFactory

    editor = UserFactory(username="ed", group="Editors")
    claim = ClaimFactory(state=EditorialState.IN_REVIEW)
    with pytest.raises(PermissionDenied, match="Only reviewers may publish"):
        services.claim_publish(claim=claim, user=editor)
    claim.refresh_from_db()
    assert claim.state == EditorialState.IN_REVIEW
