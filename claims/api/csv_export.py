"""The claim list as CSV, streamed row by row.

The rows come from ``QuerySet.iterator()``: the database cursor is read in
chunks and nothing holds the whole list, however many claims there are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date, datetime

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


def claim_csv_row(claim: Claim) -> list[str]:
    rating = claim.rating
    text = safe_cell
    return [
        text(claim.slug),
        absolute_url(claim.get_absolute_url()),
        text(claim.text),
        text(claim.text_en),
        claim.language,
        claim.kind,
        claim.state,
        text(claim.speaker.slug),
        text(claim.speaker.name),
        text(claim.article.slug),
        text(claim.article.title),
        _iso(claim.claimed_on),
        _iso(claim.due_start),
        _iso(claim.due_end),
        claim.due_precision,
        text(rating.slug) if rating else "",
        text(rating.label_en) if rating else "",
        text(rating.label_zh) if rating else "",
        # A number (a negative one included) stays a number.
        "" if rating is None or rating.value is None else str(rating.value),
        text(claim.rating_explanation),
        text(claim.rating_explanation_en),
        _iso(claim.rated_at),
        _iso(claim.published_at),
        _iso(claim.updated_at),
    ]


def csv_lines(claims: Iterable[Claim]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # A byte-order mark so spreadsheet programs read the Chinese text as UTF-8.
    yield "\ufeff" + writer.writerow(COLUMNS)
    for claim in claims:
        yield writer.writerow(claim_csv_row(claim))


def claim_csv_response(queryset: QuerySet[Claim]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(queryset.iterator(chunk_size=CHUNK_SIZE)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="claims.csv"'
    return response
