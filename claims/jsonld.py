"""schema.org ClaimReview for a claim: the same data the claim page shows.

A claim imported from another fact-checker is exported as that review: its
author is the original fact-checker (with its site), its ``url``,
``datePublished`` and ``reviewRating`` (own label and numbers) are the
original's, and this site is named as the ``publisher`` of the copy.
Dates are in the site's time zone (``settings.TIME_ZONE``), as on the page.

https://developers.google.com/search/docs/appearance/structured-data/factcheck
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from .labels import in_language
from .models import Article, Claim, ExternalReview, Speaker


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
    return timezone.localtime(max(moments) if moments else claim.updated_at).isoformat()


def _site() -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": settings.SITE_URL,
    }


def _number(value: float) -> int | float:
    """A rating number as it was given: 1, not 1.0."""
    return int(value) if float(value).is_integer() else value


def _original_rating(original: ExternalReview) -> dict[str, Any]:
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": original.verdict_label,
    }
    for key, value in (
        ("ratingValue", original.rating_value),
        ("bestRating", original.best_rating),
        ("worstRating", original.worst_rating),
    ):
        if value is not None:
            rating[key] = _number(value)
    return rating


def _as_original(
    data: dict[str, Any], claim: Claim, original: ExternalReview
) -> dict[str, Any]:
    """``data`` as the review the claim was imported from: its author, url,
    date and verdict, in the claim's own language; this site publishes it."""
    english = claim.language.startswith("en")
    explanation = claim.rating_explanation_en if english else claim.rating_explanation
    rating = _original_rating(original)
    if explanation:
        rating["ratingExplanation"] = explanation
    author: dict[str, Any] = {"@type": "Organization", "name": original.reviewer_name}
    if original.reviewer_url:
        author["url"] = original.reviewer_url
    item = data["itemReviewed"]
    if original.review_url and claim.article.url == original.review_url:
        # The review did not say where the claim appeared: it was filed
        # under the review's own page, which is no appearance of the claim.
        del item["firstAppearance"]
        item["appearance"] = item["appearance"][1:]
        if not item["appearance"]:
            del item["appearance"]
    data.update(
        {
            "url": original.review_url or data["url"],
            "claimReviewed": claim.text,
            "inLanguage": claim.language,
            "author": author,
            "publisher": _site(),
            "reviewRating": rating,
        }
    )
    if original.reviewed_on:
        data["datePublished"] = original.reviewed_on.isoformat()
    return data


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
    ``claimreview_import`` reads it. A claim imported from another
    fact-checker is given as that fact-checker's review, in the claim's own
    language, whatever the reader's.
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
        "author": _site(),
        "datePublished": timezone.localdate(
            claim.published_at or claim.created_at
        ).isoformat(),
        "dateModified": claim_date_modified(claim),
        "reviewRating": review_rating,
        "itemReviewed": item_reviewed,
    }
    original = getattr(claim, "external_review", None)  # None: our own review
    if original is not None:
        return _as_original(data, claim, original)
    return data
