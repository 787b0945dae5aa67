"""Reads for the verdict crosswalk: the claims waiting for a label."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from claims.models import Claim, FlagReason, VerdictLabel


def _waiting() -> QuerySet[Claim]:
    return Claim.objects.filter(
        rating__isnull=True,
        flags__reason=FlagReason.VERDICT_UNMAPPED,
        flags__resolved_at__isnull=True,
    )


def claims_waiting_for(verdict_label: VerdictLabel) -> QuerySet[Claim]:
    """Unrated claims imported with this label whose "verdict to map" flag
    is still open."""
    return _waiting().filter(external_review__verdict_key=verdict_label.key).distinct()


def verdict_labels_with_waiting(
    queryset: QuerySet[VerdictLabel],
) -> QuerySet[VerdictLabel]:
    """``queryset`` with ``waiting_count``: how many claims wait for each label."""
    counts = (
        _waiting()
        .filter(external_review__verdict_key=OuterRef("key"))
        .order_by()
        .values("external_review__verdict_key")
        .annotate(count=Count("pk", distinct=True))
        .values("count")
    )
    return queryset.annotate(
        waiting_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0)
    )
