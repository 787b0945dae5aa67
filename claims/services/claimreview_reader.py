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
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from claims.exceptions import NON_FIELD_ERRORS, InvalidInput
from claims.models import (
    ClaimKind,
    Rating,
    validate_language_tag,
    verdict_key,
)
from claims.models.verdicts import VERDICT_LABEL_MAX_LENGTH

from .languages import language_detect, language_tag


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
class Verdict:
    """The reviewer's own verdict, as given, and the rating it means here.

    ``rating`` is None and ``unmapped`` true when the label is not in the
    crosswalk yet: an editor maps it; the number never decides a label.
    """

    label: str
    value: float | None
    best: float | None
    worst: float | None
    rating: Rating | None
    kind: str
    unmapped: bool = False

    @property
    def key(self) -> str:
        return verdict_key(self.label)


@dataclass(frozen=True)
class Reviewer:
    """Who published the review: its name and site."""

    name: str
    url: str


@dataclass(frozen=True)
class ReviewedClaim:
    """The claim one ClaimReview object describes, before anything is looked up.

    ``author``, ``first_appearance`` and ``appearances`` are still as sent:
    ``read_author`` and ``read_work`` read them where they are stored.
    ``first_appearance`` is None when the review does not say where the
    claim appeared.
    """

    text: str
    url: str
    headline: str
    language: str
    kind: str
    verdict: Verdict
    rating_explanation: str
    claimed_on: date | None
    reviewed_on: date | None
    reviewer: Reviewer
    author: dict | str
    first_appearance: Any
    appearances: list

    @property
    def rating(self) -> Rating | None:
        return self.verdict.rating


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
    reader: ClaimReviewReader,
    item: Any,
    *,
    kind: str | None,
    ratings: list[Rating],
    crosswalk: dict[str, Rating | None],
) -> ReviewedClaim:
    """The claim, its verdict and kind; raises ``InvalidInput`` when any is
    wrong.

    ``kind`` is the one asked for, if any; otherwise the rating decides it.
    ``crosswalk`` maps verdict keys (``verdict_key``) to ratings, None for a
    label known but not mapped yet.
    """
    if not isinstance(item, dict):
        raise InvalidInput({NON_FIELD_ERRORS: [_("Expected a ClaimReview object.")]})
    text = reader.text(
        item, "claimReviewed", "claimReviewed", required=True, max_length=2000
    )
    url = reader.text(item, "url", "url", max_length=2000)
    headline = reader.text(item, "headline", "headline", max_length=500)
    language = read_language(
        reader, reader.text(item, "inLanguage", "inLanguage", max_length=35), text
    )
    reviewer = read_reviewer(reader, item)
    reviewed_on = reader.date(item, "datePublished", "datePublished")
    review = reader.object(item, "reviewRating", "reviewRating", required=True)
    reviewed = reader.object(item, "itemReviewed", "itemReviewed", required=True)
    verdict, explanation = None, ""
    if isinstance(review, dict):
        verdict = read_verdict(reader, review, kind, ratings, crosswalk)
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
    # Google only recommends saying where the claim appeared. Some reviews
    # name the post as the Claim's own url instead; some name nothing.
    first = (
        reviewed.get("firstAppearance")
        or (works[0] if works else None)
        or reviewed.get("url")
        or None
    )
    reader.raise_if_invalid()
    assert verdict is not None  # reviewRating was required and read
    return ReviewedClaim(
        text=text,
        url=url,
        headline=headline,
        language=language,
        kind=verdict.kind,
        verdict=verdict,
        rating_explanation=explanation,
        claimed_on=claimed_on,
        reviewed_on=reviewed_on,
        reviewer=reviewer,
        author=author,
        first_appearance=first,
        appearances=works,
    )


def read_reviewer(reader: ClaimReviewReader, item: dict) -> Reviewer:
    """The organisation that wrote the review (``author``, else
    ``publisher``); its site's host when it gives no name."""
    for key in ("author", "publisher"):
        value = item.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str):
            value = {"name": value}
        if isinstance(value, dict):
            name = reader.text(value, "name", f"{key}.name", max_length=200)
            site = reader.text(value, "url", f"{key}.url", max_length=2000)
            if name or site:
                return Reviewer(name=name or urlsplit(site).hostname or "", url=site)
    url = reader.text(item, "url", "url", max_length=2000)
    return Reviewer(name=urlsplit(url).hostname or "", url="")


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


def read_language(reader: ClaimReviewReader, value: str, text: str) -> str:
    """``inLanguage`` as a tag, or the language ``text`` is detected in."""
    if not value:
        return language_detect(text) if text else language_tag("zh-hans")
    try:
        validate_language_tag(value)
    except ValidationError as error:
        reader.add("inLanguage", error.messages[0])
        return language_tag("zh-hans")
    return language_tag(value, text=text)


def kind_for_rating(rating: Rating) -> str:
    for kind in (ClaimKind.FACT, ClaimKind.PREDICTION):
        if rating.applies_to_kind(kind):
            return kind
    return (rating.applies_to or [ClaimKind.FACT])[0]


def _rating_named(
    key: str, ratings: list[Rating], crosswalk: dict[str, Rating | None]
) -> tuple[Rating | None, bool]:
    """The rating a verdict key means, and whether the crosswalk knows the
    key without a rating yet. The crosswalk decides first, then this site's
    own labels and slugs (so its own exports read back)."""
    if crosswalk.get(key) is not None:
        return crosswalk[key], False
    for rating in ratings:
        own = {verdict_key(rating.label_en), verdict_key(rating.label_zh)}
        if key in own or key.replace(" ", "-") == rating.slug:
            return rating, False
    return None, key in crosswalk


def read_verdict(
    reader: ClaimReviewReader,
    review: dict,
    kind: str | None,
    ratings: list[Rating],
    crosswalk: dict[str, Rating | None],
) -> Verdict:
    path = "reviewRating"
    longest = VERDICT_LABEL_MAX_LENGTH
    name = reader.text(
        review, "alternateName", f"{path}.alternateName", max_length=longest
    ) or reader.text(review, "name", f"{path}.name", max_length=longest)
    value = reader.number(review, "ratingValue", f"{path}.ratingValue")
    best = reader.number(review, "bestRating", f"{path}.bestRating")
    worst = reader.number(review, "worstRating", f"{path}.worstRating")
    given: dict[str, Any] = {
        "label": name,
        "value": value,
        "best": best,
        "worst": worst,
    }
    if name:
        rating, _known = _rating_named(verdict_key(name), ratings, crosswalk)
        if rating is None:
            # Never guessed from the number: "Faux" 1 of 5 is false, not
            # "mostly false". The claim waits for an editor to map the label.
            return Verdict(
                **given, rating=None, kind=kind or ClaimKind.FACT, unmapped=True
            )
        if kind is not None and not rating.applies_to_kind(kind):
            reader.add(
                f"{path}.alternateName",
                _("“%(name)s” means “%(rating)s”, which cannot rate a %(kind)s claim.")
                % {"name": name, "rating": rating.label_en, "kind": kind},
            )
        return Verdict(**given, rating=rating, kind=kind or kind_for_rating(rating))
    if value is not None:
        # No label at all: the number on the reviewer's scale is all there is.
        kind = kind or ClaimKind.FACT
        valued = [r for r in ratings if r.applies_to_kind(kind) and r.value is not None]
        if valued:
            scale = valued[0].scale
            scaled = value
            if best is not None and worst is not None and best != worst:
                span = scale.best_value - scale.worst_value
                scaled = scale.worst_value + (value - worst) * span / (best - worst)
            wanted = round(scaled)
            for rating in sorted(valued, key=lambda r: r.position):
                if rating.value == wanted:
                    return Verdict(**given, rating=rating, kind=kind)
        reader.add(
            f"{path}.ratingValue",
            _("No rating for a %(kind)s claim has the value %(value)s.")
            % {"kind": kind, "value": review.get("ratingValue")},
        )
        return Verdict(**given, rating=None, kind=kind)
    reader.add(path, _("Give alternateName or ratingValue."))
    return Verdict(**given, rating=None, kind=kind or ClaimKind.FACT)
