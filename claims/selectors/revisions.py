"""Reads of pending revisions and of what a claim would look like: for the
admin's review of revisions and the editors' preview of drafts.

Nothing here is for anonymous readers: every function takes the user and
answers 404 to anyone who may not see unpublished claims, so a preview does
not even tell that a slug exists.
"""

from __future__ import annotations

import copy

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from claims.models import (
    Appearance,
    Claim,
    ClaimRevision,
    Evidence,
    EvidenceOperation,
    RevisionStatus,
    Topic,
)
from claims.permissions import sees_unpublished


def revision_list_for_claim(
    *, claim: Claim, status: str | None = RevisionStatus.PENDING
) -> QuerySet[ClaimRevision]:
    """The claim's revisions (pending ones by default), oldest first."""
    queryset = ClaimRevision.objects.filter(claim=claim).select_related(
        "author", "decided_by"
    )
    if status is not None:
        queryset = queryset.filter(status=status)
    return queryset.order_by("created_at", "pk")


def revision_get(*, user, pk: int) -> ClaimRevision:
    if not sees_unpublished(user):
        raise Http404
    return get_object_or_404(
        ClaimRevision.objects.select_related("claim", "author"), pk=pk
    )


def _claim_for_preview(*, user, slug: str) -> Claim:
    """Any claim, draft or not, with all its page shows, for an editor."""
    if not sees_unpublished(user):
        raise Http404
    queryset = Claim.objects.select_related(
        "speaker", "article", "rating", "rating__scale", "reason_code"
    ).prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("position", "pk")),
        "topics",
        Prefetch("appearances", queryset=Appearance.objects.select_related("article")),
    )
    claim = get_object_or_404(queryset, slug=slug)
    # A preview shows the claim itself, not the review notice of its flags.
    claim.under_review_since = None  # type: ignore[attr-defined]  # an annotation
    return claim


def claim_get_preview(*, user, slug: str) -> Claim:
    """A claim as it is stored (a draft, or one in review), for its preview."""
    return _claim_for_preview(user=user, slug=slug)


def _replace_prefetched(claim: Claim, name: str, items: list) -> None:
    # Django keeps prefetched rows here; the preview swaps in its own.
    cache = claim._prefetched_objects_cache  # type: ignore[attr-defined]
    queryset = copy.copy(cache[name])
    queryset._result_cache = items
    cache[name] = queryset


def revision_get_preview(*, user, pk: int) -> tuple[ClaimRevision, Claim]:
    """A revision and its claim with the revision applied, in memory only:
    nothing is written, nothing reaches the page caches."""
    revision = revision_get(user=user, pk=pk)
    claim = _claim_for_preview(user=user, slug=revision.claim.slug)
    for name, value in revision.proposed_values().items():
        setattr(claim, name, value)
    if revision.topics is not None:
        _replace_prefetched(
            claim, "topics", list(Topic.objects.filter(pk__in=revision.topics))
        )
    evidence = {item.pk: item for item in claim.evidence.all()}
    added = []
    for operation in revision.evidence_operations():
        if operation["operation"] == EvidenceOperation.ADD:
            added.append(Evidence(claim=claim, **operation["values"]))
        elif operation["operation"] == EvidenceOperation.REMOVE:
            evidence.pop(operation["evidence"], None)
        elif (item := evidence.get(operation["evidence"])) is not None:
            for name, value in operation["values"].items():
                setattr(item, name, value)
    items = sorted(
        [*evidence.values(), *added],
        key=lambda item: (item.position, item.pk or 0),
    )
    _replace_prefetched(claim, "evidence", items)
    return revision, claim
