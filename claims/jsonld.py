"""schema.org ClaimReview for a claim: the same data the claim page shows.

https://developers.google.com/search/docs/appearance/structured-data/factcheck
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from .labels import in_language
from .models import Article, Claim, Speaker


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _speaker(speaker: Speaker) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Organization" if speaker.is_organisation else "Person",
        "name": speaker.name,
    }
    if speaker.name_en and speaker.name_en != speaker.name:
        data["alternateName"] = speaker.name_en
    if speaker.same_as:
        data["sameAs"] = speaker.same_as
    return data


def _appearance(article: Article) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "CreativeWork",
        "headline": article.title,
        "url": article.url or absolute_url(article.get_absolute_url()),
    }
    if article.published_on:
        data["datePublished"] = article.published_on.isoformat()
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if article.publisher:
        data["publisher"] = {"@type": "Organization", "name": article.publisher}
    return data


def claim_date_modified(claim: Claim) -> str:
    moments = [m for m in (claim.published_at, claim.rated_at, claim.retracted_at) if m]
    return max(moments).isoformat() if moments else claim.updated_at.isoformat()


def claim_review(
    claim: Claim,
    *,
    appearances: list[Article] | None = None,
    language: str | None = None,
) -> dict:
    """The ClaimReview object for a public claim.

    ``appearances`` are the further articles the claim appeared in; pass
    them when they were prefetched, else they are read here. ``language``
    is the reader's, e.g. "en" on the English page (default: the claim's
    own). ``claimReviewed`` is the claim in that language where it exists
    (its English rendering for English readers), else as made;
    ``inLanguage`` is the language of that text, and the rating label and
    explanation are given in the same language (an explanation only in the
    other language is left out), so the object reads in one language, as
    ``claimreview_import`` reads it.
    """
    claimed = in_language(claim, "text", language or claim.language)
    review_language = claimed.language
    rating = claim.rating
    scale = rating.scale
    if appearances is None:
        appearances = [item.article for item in claim.appearances.all()]
    review_rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": in_language(rating, "label", review_language).text,
        "bestRating": scale.best_value,
        "worstRating": scale.worst_value,
    }
    if rating.value is not None:
        review_rating["ratingValue"] = rating.value
    explanation = in_language(claim, "rating_explanation", review_language)
    if explanation and explanation.language == review_language:
        review_rating["ratingExplanation"] = explanation.text
    first = _appearance(claim.article)
    item_reviewed: dict[str, Any] = {
        "@type": "Claim",
        "author": _speaker(claim.speaker),
        "firstAppearance": first,
        "appearance": [first, *(_appearance(article) for article in appearances)],
    }
    if claim.claimed_on:
        item_reviewed["datePublished"] = claim.claimed_on.isoformat()
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute_url(claim.get_absolute_url()),
        "claimReviewed": claimed.text,
        "inLanguage": review_language,
        "author": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL,
        },
        "datePublished": (claim.published_at or claim.created_at).date().isoformat(),
        "dateModified": claim_date_modified(claim),
        "reviewRating": review_rating,
        "itemReviewed": item_reviewed,
    }
    return data
