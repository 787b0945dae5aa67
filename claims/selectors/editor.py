"""Visibility-aware reads for editors and the API.

Anonymous readers see what ``Claim.objects.public()`` holds (through
``claim_list_public``); accounts allowed to view claims in the admin
(editors, reviewers) also see drafts and claims in review.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from claims.models import (
    Appearance,
    Article,
    Claim,
    EditorialState,
    Evidence,
    Flag,
    RatingScale,
    Speaker,
    Topic,
)
from claims.permissions import can_publish, can_resolve_flag, sees_unpublished

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
        .select_related(
            "speaker", "article", "rating", "rating__scale", "external_review"
        )
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


@dataclass(frozen=True)
class WorkWaiting:
    """What waits for a user in the admin: ``None`` for what they may not
    act on (claims in review for reviewers, open flags for editors)."""

    claims_in_review: int | None
    open_flags: int | None

    def __bool__(self) -> bool:
        return self.claims_in_review is not None or self.open_flags is not None


def work_waiting(*, user) -> WorkWaiting:
    """Claims waiting for a reviewer and open flags, counted for those who
    may act on them (``permissions.can_publish``, ``can_resolve_flag``):
    one query each, none for anyone else."""
    in_review = open_flags = None
    if can_publish(user):
        in_review = Claim.objects.filter(state=EditorialState.IN_REVIEW).count()
    if can_resolve_flag(user):
        open_flags = Flag.objects.open().count()
    return WorkWaiting(claims_in_review=in_review, open_flags=open_flags)


def topic_list_visible(*, user) -> QuerySet[Topic]:
    """Topics an API client may name: for anonymous readers only those of at
    least one public claim, so a topic used only by drafts reads as unknown."""
    queryset = Topic.objects.all()
    if not sees_unpublished(user):
        queryset = queryset.filter(
            Exists(Claim.objects.public().filter(topics=OuterRef("pk")))
        )
    return queryset
