"""The corrections page: every public re-rating and retraction, newest
first (``reader.views.corrections`` and its feed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from claims.models import (
    PUBLIC_STATES,
    Claim,
    EditorialState,
    Rating,
    RatingChange,
)

from .public import claim_list_public


@dataclass(frozen=True)
class Correction:
    """A public change to a published verdict: a re-rating or a retraction."""

    at: datetime
    claim: Claim
    kind: str  # "correction", "update" or "retracted"
    reason: str  # in Chinese; ``reason_en`` in English
    reason_en: str = ""
    rating: Rating | None = None
    previous_rating: Rating | None = None


def corrections_recent(*, limit: int = 100) -> list[Correction]:
    """Re-ratings of published claims and retractions, newest first.

    Two queries whatever the number of rows.
    """
    changes = (
        RatingChange.objects.select_related(
            "claim",
            "claim__speaker",
            "from_rating",
            "from_rating__scale",
            "to_rating",
            "to_rating__scale",
        )
        .filter(claim__state__in=PUBLIC_STATES)
        .order_by("-changed_at", "-pk")[:limit]
    )
    retracted = (
        claim_list_public()
        .filter(state=EditorialState.RETRACTED, retracted_at__isnull=False)
        .order_by("-retracted_at", "-pk")[:limit]
    )
    items = [
        Correction(
            at=change.changed_at,
            claim=change.claim,
            kind=change.kind,
            reason=change.reason,
            reason_en=change.reason_en,
            rating=change.to_rating,
            previous_rating=change.from_rating,
        )
        for change in changes
    ] + [
        Correction(
            at=claim.retracted_at or claim.updated_at,
            claim=claim,
            kind="retracted",
            reason=claim.retraction_reason,
            reason_en=claim.retraction_reason_en,
            rating=claim.rating,
        )
        for claim in retracted
    ]
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]
