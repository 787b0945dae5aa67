"""ClaimReview JSON-LD of every seed claim, read from its page as a crawler would.

ratingValue: Google lists it as recommended and wants it between worstRating
and bestRating. Ratings that are not verdicts (unproven, not yet rated, in
progress) have no place on that scale: any number, the midpoint included,
would tell machines "half true". For those ratingValue is left out and the
textual alternateName (which Google says is what it shows) carries the rating;
bestRating and worstRating still describe the scale. Every rating that has a
value carries it.
"""

import json
from datetime import date

import pytest
from django.core.management import call_command

from claims.models import Claim
from tests.helpers.pages import json_ld, url_in

pytestmark = pytest.mark.django_db


def claim_review_of(client, claim: Claim, language: str = "zh-hans") -> dict:
    response = client.get(url_in(language, "claims:detail", slug=claim.slug))
    assert response.status_code == 200
    blocks = json_ld(response)
    assert len(blocks) == 1, claim.slug
    return json.loads(blocks[0])


def is_date(value: str) -> bool:
    return bool(date.fromisoformat(value[:10]))


def check_creative_work(work: dict) -> None:
    assert work["@type"] == "CreativeWork"
    assert work["url"].startswith("http")
    assert work["headline"]
    assert is_date(work["datePublished"])


def test_every_seed_claim_has_complete_claim_review_markup(client, settings):
    settings.READER_PAGE_CACHE_SECONDS = 0
    call_command("load_seed", verbosity=0)
    claims = list(
        Claim.objects.public().select_related("rating__scale", "speaker", "article")
    )
    assert len(claims) == 43
    without_value = set()
    for claim in claims:
        data = claim_review_of(client, claim)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "ClaimReview"
        assert data["claimReviewed"] == claim.text
        assert data["url"].endswith(f"/claims/{claim.slug}/")
        assert data["author"]["@type"] == "Organization" and data["author"]["name"]
        assert data["author"]["url"].startswith("http")
        assert is_date(data["datePublished"])

        rating = data["reviewRating"]
        assert rating["@type"] == "Rating"
        assert rating["alternateName"] == claim.rating.label_zh
        assert rating["bestRating"] == claim.rating.scale.best_value
        assert rating["worstRating"] == claim.rating.scale.worst_value
        assert rating["ratingExplanation"]
        if claim.rating.value is None:
            assert "ratingValue" not in rating
            without_value.add(claim.rating.slug)
        else:
            assert (
                rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
            )
            assert rating["ratingValue"] == claim.rating.value

        item = data["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["@type"] == (
            "Organization" if claim.speaker.is_organisation else "Person"
        )
        assert item["author"]["name"] == claim.speaker.name
        if claim.speaker.same_as:
            assert item["author"]["sameAs"] == claim.speaker.same_as
        assert is_date(item["datePublished"])
        check_creative_work(item["firstAppearance"])
        assert item["firstAppearance"]["headline"] == claim.article.title
        assert item["appearance"] and item["appearance"][0] == item["firstAppearance"]
        for appearance in item["appearance"]:
            check_creative_work(appearance)
    # The seed has ratings without a numeric value; they are handled above.
    assert without_value <= {"unproven", "not-yet-rated", "in-progress"}
    assert without_value


def test_claim_review_url_is_the_page_it_is_on(client):
    call_command("load_seed", verbosity=0)
    claim = Claim.objects.get(slug="xiaomi-car-mass-production-h1-2024")
    english = claim_review_of(client, claim, "en")
    assert english["url"].endswith("/en/claims/xiaomi-car-mass-production-h1-2024/")
    # The English page reviews in English: the claim's English rendering.
    assert english["inLanguage"] == "en"
    assert english["reviewRating"]["alternateName"] == claim.rating.label_en
    assert english["reviewRating"]["ratingExplanation"] == claim.rating_explanation_en
    assert english["claimReviewed"] == claim.text_en
    chinese = claim_review_of(client, claim, "zh-hans")
    assert chinese["inLanguage"] == "zh-hans"
    assert chinese["claimReviewed"] == claim.text
    assert chinese["reviewRating"]["ratingExplanation"] == claim.rating_explanation
