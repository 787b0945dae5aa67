"""Re-rating a published claim needs a public reason; readers see it."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from claims import services
from claims.models import Claim, EditorialState, Rating, RatingChange, ReasonCode
from tests.factories import ClaimFactory, SpeakerFactory
from tests.helpers.html_forms import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def page_url(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def page_text(response) -> str:
    html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def claim_review(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


def test_a_new_rating_without_a_reason_is_refused_and_changes_nothing(
    published_claim,
):
    published_claim.rating = Rating.objects.get(slug="mostly-true")

    with pytest.raises(ValidationError) as error:
        published_claim.full_clean()
    assert {"change_kind", "change_reason"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError):
        published_claim.save()

    stored = Claim.objects.get(pk=published_claim.pk)
    assert stored.rating.slug == "true"
    assert not RatingChange.objects.exists()


def test_the_admin_form_asks_for_the_kind_and_the_public_reason(
    published_claim, reviewer
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(reviewer)
    url = reverse("admin:claims_claim_change", args=[published_claim.pk])
    data = form_data(client.get(url).content.decode(), form_id="claim_form")
    data["rating"] = str(Rating.objects.get(slug="mostly-true").pk)

    response = client.post(url, data)
    assert response.status_code == 200
    assert "say whether the new rating is a correction" in response.content.decode()
    assert Claim.objects.get(pk=published_claim.pk).rating.slug == "true"

    data["change_kind"] = "correction"
    data["change_reason"] = "The count includes 300 contractors."
    response = client.post(url, data)

    assert response.status_code == 302
    change = RatingChange.objects.get()
    assert (change.kind, change.reason) == (
        "correction",
        "The count includes 300 contractors.",
    )
    assert (change.from_rating.slug, change.to_rating.slug) == ("true", "mostly-true")
    assert change.changed_by == reviewer


def test_the_api_refuses_a_re_rating_without_a_reason(published_claim, editor):
    api = APIClient()
    api.force_authenticate(editor)
    url = reverse("api:claim-detail", kwargs={"slug": published_claim.slug})
    payload = {"version": published_claim.version, "rating": "mostly-true"}

    response = api.patch(url, payload, format="json")
    assert response.status_code == 400
    assert {"change_kind", "change_reason"} <= set(response.json()["error"]["fields"])
    assert Claim.objects.get(pk=published_claim.pk).rating.slug == "true"

    payload |= {"change_kind": "update", "change_reason": "The 2024 report is out."}
    response = api.patch(url, payload, format="json")

    assert response.status_code == 200, response.content
    entry = response.json()["timeline"][-1]
    assert entry["event"] == "rerated"
    assert entry["change_kind"] == "update"
    assert entry["reason"] == "The 2024 report is out."


def test_the_reason_is_on_the_timeline_the_corrections_page_and_in_claimreview(
    published_claim, client
):
    detail_en = page_url("en", "claims:detail", slug=published_claim.slug)
    before = claim_review(client.get(detail_en))["dateModified"]
    published_claim.rating = Rating.objects.get(slug="mostly-true")
    published_claim.change_kind = "correction"
    published_claim.change_reason = "The count includes 300 contractors."
    published_claim.save()

    english = client.get(detail_en)
    text = page_text(english)
    assert "Correction: Re-rated Mostly true (was True)" in text
    assert "The count includes 300 contractors." in text
    assert claim_review(english)["dateModified"] > before
    assert claim_review(english)["reviewRating"]["alternateName"] == "Mostly true"

    chinese = page_text(
        client.get(page_url("zh-hans", "claims:detail", slug=published_claim.slug))
    )
    assert "更正：" in chinese

    for language, heading, kind in (
        ("en", "Corrections and updates", "Correction"),
        ("zh-hans", "更正与更新", "更正"),
    ):
        response = client.get(page_url(language, "claims:corrections"))
        assert response.status_code == 200
        text = page_text(response)
        assert heading in text and kind in text
        assert "The count includes 300 contractors." in text
        assert published_claim.text in text


def test_the_footer_links_to_the_corrections_page(client, published_claim):
    home = client.get(page_url("en", "claims:home")).content.decode()
    assert f'href="{page_url("en", "claims:corrections")}"' in home


def test_a_retraction_keeps_the_page_and_is_listed_as_a_correction(
    published_claim, reviewer, client
):
    services.claim_retract(
        claim=published_claim, user=reviewer, reason="The quote was misattributed."
    )

    page = page_text(
        client.get(page_url("en", "claims:detail", slug="xiaomi-ai-team-1200"))
    )
    assert "This fact check was retracted" in page
    assert "The quote was misattributed." in page
    corrections = page_text(client.get(page_url("en", "claims:corrections")))
    assert "Retracted" in corrections
    assert "The quote was misattributed." in corrections


def test_the_corrections_page_query_count_does_not_grow(
    client, reviewer, django_assert_max_num_queries
):
    def add(count: int) -> None:
        for _ in range(count):
            claim = ClaimFactory(
                state=EditorialState.PUBLISHED, published_at=timezone.now()
            )
            claim.rating = Rating.objects.get(slug="mostly-true")
            claim.change_kind, claim.change_reason = "update", "New data."
            claim.save()
            retracted = ClaimFactory(state=EditorialState.PUBLISHED)
            services.claim_retract(claim=retracted, user=reviewer, reason="Wrong.")

    url = page_url("en", "claims:corrections")
    add(2)
    with django_assert_max_num_queries(4) as few:
        client.get(url)
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert page_text(response).count("New data.") == 17


def test_the_speaker_scorecard_counts_reason_codes(client):
    speaker = SpeakerFactory(name="雷军", name_en="Lei Jun", slug="lei-jun")
    code = ReasonCode.objects.get(slug="changed-position")
    for _ in range(2):
        ClaimFactory(
            published=True,
            speaker=speaker,
            kind="promise",
            rating=Rating.objects.get(slug="broken"),
            reason_code=code,
        )

    text = page_text(client.get(page_url("en", "claims:speaker", slug="lei-jun")))

    assert "Why claims failed" in text
    assert "Changed position 2" in text
