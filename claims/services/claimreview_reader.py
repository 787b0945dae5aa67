"""Read schema.org ClaimReview JSON-LD as fact-checkers publish it.

Values are loosely typed (a list where one is expected, a number where a
string is), so each is read leniently and checked; every problem is collected
under its dotted path (``itemReviewed.author.name``) so that one answer can
list them all. Nothing here writes: ``claims.services.claimreview`` finds or
creates the speakers, articles and claims.

https://developers.google.com/search/docs/appearance/structured-data/factcheck
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from claims.exceptions import NON_FIELD_ERRORS, InvalidInput
from claims.models import ClaimKind, Language, Rating

# Verdicts other fact-checkers use, by the slug of the seeded rating they mean.
RATING_SYNONYMS: dict[str, str] = {
    "correct": "true",
    "accurate": "true",
    "真": "true",
    "真实": "true",
    "正确": "true",
    "mostly correct": "mostly-true",
    "mostly accurate": "mostly-true",
    "largely true": "mostly-true",
    "largely accurate": "mostly-true",
    "大致属实": "mostly-true",
    "mixture": "half-true",
    "mixed": "half-true",
    "partly true": "half-true",
    "partially true": "half-true",
    "partly false": "half-true",
    "partially false": "half-true",
    "half truth": "half-true",
    "部分属实": "half-true",
    "largely false": "mostly-false",
    "mostly inaccurate": "mostly-false",
    "incorrect": "false",
    "inaccurate": "false",
    "wrong": "false",
    "fake": "false",
    "fabricated": "false",
    "pants on fire": "false",
    "four pinocchios": "false",
    "虚假": "false",
    "错误": "false",
    "谣言": "false",
    "missing context": "misleading",
    "out of context": "misleading",
    "needs context": "misleading",
    "distorts the facts": "misleading",
    "有误导性": "misleading",
    "unverified": "unproven",
    "unverifiable": "unproven",
    "unsubstantiated": "unproven",
    "unsupported": "unproven",
    "no evidence": "unproven",
    "insufficient evidence": "unproven",
    "未经证实": "unproven",
    "无法证实": "unproven",
    "promise kept": "kept",
    "fulfilled": "kept",
    "achieved": "kept",
    "兑现": "kept",
    "promise broken": "broken",
    "not fulfilled": "broken",
    "partially kept": "compromise",
    "partly kept": "compromise",
    "in the works": "in-progress",
    "ongoing": "in-progress",
    "not yet rated": "not-yet-rated",
}


def label_key(text: str) -> str:
    """Lower case, hyphens and underscores as spaces, no trailing punctuation."""
    text = re.sub(r"[-_\s]+", " ", text.casefold()).strip()
    return text.strip(" .!?。！")


class ClaimReviewReader:
    """Reads loosely typed JSON-LD, collecting errors under dotted paths."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)

    def object(self, parent: dict, key: str, path: str, *, required=False):
        value = parent.get(key)
        if isinstance(value, list) and value:
            value = value[0]  # schema.org allows a list where one is expected
        if value is None or value == []:
            if required:
                self.add(path, _("This field is required."))
            return None
        if not isinstance(value, dict | str):
            self.add(path, _("Expected an object."))
            return None
        return value

    def text(
        self,
        parent: Any,
        key: str,
        path: str,
        *,
        required: bool = False,
        max_length: int | None = None,
    ) -> str:
        value = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(value, list) and value and isinstance(value[0], str):
            value = value[0]
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if value is not None and not isinstance(value, str):
            self.add(path, _("Expected a string."))
            return ""
        value = (value or "").strip()
        if not value:
            if required:
                self.add(path, _("This field is required."))
            return ""
        if "\x00" in value:
            self.add(path, _("NUL characters are not allowed."))
            return ""
        if max_length is not None and len(value) > max_length:
            self.add(
                path,
                _("At most %(count)d characters (this has %(length)d).")
                % {"count": max_length, "length": len(value)},
            )
            return ""
        return value

    def date(self, parent: Any, key: str, path: str) -> date | None:
        text = self.text(parent, key, path)
        if not text:
            return None
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            self.add(
                path, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": text}
            )
            return None

    def number(self, parent: dict, key: str, path: str) -> float | None:
        value = parent.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                value = None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or abs(value) > 1e9
        ):
            self.add(path, _("Expected a number."))
            return None
        return float(value)

    def name(self, value: Any, path: str, *, max_length: int = 200) -> str:
        """A Person's or Organization's name, or a plain string."""
        if isinstance(value, str):
            return self.text({"name": value}, "name", path, max_length=max_length)
        if isinstance(value, dict):
            return self.text(value, "name", f"{path}.name", max_length=max_length)
        return ""

    def raise_if_invalid(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)


@dataclass(frozen=True)
class ReviewedClaim:
    """The claim one ClaimReview object describes, before anything is looked up.

    ``author``, ``first_appearance`` and ``appearances`` are still as sent:
    ``read_author`` and ``read_work`` read them where they are stored.
    """

    text: str
    url: str
    language: str
    kind: str | None
    rating: Rating | None
    rating_explanation: str
    claimed_on: date | None
    author: dict | str
    first_appearance: Any
    appearances: list


@dataclass(frozen=True)
class Author:
    name: str
    alternate_name: str
    same_as: str
    is_organisation: bool


@dataclass(frozen=True)
class Work:
    url: str
    headline: str
    published_on: date | None
    author: str
    publisher: str


def read_review(
    reader: ClaimReviewReader, item: Any, *, kind: str | None, ratings: list[Rating]
) -> ReviewedClaim:
    """The claim, its rating and kind; raises ``InvalidInput`` when any is wrong.

    ``kind`` is the one asked for, if any; otherwise the rating decides it.
    """
    if not isinstance(item, dict):
        raise InvalidInput({NON_FIELD_ERRORS: [_("Expected a ClaimReview object.")]})
    text = reader.text(
        item, "claimReviewed", "claimReviewed", required=True, max_length=2000
    )
    url = reader.text(item, "url", "url", max_length=2000)
    language = read_language(reader, reader.text(item, "inLanguage", "inLanguage"))
    review = reader.object(item, "reviewRating", "reviewRating", required=True)
    reviewed = reader.object(item, "itemReviewed", "itemReviewed", required=True)
    rating, explanation = None, ""
    if isinstance(review, dict):
        rating, kind = read_rating(reader, review, kind, ratings)
        explanation = reader.text(
            review,
            "ratingExplanation",
            "reviewRating.ratingExplanation",
            max_length=600,
        )
    elif review is not None:
        reader.add("reviewRating", _("Expected an object."))
    if not isinstance(reviewed, dict):
        if reviewed is not None:
            reader.add("itemReviewed", _("Expected an object."))
        raise InvalidInput(reader.errors)
    author = reader.object(reviewed, "author", "itemReviewed.author", required=True)
    claimed_on = reader.date(reviewed, "datePublished", "itemReviewed.datePublished")
    works = reviewed.get("appearance") or []
    works = works if isinstance(works, list) else [works]
    first = reviewed.get("firstAppearance") or (works[0] if works else None)
    if first is None:
        reader.add(
            "itemReviewed.firstAppearance",
            _("Say where the claim appeared (firstAppearance or appearance)."),
        )
    reader.raise_if_invalid()
    return ReviewedClaim(
        text=text,
        url=url,
        language=language,
        kind=kind,
        rating=rating,
        rating_explanation=explanation,
        claimed_on=claimed_on,
        author=author,
        first_appearance=first,
        appearances=works,
    )


def read_author(reader: ClaimReviewReader, author: dict | str, path: str) -> Author:
    """A Person or Organization (or a plain name) that made the claim."""
    if isinstance(author, str):
        author = {"name": author}
    name = reader.text(author, "name", f"{path}.name", required=True, max_length=200)
    alternate = reader.text(
        author, "alternateName", f"{path}.alternateName", max_length=200
    )
    same_as = reader.text(author, "sameAs", f"{path}.sameAs", max_length=200)
    kinds = author.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return Author(
        name=name,
        alternate_name=alternate,
        same_as=same_as,
        is_organisation="Organization" in kinds,
    )


def read_work(reader: ClaimReviewReader, work: Any, path: str) -> Work | None:
    """A CreativeWork (or a plain url) in which the claim appeared."""
    if isinstance(work, str):
        work = {"url": work}
    if not isinstance(work, dict):
        reader.add(path, _("Expected an object."))
        return None
    url = reader.text(work, "url", f"{path}.url", max_length=2000)
    headline = reader.text(work, "headline", f"{path}.headline", max_length=500)
    headline = headline or reader.text(work, "name", f"{path}.name", max_length=500)
    published_on = reader.date(work, "datePublished", f"{path}.datePublished")
    author = reader.name(work.get("author"), f"{path}.author")
    publisher = reader.name(work.get("publisher"), f"{path}.publisher")
    if not url and not headline:
        reader.add(path, _("Give the article's url or headline."))
    return Work(
        url=url,
        headline=headline,
        published_on=published_on,
        author=author,
        publisher=publisher,
    )


def read_language(reader: ClaimReviewReader, value: str) -> str:
    if not value:
        return Language.CHINESE
    lowered = value.lower()
    if lowered.startswith("zh"):
        return Language.CHINESE
    if lowered.startswith("en"):
        return Language.ENGLISH
    reader.add(
        "inLanguage",
        _("Unsupported language “%(value)s”; use zh-hans or en.") % {"value": value},
    )
    return Language.CHINESE


def kind_for_rating(rating: Rating) -> str:
    for kind in (ClaimKind.FACT, ClaimKind.PREDICTION):
        if rating.applies_to_kind(kind):
            return kind
    return (rating.applies_to or [ClaimKind.FACT])[0]


def read_rating(
    reader: ClaimReviewReader, review: dict, kind: str | None, ratings: list[Rating]
) -> tuple[Rating | None, str]:
    path = "reviewRating"
    name = reader.text(review, "alternateName", f"{path}.alternateName", max_length=100)
    value = reader.number(review, "ratingValue", f"{path}.ratingValue")
    best = reader.number(review, "bestRating", f"{path}.bestRating")
    worst = reader.number(review, "worstRating", f"{path}.worstRating")
    candidates = [r for r in ratings if kind is None or r.applies_to_kind(kind)]
    if name:
        key = label_key(name)
        synonym = RATING_SYNONYMS.get(key)
        for rating in candidates:
            labels = {
                label_key(rating.label_en),
                label_key(rating.label_zh),
                rating.slug,
            }
            if key in labels or key.replace(" ", "-") == rating.slug:
                return rating, kind or kind_for_rating(rating)
        for rating in candidates:
            if rating.slug == synonym:
                return rating, kind or kind_for_rating(rating)
    if value is not None:
        kind = kind or ClaimKind.FACT
        valued = [r for r in ratings if r.applies_to_kind(kind) and r.value is not None]
        if valued:
            scale = valued[0].scale
            if best is not None and worst is not None and best != worst:
                span = scale.best_value - scale.worst_value
                value = scale.worst_value + (value - worst) * span / (best - worst)
            wanted = round(value)
            for rating in sorted(valued, key=lambda r: r.position):
                if rating.value == wanted:
                    return rating, kind
        reader.add(
            f"{path}.ratingValue",
            _("No rating for a %(kind)s claim has the value %(value)s.")
            % {"kind": kind, "value": review.get("ratingValue")},
        )
        return None, kind
    if name:
        reader.add(
            f"{path}.alternateName",
            _("Unknown rating “%(name)s”; see /api/v1/ratings/.") % {"name": name},
        )
    else:
        reader.add(path, _("Give alternateName or ratingValue."))
    return None, kind or ClaimKind.FACT
