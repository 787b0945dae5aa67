"""A bulk action that meets a claim someone else saved leaves that claim as
it is, names it, and goes on with the others: never a server error."""

from __future__ import annotations

import pytest
from django.db.models import F
from django.db.models.signals import pre_save
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Claim, EditorialState
from tests.factories import ClaimFactory
from tests.helpers.admin import CHANGELIST

pytestmark = pytest.mark.django_db


def english_client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def submitted(text: str, editor) -> Claim:
    claim = ClaimFactory(state=EditorialState.DRAFT, text=text)
    return services.claim_submit_for_review(claim=claim, user=editor)


def publish(client: Client, claims: list[Claim]):
    return client.post(
        reverse(CHANGELIST),
        {
            "action": "publish",
            "index": "0",
            "_selected_action": [f"{claim.pk},{claim.version}" for claim in claims],
        },
        follow=True,
    )


def test_a_claim_changed_after_the_list_was_shown_is_named_and_left_alone(
    editor, second_editor, reviewer
):
    fresh = submitted("小米AI团队超过1200人。", editor)
    changed = submitted("小米汽车将于2024年上半年量产。", editor)
    seen = [Claim.objects.get(pk=fresh.pk), Claim.objects.get(pk=changed.pk)]
    services.claim_update(
        claim=changed,
        user=second_editor,
        version=changed.version,
        fields={"text": "小米汽车将于2024年3月量产。"},
    )

    page = publish(english_client(reviewer), seen)

    assert page.status_code == 200
    html = page.content.decode()
    assert "1 claim published." in html
    assert "Not changed, because someone else saved or deleted them" in html
    assert "“小米汽车将于2024年3月量产。”" in html
    assert Claim.objects.get(pk=fresh.pk).state == EditorialState.PUBLISHED
    assert Claim.objects.get(pk=changed.pk).state == EditorialState.IN_REVIEW


def test_when_every_selected_claim_changed_nothing_is_done_and_all_are_named(
    editor, second_editor, reviewer
):
    claim = submitted("小米AI团队超过1200人。", editor)
    seen = Claim.objects.get(pk=claim.pk)
    services.claim_update(
        claim=claim, user=second_editor, version=claim.version, fields={"quote": "x"}
    )

    page = publish(english_client(reviewer), [seen])

    html = page.content.decode()
    assert "“小米AI团队超过1200人。”" in html
    assert "published." not in html
    assert Claim.objects.get(pk=claim.pk).state == EditorialState.IN_REVIEW


@pytest.fixture
def saved_by_someone_else_meanwhile():
    """While the action saves the first of the claims it acts on, someone else
    saves the other (a real UPDATE of its version, as another editor's save
    would make), so the action meets a RecordModifiedError when it comes to it."""
    racing: list[int] = []

    def receiver(sender, instance, **kwargs):
        if instance.pk in racing:
            others = [pk for pk in racing if pk != instance.pk]
            racing.clear()  # once
            Claim.objects.filter(pk__in=others).update(version=F("version") + 1)

    pre_save.connect(receiver, sender=Claim, weak=False)
    yield racing
    pre_save.disconnect(receiver, sender=Claim)


def test_a_claim_saved_while_the_action_runs_is_named_not_a_server_error(
    editor, reviewer, saved_by_someone_else_meanwhile
):
    claims = [
        submitted("小米AI团队超过1200人。", editor),
        submitted("小米汽车将于2024年上半年量产。", editor),
    ]
    saved_by_someone_else_meanwhile.extend(claim.pk for claim in claims)

    page = publish(english_client(reviewer), claims)

    assert page.status_code == 200
    html = page.content.decode()
    assert "1 claim published." in html
    assert "because someone else saved them while the action ran" in html
    states = {claim.text: claim.state for claim in Claim.objects.all()}
    assert sorted(states.values()) == [
        EditorialState.IN_REVIEW,
        EditorialState.PUBLISHED,
    ]
    (left_alone,) = [t for t, state in states.items() if state == "in_review"]
    assert f"“{left_alone}”" in html


def test_a_selection_without_versions_is_refused_with_a_message(editor, reviewer):
    claim = submitted("小米AI团队超过1200人。", editor)

    page = english_client(reviewer).post(
        reverse(CHANGELIST),
        {"action": "publish", "index": "0", "_selected_action": [str(claim.pk)]},
        follow=True,
    )

    assert page.status_code == 200
    assert "do not say which version you saw" in page.content.decode()
    assert Claim.objects.get(pk=claim.pk).state == EditorialState.IN_REVIEW


def test_the_messages_name_the_claims_in_chinese_too(editor, second_editor, reviewer):
    claim = submitted("小米AI团队超过1200人。", editor)
    seen = Claim.objects.get(pk=claim.pk)
    services.claim_update(
        claim=claim, user=second_editor, version=claim.version, fields={"quote": "x"}
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(reviewer)

    html = publish(client, [seen]).content.decode()

    assert "以下声明未作改动" in html
    assert "“小米AI团队超过1200人。”" in html
