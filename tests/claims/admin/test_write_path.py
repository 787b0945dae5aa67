"""The admin saves claims, evidence, appearances and flags through the
services: it cannot set what they do not allow, and it records who did what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from claims.models import Claim, EditorialState, Flag, Rating
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    SpeakerFactory,
)
from tests.helpers.html_forms import form_data

pytestmark = pytest.mark.django_db


def change_url(claim: Claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def claim_page(claim: Claim) -> str:
    with translation.override("en"):
        return claim.get_absolute_url()


def open_form(client: Client, user, url: str, form_id: str = "claim_form") -> dict:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.content.decode(), form_id=form_id)


def test_posting_the_state_and_publication_date_leaves_the_claim_a_draft(
    client, editor
):
    claim = ClaimFactory(text_en="Xiaomi's AI team has 1,000 people.")
    data = open_form(client, editor, change_url(claim))
    data |= {
        "text_en": "Xiaomi's AI team has over 1,200 people.",
        "state": EditorialState.PUBLISHED,
        "published_at_0": "2024-01-01",
        "published_at_1": "10:00:00",
        "published_at": "2024-01-01 10:00:00",
    }

    response = client.post(change_url(claim), data)

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text_en == "Xiaomi's AI team has over 1,200 people."
    assert (claim.state, claim.published_at) == (EditorialState.DRAFT, None)
    assert Client().get(claim_page(claim)).status_code == 404


def test_a_claim_added_in_the_admin_is_a_draft_dated_by_its_rating(client, editor):
    data = open_form(client, editor, reverse("admin:claims_claim_add"))
    data |= {
        "text": "小米AI团队有超过1200人。",
        "slug": "xiaomi-ai-team-1200",
        "kind": "statistic",
        "speaker": str(SpeakerFactory().pk),
        "article": str(ArticleFactory().pk),
        "rating": str(Rating.objects.get(slug="true").pk),
        "state": EditorialState.PUBLISHED,
        "rated_at_0": "2001-01-01",
        "rated_at_1": "00:00:00",
    }
    before = timezone.now()

    response = client.post(reverse("admin:claims_claim_add"), data)

    assert response.status_code == 302, response.content.decode()[-3000:]
    claim = Claim.objects.get()
    assert claim.state == EditorialState.DRAFT
    assert claim.rated_at >= before
    row = claim.history.get()
    assert (row.history_user, row.history_change_reason) == (
        editor,
        "Created in the admin",
    )


def test_a_new_rating_in_the_admin_dates_the_claim(client, editor):
    long_ago = timezone.now() - timedelta(days=30)
    claim = ClaimFactory(rated_at=long_ago)
    data = open_form(client, editor, change_url(claim))
    data["rating"] = str(Rating.objects.get(slug="mostly-true").pk)

    assert client.post(change_url(claim), data).status_code == 302

    claim.refresh_from_db()
    assert claim.rating.slug == "mostly-true"
    assert claim.rated_at > long_ago
    assert claim.history.first().history_change_reason == "Changed in the admin"


def test_evidence_added_on_the_claim_form_names_the_editor_in_its_history(
    client, editor
):
    claim = ClaimFactory()
    data = open_form(client, editor, change_url(claim))
    prefix = "evidence"
    data |= {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-0-title": "小米招聘公告",
        f"{prefix}-0-url": "https://example.org/jobs",
        f"{prefix}-0-stance": "supports",
        f"{prefix}-0-language": "zh-hans",
        f"{prefix}-0-claim": str(claim.pk),
    }

    response = client.post(change_url(claim), data)

    assert response.status_code == 302, response.content.decode()[-3000:]
    evidence = claim.evidence.get()
    assert evidence.title == "小米招聘公告"
    row = evidence.history.get()
    assert (row.history_user, row.history_change_reason) == (
        editor,
        "Added in the admin",
    )


def test_the_evidence_screen_cannot_set_the_link_health(client, editor):
    evidence = EvidenceFactory(title="Annual report")
    url = reverse("admin:claims_evidence_change", args=[evidence.pk])
    data = open_form(client, editor, url, form_id="evidence_form")
    data |= {"note": "Page 12.", "health": "broken", "etag": '"forged"'}

    assert client.post(url, data).status_code == 302

    evidence.refresh_from_db()
    assert evidence.note == "Page 12."
    assert (evidence.health, evidence.etag) == ("unchecked", "")


def test_a_flag_added_by_hand_is_raised_by_the_editor_once(client, editor):
    claim = ClaimFactory()
    url = reverse("admin:claims_flag_add")
    data = open_form(client, editor, url, form_id="flag_form")
    data |= {
        "claim": str(claim.pk),
        "reason": "manual",
        "raised_by": "someone-else",
        "note": "核对引语出处。",
    }

    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)

    assert again.status_code == 200
    assert "同一提醒及相同备注已存在且未处理" in again.content.decode()
    flag = Flag.objects.get()
    assert (flag.claim, flag.raised_by) == (claim, "editor-alice")
