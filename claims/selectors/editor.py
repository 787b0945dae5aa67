"""Visibility-aware reads for editors and the API.

Anonymous readers see what ``Claim.objects.public()`` holds (through
``claim_list_public``); accounts allowed to view claims in the admin
(editors, reviewers) also see drafts and claims in review.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from claims.models import (
    Appearance,
    Article,
    Claim,
    Evidence,
    Flag,
    RatingScale,
    Speaker,
    Topic,
)
from claims.permissions import sees_unpublished

from .public import claim_list_public
from .rows import CLAIM_ROW_RELATED


def claim_list_visible(*, user) -> QuerySet[Claim]:
    if sees_unpublished(user):
        return Claim.objects.select_related(*CLAIM_ROW_RELATED)
    return claim_list_public()


def claim_get_visible(*, user, slug: str) -> Claim:
    """A claim with its evidence, topics, appearances and open flags."""
    queryset = claim_list_visible(user=user).prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("position", "pk")),
        "topics",
        Prefetch("appearances", queryset=Appearance.objects.select_related("article")),
        Prefetch(
            "flags",
            queryset=Flag.objects.open().order_by("raised_at", "pk"),
            to_attr="open_flags",
        ),
    )
    return get_object_or_404(queryset, slug=slug)


def claim_list_claimreview() -> QuerySet[Claim]:
    """Published claims with what ``claims.jsonld.claim_review`` reads."""
    return (
        Claim.objects.published()
        .select_related("speaker", "article", "rating", "rating__scale")
        .prefetch_related(
            Prefetch(
                "appearances", queryset=Appearance.objects.select_related("article")
            )
        )
    )


def _public_claims_count(prefix: str) -> Count:
    return Count(
        prefix,
        filter=Q(**{f"{prefix}__in": Claim.objects.public()}),
        distinct=True,
    )


def speaker_list_visible(*, user) -> QuerySet[Speaker]:
    """Speakers with their number of public claims.

    Anonymous readers only see speakers of at least one public claim, so a
    draft does not leak through the name of a new speaker.
    """
    queryset = Speaker.objects.annotate(claim_count=_public_claims_count("claims"))
    if not sees_unpublished(user):
        queryset = queryset.filter(
            Exists(Claim.objects.public().filter(speaker=OuterRef("pk")))
        )
    return queryset


def article_list_visible(*, user) -> QuerySet[Article]:
    """Articles with their number of public claims (first appearances).

    Anonymous readers only see articles in which a public claim appears.
    """
    queryset = Article.objects.annotate(claim_count=_public_claims_count("claims"))
    if not sees_unpublished(user):
        public = Claim.objects.public()
        queryset = queryset.filter(
            Exists(public.filter(article=OuterRef("pk")))
            | Exists(public.filter(appearances__article=OuterRef("pk")))
        )
    return queryset


def rating_scale_list() -> QuerySet[RatingScale]:
    return RatingScale.objects.prefetch_related("ratings")


def topic_list_visible(*, user) -> QuerySet[Topic]:
    """Topics an API client may name: for anonymous readers only those of at
    least one public claim, so a topic used only by drafts reads as unknown."""
    queryset = Topic.objects.all()
    if not sees_unpublished(user):
        queryset = queryset.filter(
            Exists(Claim.objects.public().filter(topics=OuterRef("pk")))
        )
    return queryset
