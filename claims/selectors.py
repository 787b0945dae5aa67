"""Every read that reader pages and the API share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import (
    PUBLIC_STATES,
    Article,
    Claim,
    EditorialState,
    Evidence,
    Rating,
    Speaker,
)


def claim_list_public() -> QuerySet[Claim]:
    return Claim.objects.public().select_related(
        "speaker", "article", "rating", "rating__scale"
    )


def claim_get_public(*, slug: str) -> Claim:
    queryset = claim_list_public().prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("position", "pk")),
        "topics",
    )
    return get_object_or_404(queryset, slug=slug)


def article_get(*, slug: str) -> Article:
    return get_object_or_404(Article, slug=slug)


def speaker_get(*, slug: str) -> Speaker:
    return get_object_or_404(Speaker, slug=slug)


@dataclass(frozen=True)
class TimelineEntry:
    """One public step in a claim's life: published, re-rated or retracted."""

    at: datetime
    event: str  # "published", "rerated" or "retracted"
    rating: Rating | None
    previous_rating: Rating | None
    reason: str


def claim_timeline(*, claim: Claim) -> list[TimelineEntry]:
    """The rating history a reader may see, oldest first.

    Built from the claim's history rows: only changes made while the claim
    was public count, so draft edits stay private. Two queries whatever the
    length of the history.
    """
    ratings = {rating.pk: rating for rating in Rating.objects.select_related("scale")}
    entries: list[TimelineEntry] = []
    previous_state = None
    previous_rating_id = None
    rows = claim.history.order_by("history_date", "history_id").values(
        "history_date", "state", "rating_id", "history_change_reason"
    )
    for row in rows:
        state, rating_id = row["state"], row["rating_id"]
        reason = row["history_change_reason"] or ""
        event = None
        if state in PUBLIC_STATES and previous_state not in PUBLIC_STATES:
            event = "published"
        elif state == EditorialState.RETRACTED and previous_state != state:
            event = "retracted"
        elif state in PUBLIC_STATES and rating_id != previous_rating_id:
            event = "rerated"
        if event:
            entries.append(
                TimelineEntry(
                    at=row["history_date"],
                    event=event,
                    rating=ratings.get(rating_id),
                    previous_rating=(
                        ratings.get(previous_rating_id) if event == "rerated" else None
                    ),
                    reason=reason,
                )
            )
        previous_state, previous_rating_id = state, rating_id
    return entries
