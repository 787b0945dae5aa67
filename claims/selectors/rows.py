"""Claim rows of cached lists: read ids first, complete only the missing rows.

A list page or API page reads which claims it shows as light rows
(``claim_list_light``); the fragment cache (claims/caching/fragments.py)
holds most rows, and ``claims_complete`` reads the rest in full, in one
query.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import QuerySet

from claims.models import Claim

# What a claim's row (page or API) shows besides the claim itself.
CLAIM_ROW_RELATED = ("speaker", "article", "rating", "rating__scale", "reason_code")


class ClaimKey(NamedTuple):
    """A claim's id and editorial state: what its cached row is found by."""

    pk: int
    state: str


def claim_list_light(queryset: QuerySet[Claim], *fields: str) -> QuerySet:
    """The same rows, in the same order, as named tuples of their ``pk``,
    ``state`` and ``fields`` only: for lists whose rows usually come from the
    fragment cache (claims/caching/fragments.py), completed by ``claims_complete`` where
    they do not. Far cheaper to read than whole claims with their speaker,
    article and rating.
    """
    return queryset.select_related(None).values_list("pk", "state", *fields, named=True)


# What a reader's list row shows (reader.templatetags.reader.claim_row_html):
# the claim with its speaker and rating, none of its long texts, nor the
# times and the review clock of its editing, nor the speaker's and the
# rating's descriptions (fifty rows of timestamps were a tenth of the rows'
# reading).
READER_ROW_RELATED = ("speaker", "rating")
READER_ROW_DEFERRED = (
    "quote",
    "attribution_note",
    "attribution_note_en",
    "rating_explanation",
    "rating_explanation_en",
    "analysis",
    "analysis_en",
    "retraction_reason",
    "retraction_reason_en",
    "review_comment",
    "created_at",
    "updated_at",
    "rated_at",
    "published_at",
    "retracted_at",
    "submitted_at",
    "last_reviewed_at",
    "next_review_at",
    "review_interval",
    "speaker__created_at",
    "speaker__updated_at",
    "speaker__description",
    "speaker__description_en",
    "speaker__same_as",
    "rating__description_en",
    "rating__description_zh",
)


def claims_complete(
    claims: list,
    *,
    related: tuple[str, ...] = CLAIM_ROW_RELATED,
    deferred: tuple[str, ...] = (),
) -> list[Claim | None]:
    """``claims`` as whole claims with what a row shows, in one query.

    Rows read by ``claim_list_light`` are read again in full (None for one
    deleted since), with ``related`` and without ``deferred``; whole claims
    are kept as they are.
    """
    light = [claim.pk for claim in claims if not isinstance(claim, Claim)]
    if not light:
        return list(claims)
    # Unordered: a claim's default order joins its article to sort by it.
    full = (
        Claim.objects.select_related(*related)
        .defer(*deferred)
        .order_by()
        .in_bulk(light)
    )
    return [
        claim if isinstance(claim, Claim) else full.get(claim.pk) for claim in claims
    ]


def claim_rows_complete(claims: list) -> list[Claim | None]:
    """``claims_complete`` with what a reader's list row shows only."""
    return claims_complete(
        claims, related=READER_ROW_RELATED, deferred=READER_ROW_DEFERRED
    )
