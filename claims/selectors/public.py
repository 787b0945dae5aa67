"""Reads for anonymous readers: claim lists, pages, timelines, corrections, counts.

Claim lists start from ``Claim.objects.public()``, the one place the rule
"anonymous readers see published and retracted claims only" lives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import IsNull
from django.http import Http404
from django.shortcuts import get_object_or_404

from claims.models import (
    PUBLIC_STATES,
    Appearance,
    Article,
    Claim,
    ClaimQuerySet,
    DeadlineChange,
    DeadlineWindow,
    EditorialState,
    Evidence,
    Flag,
    Rating,
    RatingChange,
    RatingTally,
    ReasonCode,
    Speaker,
)
from claims.reasons import reason_display

from .rows import CLAIM_ROW_RELATED


def claim_list_public() -> ClaimQuerySet:
    """Every claim an anonymous reader may see, with what its row shows."""
    return Claim.objects.public().select_related(*CLAIM_ROW_RELATED)


def claim_get_public(*, slug: str) -> Claim:
    queryset = claim_list_public().prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("position", "pk")),
        "topics",
    )
    return get_object_or_404(queryset, slug=slug)


@dataclass(frozen=True)
class TimelineEntry:
    """One public step in a claim's life: published, re-rated, deadline
    moved or retracted."""

    at: datetime
    event: str  # "published", "rerated", "deadline" or "retracted"
    rating: Rating | None
    previous_rating: Rating | None
    reason: str
    change_kind: str = ""  # rerated only: "correction" or "update"
    # rerated and deadline: the public reason in English (``reason`` is
    # Chinese).
    reason_en: str = ""
    # deadline only: the deadline before and after the change
    previous_deadline: DeadlineWindow | None = None
    deadline: DeadlineWindow | None = None


def _ratings() -> dict[int, Rating]:
    return {rating.pk: rating for rating in Rating.objects.select_related("scale")}


def claim_timeline(*, claim: Claim) -> list[TimelineEntry]:
    """The rating history a reader may see, oldest first.

    Publication and retraction come from the claim's history rows (only
    changes made while the claim was public count, so draft edits stay
    private); re-ratings come from its RatingChange rows and moved deadlines
    from its DeadlineChange rows (written only while the claim was public),
    which carry the public reason. Four queries whatever the length of the
    history.
    """
    ratings = _ratings()
    rows = claim.history.order_by("history_date", "history_id").values(
        "history_date", "state", "rating_id", "history_change_reason"
    )
    changes = claim.rating_changes.order_by("changed_at", "pk")
    moved = claim.deadline_changes.order_by("changed_at", "pk")
    return _timeline(rows, changes, ratings, deadline_changes=moved)


def _timeline(
    rows: Iterable[dict],
    changes: Iterable[RatingChange],
    ratings: dict[int, Rating],
    *,
    deadline_changes: Iterable[DeadlineChange] = (),
) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    previous_state = None
    for row in rows:
        state = row["state"]
        event = None
        if state in PUBLIC_STATES and previous_state not in PUBLIC_STATES:
            event = "published"
        elif state == EditorialState.RETRACTED and previous_state != state:
            event = "retracted"
        if event:
            entries.append(
                TimelineEntry(
                    at=row["history_date"],
                    event=event,
                    rating=ratings.get(row["rating_id"]) if row["rating_id"] else None,
                    previous_rating=None,
                    reason=reason_display(row["history_change_reason"] or ""),
                )
            )
        previous_state = state
    for change in changes:
        entries.append(
            TimelineEntry(
                at=change.changed_at,
                event="rerated",
                rating=ratings.get(change.to_rating_id),
                previous_rating=ratings.get(change.from_rating_id),
                reason=change.reason,
                reason_en=change.reason_en,
                change_kind=change.kind,
            )
        )
    for moved in deadline_changes:
        entries.append(
            TimelineEntry(
                at=moved.changed_at,
                event="deadline",
                rating=None,
                previous_rating=None,
                reason=moved.reason,
                reason_en=moved.reason_en,
                previous_deadline=moved.before,
                deadline=moved.after,
            )
        )
    entries.sort(key=lambda entry: entry.at)
    return entries


# --- Reader pages -------------------------------------------------------------


def claim_get_public_detail(*, slug: str) -> Claim:
    """A public claim with all a claim page shows, in a fixed number of queries.

    Adds ``under_review_since`` (when the oldest open flag was raised, or
    None) and the further appearances with their articles.
    """
    oldest_open_flag = (
        Flag.objects.open().filter(claim=OuterRef("pk")).order_by("raised_at")
    )
    queryset = (
        claim_list_public()
        .select_related("external_review")
        .annotate(under_review_since=Subquery(oldest_open_flag.values("raised_at")[:1]))
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("position", "pk")),
            "topics",
            Prefetch(
                "appearances", queryset=Appearance.objects.select_related("article")
            ),
        )
    )
    return get_object_or_404(queryset, slug=slug)


def claim_public_id(*, slug: str) -> int:
    """The id of the public claim at ``slug`` (404 for any other): what its
    cached page is found by (claims/caching/versions.py)."""
    pk = Claim.objects.public().filter(slug=slug).values_list("pk", flat=True).first()
    if pk is None:
        raise Http404
    return pk


@dataclass(frozen=True)
class RatingCount:
    rating: Rating
    count: int


def rating_counts(*, claims: QuerySet[Claim]) -> list[RatingCount]:
    """How many of ``claims`` carry each rating, in scale order; two queries."""
    counts = dict(
        claims.order_by()
        .values_list("rating_id")
        .annotate(count=Count("pk"))
        .values_list("rating_id", "count")
    )
    ratings = Rating.objects.select_related("scale").order_by("scale__slug", "position")
    return [
        RatingCount(rating=rating, count=counts[rating.pk])
        for rating in ratings
        if counts.get(rating.pk)
    ]


def rating_counts_public() -> list[RatingCount]:
    """How many public claims carry each rating, in scale order: read from
    the tally the database keeps (``RatingTally``), two queries whatever the
    number of claims. The same figures as ``rating_counts`` over every
    public claim."""
    counts = dict(
        RatingTally.objects.filter(public_claims__gt=0).values_list(
            "rating_id", "public_claims"
        )
    )
    ratings = Rating.objects.select_related("scale").order_by("scale__slug", "position")
    return [
        RatingCount(rating=rating, count=counts[rating.pk])
        for rating in ratings
        if counts.get(rating.pk)
    ]


def claim_list_recently_rated(*, limit: int = 8) -> QuerySet[Claim]:
    return claim_list_public().order_by(
        F("rated_at").desc(nulls_last=True), "-published_at"
    )[:limit]


def claim_list_deadline_upcoming(*, today: date, limit: int = 6) -> QuerySet[Claim]:
    return (
        claim_list_public().deadline_upcoming(today).order_by("due_end", "pk")[:limit]
    )


def claim_list_deadline_passed(*, today: date, limit: int = 6) -> QuerySet[Claim]:
    return (
        claim_list_public().deadline_passed(today).order_by("-due_end", "-pk")[:limit]
    )


def _has_row(rows: QuerySet) -> IsNull:
    """Whether the correlated ``rows`` hold a row, as "its first row is not
    NULL": a scalar subquery that stops at one row, probed per outer row
    through the index on its link. Two EXISTS joined by OR would let
    PostgreSQL hash both subqueries first, reading every public claim even
    when the outer query wants a hundred rows from an index."""
    return IsNull(Subquery(rows.order_by().values("pk")[:1]), False)


def article_list_public() -> QuerySet[Article]:
    """Articles that carry at least one public claim, first made there or
    repeated there: a probe of each, no join to de-duplicate. The article
    menu reads its 100 most recent from an index in a few milliseconds,
    whatever the number of claims."""
    return Article.objects.filter(
        Q(_has_row(Claim.objects.public().filter(article=OuterRef("pk"))))
        | Q(
            _has_row(
                Appearance.objects.filter(
                    article=OuterRef("pk"), claim__state__in=PUBLIC_STATES
                )
            )
        )
    )


def article_get_public(*, slug: str) -> Article:
    """An article that carries at least one public claim (first or repeated)."""
    return get_object_or_404(article_list_public(), slug=slug)


def claim_list_for_article(*, article: Article) -> QuerySet[Claim]:
    """Public claims first made in ``article``, in the order they appear."""
    return claim_list_public().filter(article=article).order_by("position", "pk")


def claim_list_repeated_in_article(*, article: Article) -> QuerySet[Claim]:
    """Public claims first made elsewhere and repeated in ``article``."""
    return (
        claim_list_public()
        .filter(appearances__article=article)
        .order_by("appearances__position", "pk")
    )


def speaker_list_public() -> QuerySet[Speaker]:
    """Speakers on record for at least one public claim (an EXISTS subquery)."""
    return Speaker.objects.filter(
        Exists(Claim.objects.public().filter(speaker=OuterRef("pk")))
    )


def speaker_get_public(*, slug: str) -> Speaker:
    """A speaker on record for at least one public claim."""
    return get_object_or_404(speaker_list_public(), slug=slug)


def claim_list_for_speaker(*, speaker: Speaker) -> QuerySet[Claim]:
    return (
        claim_list_public()
        .filter(speaker=speaker)
        .order_by(F("claimed_on").desc(nulls_last=True), "pk")
    )


# --- Sitemap ---------------------------------------------------------------------


def claim_list_sitemap() -> QuerySet[Claim]:
    """Public claims with only what a sitemap entry needs (address and last
    change), in primary-key order: no joined tables, read page by page."""
    return Claim.objects.public().only("pk", "slug", "updated_at").order_by("pk")


def article_list_sitemap() -> QuerySet[Article]:
    return article_list_public().only("pk", "slug").order_by("pk")


def speaker_list_sitemap() -> QuerySet[Speaker]:
    """Public speakers with ``last_change``, the latest change to one of their
    public claims (a subquery per speaker on the speaker's claims)."""
    latest = (
        Claim.objects.public()
        .filter(speaker=OuterRef("pk"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    return (
        speaker_list_public()
        .only("pk", "slug")
        .annotate(last_change=Subquery(latest))
        .order_by("pk")
    )


def public_claims_last_changed() -> datetime | None:
    """When a public claim last changed (read from the recently-changed index)."""
    return (
        Claim.objects.public()
        .order_by("-updated_at", "-id")
        .values_list("updated_at", flat=True)
        .first()
    )


# When a public claim last changed as a reader sees it (published, rated,
# retracted). Migration 0020 indexes public claims by exactly this
# expression, newest first: the feed reads its first claims from the index.
LAST_PUBLIC_CHANGE = Greatest(
    Coalesce("retracted_at", "published_at", "created_at"),
    Coalesce("rated_at", "published_at", "created_at"),
    Coalesce("published_at", "created_at"),
)


@dataclass(frozen=True)
class PublicEvent:
    """A timeline entry with the claim it belongs to (for the site-wide feed)."""

    claim: Claim
    entry: TimelineEntry


def claim_events_recent(
    *, limit: int = 30, claims: QuerySet[Claim] | None = None
) -> list[PublicEvent]:
    """The latest public rating events across all claims (or those of
    ``claims``, a narrowing of ``claim_list_public``), newest first.

    Three queries: the most recently changed public claims, every rating,
    and those claims' history rows.
    """
    recent = list(
        (claim_list_public() if claims is None else claims)
        .annotate(last_public_change=LAST_PUBLIC_CHANGE)
        .order_by("-last_public_change", "-pk")[:limit]
    )
    if not recent:
        return []
    ratings = _ratings()
    ids = [claim.pk for claim in recent]
    rows_by_claim: dict[int, list[dict]] = defaultdict(list)
    rows = (
        Claim.history.filter(id__in=ids)
        .order_by("history_date", "history_id")
        .values("id", "history_date", "state", "rating_id", "history_change_reason")
    )
    for row in rows:
        rows_by_claim[row["id"]].append(row)
    changes_by_claim: dict[int, list[RatingChange]] = defaultdict(list)
    for change in RatingChange.objects.filter(claim_id__in=ids).order_by(
        "changed_at", "pk"
    ):
        changes_by_claim[change.claim_id].append(change)
    events = [
        PublicEvent(claim=claim, entry=entry)
        for claim in recent
        for entry in _timeline(
            rows_by_claim[claim.pk], changes_by_claim[claim.pk], ratings
        )
    ]
    events.sort(key=lambda event: event.entry.at, reverse=True)
    return events[:limit]


@dataclass(frozen=True)
class ReasonCodeCount:
    reason_code: ReasonCode
    count: int


def reason_code_counts(*, claims: QuerySet[Claim]) -> list[ReasonCodeCount]:
    """How many of ``claims`` carry each reason code, in list order; two queries."""
    counts = dict(
        claims.filter(reason_code__isnull=False)
        .order_by()
        .values_list("reason_code_id")
        .annotate(count=Count("pk"))
        .values_list("reason_code_id", "count")
    )
    if not counts:
        return []
    return [
        ReasonCodeCount(reason_code=code, count=counts[code.pk])
        for code in ReasonCode.objects.filter(pk__in=counts)
    ]
