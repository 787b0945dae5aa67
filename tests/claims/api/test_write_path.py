"""The API writes through the services: a field they do not allow is a 400
naming it, and nothing is written."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Claim, EditorialState
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("api:claim-list")


@pytest.fixture(autouse=True)
def clean_cache():
    """Throttle counts and cached pages start from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(editor) -> APIClient:
    client = APIClient()
    client.force_authenticate(editor)
    return client


def error_fields(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()["error"]["fields"]


def test_creating_a_claim_with_its_state_or_dates_is_a_400_naming_them(api, editor):
    body = {
        "slug": "xiaomi-ai-team-1200",
        "text": "小米AI团队有超过1200人。",
        "speaker": SpeakerFactory().slug,
        "article": ArticleFactory().slug,
        "kind": "statistic",
        "rating": "true",
        "state": "published",
        "published_at": "2024-01-01T00:00:00Z",
        "submitted_by": editor.pk,
    }

    fields = error_fields(api.post(LIST, body, format="json"))

    assert set(fields) == {"state", "published_at", "submitted_by"}
    assert fields["state"] == ["此处不能设置该字段。"]
    assert not Claim.objects.exists()
    assert APIClient().get(LIST).json()["results"] == []


def test_updating_a_claim_with_its_state_is_a_400_and_changes_nothing(api):
    claim = ClaimFactory(text_en="kept")
    url = reverse("api:claim-detail", kwargs={"slug": claim.slug})
    body = {
        "version": claim.version,
        "text_en": "changed",
        "state": "published",
        "rated_at": "2001-01-01T00:00:00Z",
    }

    fields = error_fields(api.patch(url, body, format="json"))

    assert set(fields) == {"state", "rated_at"}
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.state, stored.text_en, stored.version) == (
        EditorialState.DRAFT,
        "kept",
        claim.version,
    )
    assert APIClient().get(url).status_code == 404


def test_an_evidence_update_cannot_set_the_link_health(api):
    evidence = EvidenceFactory()
    url = reverse("api:evidence", kwargs={"pk": evidence.pk})
    body = {
        "updated_at": evidence.updated_at.isoformat(),
        "note": "Page 12.",
        "health": "ok",
    }

    fields = error_fields(api.patch(url, body, format="json"))

    assert list(fields) == ["health"]
    evidence.refresh_from_db()
    assert (evidence.note, evidence.health) == ("", "unchecked")


def test_a_claimreview_import_is_a_draft_whatever_the_object_says(api, editor):
    body = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example/2024/xiaomi-ai-team-size.html",
        "datePublished": "2024-01-02",
        "creativeWorkStatus": "Published",
        "state": "published",
        "published_at": "2024-01-02T00:00:00Z",
        "claimReviewed": "小米AI团队有超过1200人。",
        "inLanguage": "zh",
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly True"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "雷军", "alternateName": "Lei Jun"},
            "firstAppearance": {
                "@type": "CreativeWork",
                "headline": "雷军年度演讲",
                "url": "https://news.example/lei-jun-2023",
            },
        },
    }

    response = api.post(reverse("api:claimreview-import"), body, format="json")

    assert response.status_code == 201, response.content
    claim = Claim.objects.get()
    assert (claim.state, claim.published_at, claim.submitted_by) == (
        EditorialState.DRAFT,
        None,
        None,
    )
    assert claim.rated_at.date().isoformat() != "2024-01-02"
    row = claim.history.get()
    assert (row.history_user, row.history_change_reason) == (
        editor,
        "Imported from ClaimReview",
    )
    assert APIClient().get(LIST).json()["results"] == []


def test_a_claimreview_whose_slug_is_taken_by_another_claim_gets_the_next_number(
    api,
):
    ClaimFactory(slug="xiaomi-ai-team-size", text="另一条声明")
    body = {
        "@type": "ClaimReview",
        "url": "https://factcheck.example/2024/xiaomi-ai-team-size.html",
        "claimReviewed": "小米AI团队有超过1200人。",
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly True"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"name": "雷军"},
            "firstAppearance": {"headline": "雷军年度演讲"},
        },
    }

    response = api.post(reverse("api:claimreview-import"), body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["claims"][0]["slug"] == "xiaomi-ai-team-size-2"
    assert Claim.objects.get(slug="xiaomi-ai-team-size-2").text == (
        "小米AI团队有超过1200人。"
    )
