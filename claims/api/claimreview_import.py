"""Import schema.org ClaimReview objects, as fact-checkers publish them.

Each object becomes a draft claim. Its speaker is found (by ``sameAs``, then
by name) or created; its rating is matched by ``alternateName`` (English or
Chinese label, slug or a common synonym, case-insensitive) or else by
``ratingValue`` within the scale for the claim's kind; ``firstAppearance`` and
``appearance`` become articles. The import is all or nothing: every invalid
object is reported with its index and field errors, and then nothing stays.

https://developers.google.com/search/docs/appearance/structured-data/factcheck
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from claims.models import (
    Appearance,
    Article,
    Claim,
    ClaimKind,
    EditorialState,
    Language,
    Rating,
    Speaker,
)

from .errors import ImportRejected, django_validation_detail

MAX_OBJECTS = 500
IMPORT_REASON = "Imported from ClaimReview"

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

_OWN_PATH = re.compile(r"/(?P<kind>claims|articles)/(?P<slug>[-a-zA-Z0-9_]+)/?$")


def import_kind_choices() -> list[str]:
    return list(ClaimKind.values)


def _normal(text: str) -> str:
    """Lower case, hyphens and underscores as spaces, no trailing punctuation."""
    text = re.sub(r"[-_\s]+", " ", text.casefold()).strip()
    return text.strip(" .!?。！")


class _Reader:
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


def _unique_slug(model: type[models.Model], base: str, fallback: str) -> str:
    base = (slugify(base) or fallback)[:70].strip("-") or fallback
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _own_slug(url: str, kind: str) -> str | None:
    """The slug when ``url`` is one of this tracker's own claim or article pages."""
    site = settings.SITE_URL.rstrip("/")
    if not url or not url.startswith(site + "/"):
        return None
    match = _OWN_PATH.search(urlsplit(url).path)
    if match and match["kind"] == kind:
        return match["slug"]
    return None


def _save(instance: models.Model, path: str, user) -> None:
    """full_clean and save; field errors are reported under ``path``."""
    instance._change_reason = IMPORT_REASON
    instance._history_user = user
    try:
        instance.full_clean()
    except DjangoValidationError as error:
        raise DjangoValidationError(
            {
                f"{path}.{field}": messages
                for field, messages in django_validation_detail(error).items()
            }
        ) from error
    instance.save()


def _speaker(reader: _Reader, author: Any, path: str, user) -> Speaker | None:
    if isinstance(author, str):
        author = {"name": author}
    name = reader.text(author, "name", f"{path}.name", required=True, max_length=200)
    alternate = reader.text(
        author, "alternateName", f"{path}.alternateName", max_length=200
    )
    same_as = reader.text(author, "sameAs", f"{path}.sameAs", max_length=200)
    kinds = author.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if reader.errors:
        return None
    speaker = None
    if same_as:
        speaker = Speaker.objects.filter(same_as=same_as).first()
    speaker = (
        speaker
        or Speaker.objects.filter(name=name).first()
        or Speaker.objects.filter(name_en__iexact=name).first()
        or (alternate and Speaker.objects.filter(name_en__iexact=alternate).first())
    )
    if speaker:
        return speaker
    speaker = Speaker(
        name=name,
        # ClaimReview omits alternateName when it equals the name: a name in
        # Latin letters is then its own English name.
        name_en=alternate or (name if name.isascii() else ""),
        same_as=same_as,
        is_organisation="Organization" in kinds,
        slug=_unique_slug(Speaker, alternate or name, "speaker"),
    )
    _save(speaker, path, user)
    return speaker


def _article(
    reader: _Reader, work: Any, path: str, *, language: str, user
) -> Article | None:
    if isinstance(work, str):
        work = {"url": work}
    url = reader.text(work, "url", f"{path}.url", max_length=2000)
    headline = reader.text(work, "headline", f"{path}.headline", max_length=500)
    headline = headline or reader.text(work, "name", f"{path}.name", max_length=500)
    published_on = reader.date(work, "datePublished", f"{path}.datePublished")
    author = reader.name(work.get("author"), f"{path}.author")
    publisher = reader.name(work.get("publisher"), f"{path}.publisher")
    if not url and not headline:
        reader.add(path, _("Give the article's url or headline."))
    if reader.errors:
        return None
    own_slug = _own_slug(url, "articles")
    if own_slug:
        found = Article.objects.filter(slug=own_slug).first()
    elif url:
        found = Article.objects.filter(url=url).first()
    else:
        found = Article.objects.filter(title=headline, url="").first()
    if found:
        return found
    article = Article(
        slug=own_slug or _unique_slug(Article, headline, "article"),
        title=headline or url[:500],
        url="" if own_slug else url,
        published_on=published_on,
        author=author,
        publisher=publisher,
        language=language,
    )
    _save(article, path, user)
    return article


def _language(reader: _Reader, value: str) -> str:
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


def _kind_for(rating: Rating) -> str:
    for kind in (ClaimKind.FACT, ClaimKind.PREDICTION):
        if rating.applies_to_kind(kind):
            return kind
    return (rating.applies_to or [ClaimKind.FACT])[0]


def _rating(
    reader: _Reader, review: dict, kind: str | None, ratings: list[Rating]
) -> tuple[Rating | None, str]:
    path = "reviewRating"
    name = reader.text(review, "alternateName", f"{path}.alternateName", max_length=100)
    value = reader.number(review, "ratingValue", f"{path}.ratingValue")
    best = reader.number(review, "bestRating", f"{path}.bestRating")
    worst = reader.number(review, "worstRating", f"{path}.worstRating")
    candidates = [r for r in ratings if kind is None or r.applies_to_kind(kind)]
    if name:
        key = _normal(name)
        synonym = RATING_SYNONYMS.get(key)
        for rating in candidates:
            labels = {_normal(rating.label_en), _normal(rating.label_zh), rating.slug}
            if key in labels or key.replace(" ", "-") == rating.slug:
                return rating, kind or _kind_for(rating)
        for rating in candidates:
            if rating.slug == synonym:
                return rating, kind or _kind_for(rating)
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


def _claim_slug(url: str, text: str) -> str:
    own = _own_slug(url, "claims")
    if own:
        return own[:80]
    segments = [part for part in urlsplit(url).path.split("/") if part]
    base = slugify(segments[-1].rsplit(".", 1)[0]) if segments else ""
    if not base:
        base = (
            slugify(text)
            or "claim-"
            + hashlib.sha1(  # noqa: S324 - a name, not security
                text.encode()
            ).hexdigest()[:10]
        )
    return base[:70].strip("-") or "claim"


def _import_one(
    item: Any, *, user, kind: str | None, ratings: list[Rating]
) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise DjangoValidationError(_("Expected a ClaimReview object."))
    reader = _Reader()
    text = reader.text(
        item, "claimReviewed", "claimReviewed", required=True, max_length=2000
    )
    url = reader.text(item, "url", "url", max_length=2000)
    language = _language(reader, reader.text(item, "inLanguage", "inLanguage"))
    review = reader.object(item, "reviewRating", "reviewRating", required=True)
    reviewed = reader.object(item, "itemReviewed", "itemReviewed", required=True)
    rating, explanation = None, ""
    if isinstance(review, dict):
        rating, kind = _rating(reader, review, kind, ratings)
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
        raise DjangoValidationError(reader.errors)
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
    if reader.errors:
        raise DjangoValidationError(reader.errors)

    speaker = _speaker(reader, author, "itemReviewed.author", user)
    article = _article(
        reader, first, "itemReviewed.firstAppearance", language=language, user=user
    )
    further = []
    for position, work in enumerate(works):
        if not isinstance(work, dict | str):
            reader.add(f"itemReviewed.appearance.{position}", _("Expected an object."))
            continue
        other = _article(
            reader,
            work,
            f"itemReviewed.appearance.{position}",
            language=language,
            user=user,
        )
        if other and other != article and other not in further:
            further.append(other)
    if reader.errors:
        raise DjangoValidationError(reader.errors)

    slug = _claim_slug(url, text)
    existing = Claim.objects.filter(slug=slug).first()
    if existing and existing.text == text:
        raise DjangoValidationError(
            {
                "url": _("Claim “%(slug)s” exists already (imported before?).")
                % {"slug": slug}
            }
        )
    if existing:
        slug = _unique_slug(Claim, slug, "claim")
    english = language == Language.ENGLISH
    claim = Claim(
        slug=slug,
        text=text,
        language=language,
        speaker=speaker,
        article=article,
        kind=kind,
        claimed_on=claimed_on,
        rating=rating,
        rated_at=timezone.now(),
        rating_explanation="" if english else explanation,
        rating_explanation_en=explanation if english else "",
        state=EditorialState.DRAFT,
    )
    if english:
        claim.text_en = text
    try:
        _save(claim, "claim", user)
    except DjangoValidationError as error:
        raise DjangoValidationError(
            {
                _CLAIM_PATHS.get(field.removeprefix("claim."), field): messages
                for field, messages in django_validation_detail(error).items()
            }
        ) from error
    for position, other in enumerate(further, start=1):
        _save(
            Appearance(claim=claim, article=other, position=position),
            f"itemReviewed.appearance.{position}",
            user,
        )
    return {
        "slug": claim.slug,
        "speaker": speaker.slug,
        "rating": rating.slug,
    }


# Where a claim field's error belongs in the ClaimReview object.
_CLAIM_PATHS = {
    "slug": "url",
    "text": "claimReviewed",
    "text_en": "claimReviewed",
    "language": "inLanguage",
    "rating": "reviewRating",
    "rating_explanation": "reviewRating.ratingExplanation",
    "rating_explanation_en": "reviewRating.ratingExplanation",
    "claimed_on": "itemReviewed.datePublished",
    "speaker": "itemReviewed.author",
    "article": "itemReviewed.firstAppearance",
}


def claimreview_import(*, payload: Any, user, kind: str | None = None) -> list[dict]:
    """Create a draft claim per ClaimReview object, or nothing at all.

    Raises ``ImportRejected`` listing each invalid object (index and field
    errors) after checking all of them; the transaction is then rolled back.
    """
    items = payload if isinstance(payload, list) else [payload]
    if not items:
        raise ValidationError({"non_field_errors": [_("Send at least one object.")]})
    if len(items) > MAX_OBJECTS:
        raise ValidationError(
            {
                "non_field_errors": [
                    _("At most %(count)d objects per request.") % {"count": MAX_OBJECTS}
                ]
            }
        )
    ratings = list(Rating.objects.select_related("scale"))
    imported: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    with transaction.atomic():
        for index, item in enumerate(items):
            try:
                # A savepoint per object: a rejected one leaves nothing behind
                # that a later object could find and reuse.
                with transaction.atomic():
                    imported.append(
                        {"index": index}
                        | _import_one(item, user=user, kind=kind, ratings=ratings)
                    )
            except DjangoValidationError as error:
                rejected.append(
                    {"index": index, "fields": django_validation_detail(error)}
                )
        if rejected:
            raise ImportRejected(rejected)  # rolls back the whole import
    return imported
