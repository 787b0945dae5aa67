"""Every read that reader pages and the API share."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import Article, Claim, Evidence, Speaker


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
