"""Import schema.org ClaimReview objects, as fact-checkers publish them.

Each object becomes a draft claim that keeps what its source said: the
reviewing organisation, its review URL and date, its own verdict label and
numbers (an ``ExternalReview``). The claim's language is ``inLanguage`` or,
when that is missing, detected from the text. Its speaker is found (by
``sameAs``, then by name) or created; ``firstAppearance``, ``appearance`` (or
the Claim's own ``url``) become articles, and a review that names none is
its own source. The verdict label is looked up in the crosswalk
(``VerdictLabel``) and this site's own labels; an unknown label is never
guessed from the number: the claim stays unrated with an open flag, and the
label joins the crosswalk for an editor to map. Only a review without a
label is rated by its ``ratingValue``. The import is all or nothing: every
invalid object is reported with its index and field errors, and then
nothing stays.

https://developers.google.com/search/docs/appearance/structured-data/factcheck
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from claims.exceptions import (
    NON_FIELD_ERRORS,
    ImportRejected,
    InvalidInput,
    validation_error_fields,
)
from claims.models import (
    Article,
    Claim,
    ClaimKind,
    ExternalReview,
    FlagReason,
    Rating,
    Speaker,
    VerdictLabel,
)
from claims.reasons import ChangeReason
from claims.services.history import attribute

from .appearances import appearance_create
from .claimreview_reader import (
    ClaimReviewReader,
    ReviewedClaim,
    read_author,
    read_review,
    read_work,
)
from .claims import claim_create
from .flags import flag_raise
from .slugs import save_with_unique_slug, slug_base

MAX_OBJECTS = 500
IMPORT_REASON = ChangeReason.IMPORTED

_OWN_PATH = re.compile(r"/(?P<kind>claims|articles)/(?P<slug>[-a-zA-Z0-9_]+)/?$")


def import_kind_choices() -> list[str]:
    return list(ClaimKind.values)


def _own_slug(url: str, kind: str) -> str | None:
    """The slug when ``url`` is one of this tracker's own claim or article pages."""
    site = settings.SITE_URL.rstrip("/")
    if not url or not url.startswith(site + "/"):
        return None
    match = _OWN_PATH.search(urlsplit(url).path)
    if match and match["kind"] == kind:
        return match["slug"]
    return None


def _save_new(instance: Speaker | Article, path: str, user, *, base: str) -> None:
    """full_clean and insert under the first free slug from ``base``; field
    errors are reported under ``path``."""
    attribute(instance, user=user, reason=IMPORT_REASON)
    try:
        save_with_unique_slug(instance, base=base)
    except ValidationError as error:
        raise InvalidInput.from_validation_error(error, prefix=path) from error


def _speaker(
    reader: ClaimReviewReader, author: dict | str, path: str, user
) -> Speaker | None:
    person = read_author(reader, author, path)
    if reader.errors:
        return None
    speaker = None
    if person.same_as:
        speaker = Speaker.objects.filter(same_as=person.same_as).first()
    alternate = person.alternate_name
    speaker = (
        speaker
        or Speaker.objects.filter(name=person.name).first()
        or Speaker.objects.filter(name_en__iexact=person.name).first()
        or (
            Speaker.objects.filter(name_en__iexact=alternate).first()
            if alternate
            else None
        )
    )
    if speaker:
        return speaker
    speaker = Speaker(
        name=person.name,
        # ClaimReview omits alternateName when it equals the name: a name in
        # Latin letters is then its own English name.
        name_en=alternate or (person.name if person.name.isascii() else ""),
        same_as=person.same_as,
        is_organisation=person.is_organisation,
    )
    base = slug_base(alternate or person.name, fallback="speaker")
    _save_new(speaker, path, user, base=base)
    return speaker


def _address_words(url: str) -> str:
    """A web address without its scheme and "www.": what names a post that
    has no headline (facebook.com/groups/...)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return re.sub(r"[^\w]+", " ", f"{host} {parts.path}")


def _article(
    reader: ClaimReviewReader, work: Any, path: str, *, language: str, user
) -> Article | None:
    source = read_work(reader, work, path)
    if source is None or reader.errors:
        return None
    own_slug = _own_slug(source.url, "articles")
    if own_slug:
        found = Article.objects.filter(slug=own_slug).first()
    elif source.url:
        found = Article.objects.filter(url=source.url).first()
    else:
        found = Article.objects.filter(title=source.headline, url="").first()
    if found:
        return found
    article = Article(
        title=source.headline or source.url[:500],
        url="" if own_slug else source.url,
        published_on=source.published_on,
        author=source.author,
        publisher=source.publisher,
        language=language,
    )
    # The slug of one of our own article pages is not taken (it was looked
    # up above); it is kept as it is.
    base = own_slug or slug_base(
        source.headline or _address_words(source.url), fallback="article"
    )
    _save_new(article, path, user, base=base)
    return article


def _review_as_source(review: ReviewedClaim, *, language: str, user) -> Article:
    """The review's own page as the claim's source, for a review that does
    not say where the claim appeared (Google only recommends it)."""
    url = "" if _own_slug(review.url, "claims") else review.url
    found = (
        Article.objects.filter(url=url).first()
        if url
        else Article.objects.filter(title=review.text[:500], url="").first()
    )
    if found:
        return found
    article = Article(
        title=(review.headline or review.text)[:500],
        url=url,
        published_on=review.reviewed_on,
        publisher=review.reviewer.name,
        language=language,
    )
    _save_new(article, "url", user, base=slug_base(article.title, fallback="article"))
    return article


# A review page's name that says what it is about, once its extension goes.
_PAGE_EXTENSION = re.compile(r"\.(s?html?|php|aspx?)$", re.IGNORECASE)


def _claim_slug(url: str, text: str) -> str:
    """Our own claim's slug; else the review page's name when it is made of
    words (``.../xiaomi-ai-team-size.html``); else the claim as made, read
    aloud (``slug_base``), as ids such as ``doc.afp.com.34LX9QZ`` or
    ``11001`` say nothing."""
    own = _own_slug(url, "claims")
    if own:
        return own[:80]
    segments = [part for part in urlsplit(url).path.split("/") if part]
    stem = _PAGE_EXTENSION.sub("", segments[-1]) if segments else ""
    if "." not in stem and len(re.findall(r"[A-Za-z]{2,}", stem)) >= 2:
        return slug_base(stem, fallback="claim")
    return slug_base(text, fallback="claim")


def _import_one(
    item: Any,
    *,
    user,
    kind: str | None,
    ratings: list[Rating],
    crosswalk: dict[str, Rating | None],
) -> dict[str, Any]:
    reader = ClaimReviewReader()
    review = read_review(reader, item, kind=kind, ratings=ratings, crosswalk=crosswalk)
    language = review.language
    speaker = _speaker(reader, review.author, "itemReviewed.author", user)
    article = None
    if review.first_appearance is not None:
        article = _article(
            reader,
            review.first_appearance,
            "itemReviewed.firstAppearance",
            language=language,
            user=user,
        )
    further = []
    for position, work in enumerate(review.appearances):
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
    reader.raise_if_invalid()
    if article is None:
        article = _review_as_source(review, language=language, user=user)

    text = review.text
    slug = _claim_slug(review.url, text)
    existing = Claim.objects.filter(slug=slug).first()
    if existing and existing.text == text:
        raise InvalidInput(
            {
                "url": [
                    _("Claim “%(slug)s” exists already (imported before?).")
                    % {"slug": slug}
                ]
            }
        )
    english = language.startswith("en")
    explanation = review.rating_explanation
    fields = {
        "slug": slug,
        "text": text,
        "language": language,
        "speaker": speaker,
        "article": article,
        "kind": review.kind,
        "claimed_on": review.claimed_on,
        "rating": review.rating,
        "rating_explanation": "" if english else explanation,
        "rating_explanation_en": explanation if english else "",
    }
    if english:
        fields["text_en"] = text
    try:
        # Another claim under this slug (a different text): the next free
        # slug, base-2, base-3, ... as the database decides.
        claim = claim_create(
            user=user, fields=fields, reason=IMPORT_REASON, unique_slug=True
        )
    except ValidationError as error:
        raise InvalidInput(
            {
                _CLAIM_PATHS.get(field, f"claim.{field}"): messages
                for field, messages in validation_error_fields(error).items()
            }
        ) from error
    for position, other in enumerate(further, start=1):
        path = f"itemReviewed.appearance.{position}"
        try:
            appearance_create(
                claim=claim,
                user=user,
                fields={"article": other, "position": position},
            )
        except ValidationError as error:
            raise InvalidInput.from_validation_error(error, prefix=path) from error
    if not _own_slug(review.url, "claims"):
        _keep_original(claim, review, user=user)
    return {
        "slug": claim.slug,
        "speaker": claim.speaker.slug,
        "rating": claim.rating.slug if claim.rating else "",
        "language": claim.language,
        "verdict": review.verdict.label,
        "waiting_for_mapping": review.verdict.unmapped,
    }


def _keep_original(claim: Claim, review: ReviewedClaim, *, user) -> None:
    """Store the review as its publisher wrote it; an unknown verdict label
    joins the crosswalk unmapped and the claim gets a flag asking for it."""
    verdict = review.verdict
    original = ExternalReview(
        claim=claim,
        reviewer_name=review.reviewer.name,
        reviewer_url=review.reviewer.url,
        review_url=review.url,
        reviewed_on=review.reviewed_on,
        verdict_label=verdict.label,
        rating_value=verdict.value,
        best_rating=verdict.best,
        worst_rating=verdict.worst,
    )
    try:
        original.full_clean(exclude=["claim"])
    except ValidationError as error:
        raise InvalidInput(
            {
                _ORIGINAL_PATHS.get(field, field): messages
                for field, messages in validation_error_fields(error).items()
            }
        ) from error
    original.save()
    if not verdict.unmapped:
        return
    VerdictLabel.objects.get_or_create(
        key=verdict.key,
        defaults={"label": verdict.label, "language": claim.language},
    )
    flag_raise(
        claim=claim,
        reason=FlagReason.VERDICT_UNMAPPED,
        raised_by=user.get_username() if user is not None else "claimreview import",
        detail={
            "label": verdict.label,
            "key": verdict.key,
            "summary": _(
                "%(reviewer)s's verdict “%(label)s” is not in the verdict "
                "crosswalk: map it to a rating there, then rate the claims "
                "waiting for it."
            )
            % {"reviewer": review.reviewer.name, "label": verdict.label},
        },
    )


# Where an original review field's error belongs in the ClaimReview object.
_ORIGINAL_PATHS = {
    "reviewer_name": "author.name",
    "reviewer_url": "author.url",
    "review_url": "url",
    "reviewed_on": "datePublished",
    "verdict_label": "reviewRating.alternateName",
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

    Returns the index, slug, speaker and rating of each new claim. Raises
    ``InvalidInput`` when the payload is empty or too long, and
    ``ImportRejected`` listing each invalid object (index and field errors)
    after checking all of them; the transaction is then rolled back.
    """
    items = payload if isinstance(payload, list) else [payload]
    if not items:
        raise InvalidInput({NON_FIELD_ERRORS: [_("Send at least one object.")]})
    if len(items) > MAX_OBJECTS:
        raise InvalidInput(
            {
                NON_FIELD_ERRORS: [
                    _("At most %(count)d objects per request.") % {"count": MAX_OBJECTS}
                ]
            }
        )
    ratings = list(Rating.objects.select_related("scale"))
    crosswalk = {
        label.key: label.rating
        for label in VerdictLabel.objects.select_related("rating__scale")
    }
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
                        | _import_one(
                            item,
                            user=user,
                            kind=kind,
                            ratings=ratings,
                            crosswalk=crosswalk,
                        )
                    )
            except InvalidInput as error:
                rejected.append({"index": index, "fields": error.fields})
        if rejected:
            raise ImportRejected(objects=rejected)  # rolls back the whole import
    return imported
