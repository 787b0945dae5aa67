"""The claim list as CSV, streamed row by row.

The rows are read as plain values (one query, the speaker, article and
rating joined in) through ``QuerySet.iterator()``: the database cursor (a
server-side cursor on PostgreSQL) is read in chunks and nothing holds the
whole list, however many claims there are; no model instance is built.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from rest_framework.renderers import BaseRenderer

from claims.jsonld import absolute_url
from claims.models import Claim

COLUMNS = [
    "slug",
    "page_url",
    "text",
    "text_en",
    "language",
    "kind",
    "state",
    "speaker",
    "speaker_name",
    "article",
    "article_title",
    "claimed_on",
    "due_start",
    "due_end",
    "due_precision",
    "rating",
    "rating_label_en",
    "rating_label_zh",
    "rating_value",
    "rating_explanation",
    "rating_explanation_en",
    "rated_at",
    "published_at",
    "updated_at",
]
CHUNK_SIZE = 500


class CSVRenderer(BaseRenderer):
    """Declares text/csv for content negotiation (``?format=csv``).

    The list view streams the CSV itself; this renders only what cannot be
    streamed, which is nothing: error responses and the OPTIONS description
    are always JSON (``streams_only``, read by the views' base class).
    """

    streams_only = True
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        raise NotImplementedError("CSV responses are streamed by the view.")


class _Echo:
    """A file-like object whose write() hands the line back to the caller."""

    def write(self, value: str) -> str:
        return value


def _iso(value: date | datetime | None) -> str:
    """A date as it is; a moment in the site's time zone, as the JSON shows it."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return value.isoformat() if value else ""


# A cell starting with one of these is run as a formula by spreadsheet
# programs (OWASP, "CSV Injection"): such text cells get a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula."""
    if text and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


# What a row reads: the claim's own fields and its speaker's, article's and
# rating's, joined in the one query.
FIELDS = (
    "slug",
    "text",
    "text_en",
    "language",
    "kind",
    "state",
    "speaker__slug",
    "speaker__name",
    "article__slug",
    "article__title",
    "claimed_on",
    "due_start",
    "due_end",
    "due_precision",
    "rating__slug",
    "rating__label_en",
    "rating__label_zh",
    "rating__value",
    "rating_explanation",
    "rating_explanation_en",
    "rated_at",
    "published_at",
    "updated_at",
)
_SLUG = "claim-slug"


def claim_page_address() -> Callable[[str], str]:
    """A claim's page address from its slug: the model's own
    ``get_absolute_url`` reversed once, the slug put in its place."""
    before, after = absolute_url(Claim(slug=_SLUG).get_absolute_url()).split(_SLUG)
    return lambda slug: before + slug + after


def claim_csv_row(
    claim: dict[str, Any], page_address: Callable[[str], str]
) -> list[str]:
    """One CSV row from the values of one claim (``FIELDS``)."""
    text = safe_cell
    rated = claim["rating__slug"] is not None
    value = claim["rating__value"]
    return [
        text(claim["slug"]),
        page_address(claim["slug"]),
        text(claim["text"]),
        text(claim["text_en"]),
        claim["language"],
        claim["kind"],
        claim["state"],
        text(claim["speaker__slug"]),
        text(claim["speaker__name"]),
        text(claim["article__slug"]),
        text(claim["article__title"]),
        _iso(claim["claimed_on"]),
        _iso(claim["due_start"]),
        _iso(claim["due_end"]),
        claim["due_precision"],
        text(claim["rating__slug"]) if rated else "",
        text(claim["rating__label_en"]) if rated else "",
        text(claim["rating__label_zh"]) if rated else "",
        # A number (a negative one included) stays a number.
        "" if value is None else str(value),
        text(claim["rating_explanation"]),
        text(claim["rating_explanation_en"]),
        _iso(claim["rated_at"]),
        _iso(claim["published_at"]),
        _iso(claim["updated_at"]),
    ]


def csv_lines(claims: Iterable[dict[str, Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    page_address = claim_page_address()
    # A byte-order mark so spreadsheet programs read the Chinese text as UTF-8.
    yield "\ufeff" + writer.writerow(COLUMNS)
    for claim in claims:
        yield writer.writerow(claim_csv_row(claim, page_address))


def claim_csv_response(queryset: QuerySet[Claim]) -> StreamingHttpResponse:
    """Every claim of ``queryset`` (filtered and ordered) as a CSV download."""
    rows = queryset.values(*FIELDS).iterator(chunk_size=CHUNK_SIZE)
    response = StreamingHttpResponse(
        csv_lines(rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="claims.csv"'
    return response
