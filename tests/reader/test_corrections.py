"""Re-rating a published claim needs a public reason; readers see it."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from claims import services
from claims.models import EditorialState, Rating, ReasonCode
from tests.factories import ClaimFactory, SpeakerFactory
from tests.helpers.claims import rerate
from tests.helpers.pages import json_ld, text_of, url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def claim_review(response) -> dict:
    (block,) = json_ld(response)
    return json.loads(block)


def test_the_reason_is_on_the_timeline_the_corrections_page_and_in_claimreview(
    published_claim, client
):
    detail_en = url_in("en", "claims:detail", slug=published_claim.slug)
    before = claim_review(client.get(detail_en))["dateModified"]
    rerate(
        published_claim,
        Rating.objects.get(slug="mostly-true"),
        kind="correction",
        reason="The count includes 300 contractors.",
    )

    english = client.get(detail_en)
    text = text_of(english)
    assert "Correction: Re-rated Mostly true (was True)" in text
    assert "The count includes 300 contractors." in text
    assert claim_review(english)["dateModified"] > before
    assert claim_review(english)["reviewRating"]["alternateName"] == "Mostly true"

    chinese = text_of(
        client.get(url_in("zh-hans", "claims:detail", slug=published_claim.slug))
    )
    assert "更正：" in chinese

    for language, heading, kind in (
        ("en", "Corrections and updates", "Correction"),
        ("zh-hans", "更正与更新", "更正"),
    ):
        response = client.get(url_in(language, "claims:corrections"))
        assert response.status_code == 200
        text = text_of(response)
        assert heading in text and kind in text
        assert "The count includes 300 contractors." in text
        # The claim in the page's language (the English rendering in English).
        shown = published_claim.text_en if language == "en" else published_claim.text
        assert shown in text


def test_a_retraction_keeps_the_page_and_is_listed_as_a_correction(
    published_claim, reviewer, client
):
    services.claim_retract(
        claim=published_claim, user=reviewer, reason="The quote was misattributed."
    )

    page = text_of(
        client.get(url_in("en", "claims:detail", slug="xiaomi-ai-team-1200"))
    )
    assert "This fact check was retracted" in page
    assert "The quote was misattributed." in page
    corrections = text_of(client.get(url_in("en", "claims:corrections")))
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
            rerate(
                claim,
                Rating.objects.get(slug="mostly-true"),
                kind="update",
                reason="New data.",
            )
            retracted = ClaimFactory(state=EditorialState.PUBLISHED)
            services.claim_retract(claim=retracted, user=reviewer, reason="Wrong.")

    url = url_in("en", "claims:corrections")
    add(2)
    with django_assert_max_num_queries(4) as few:
        client.get(url)
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert text_of(response).count("New data.") == 17


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

    text = text_of(client.get(url_in("en", "claims:speaker", slug="lei-jun")))

    assert "Why claims failed" in text
    assert "Changed position 2" in text
