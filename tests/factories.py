"""Factories for the tracker's models; published claims get a fitting rating."""

from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import (
    Article,
    Claim,
    ClaimKind,
    DuePrecision,
    EditorialState,
    Evidence,
    Flag,
    FlagReason,
    Rating,
    Speaker,
    Topic,
)
from claims.services.search_index import search_index_claims


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"发言人{n}")
    name_en = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.Sequence(lambda n: f"speaker-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"话题{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"article-{n}")
    title = factory.Sequence(lambda n: f"文章标题{n}")
    publisher = "新闻社"
    published_on = date(2023, 8, 17)


def rating_for(kind: str, slug: str | None = None) -> Rating:
    if slug:
        return Rating.objects.get(slug=slug)
    default = (
        "in-progress" if kind in (ClaimKind.PREDICTION, ClaimKind.PROMISE) else "true"
    )
    return Rating.objects.get(slug=default)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(state=EditorialState.PUBLISHED)
        # A prediction for the first half of 2024: its deadline has passed.
        due_h1_2024 = factory.Trait(
            kind=ClaimKind.PREDICTION,
            due_start=date(2024, 1, 1),
            due_end=date(2024, 6, 30),
            due_precision="half",
            due_text="2024年上半年",
        )

    slug = factory.Sequence(lambda n: f"claim-{n}")
    text = factory.Sequence(lambda n: f"小米第{n}号声明的数据属实")
    text_en = factory.Sequence(lambda n: f"Xiaomi statement number {n} is accurate")
    quote = factory.SelfAttribute("text")
    speaker = factory.SubFactory(SpeakerFactory)
    article = factory.SubFactory(ArticleFactory)
    kind = ClaimKind.STATISTIC
    claimed_on = date(2023, 8, 17)
    rating = factory.LazyAttribute(lambda claim: rating_for(claim.kind))
    rating_explanation = "数据与公开报告一致。"
    state = EditorialState.DRAFT

    @factory.post_generation
    def search_document(claim, create, extracted, **kwargs):
        """Indexed for search, as the claim services leave every claim."""
        if create:
            search_index_claims(claim_ids=[claim.pk])


def claim_due(ends: date, kind: str = ClaimKind.PREDICTION, **fields) -> Claim:
    """A claim whose deadline window is the month ending on ``ends``."""
    return ClaimFactory(
        kind=kind,
        due_start=ends - timedelta(days=30),
        due_end=ends,
        due_precision=DuePrecision.DAY,
        **fields,
    )


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence
        skip_postgeneration_save = True

    claim = factory.SubFactory(ClaimFactory)
    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    title = factory.Sequence(lambda n: f"来源{n}")
    publisher = "Example"

    @factory.post_generation
    def search_document(evidence, create, extracted, **kwargs):
        """Its claim's search document includes it, as the services do."""
        if create:
            search_index_claims(claim_ids=[evidence.claim_id])


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag

    claim = factory.SubFactory(ClaimFactory)
    reason = FlagReason.MANUAL
    raised_by = "tests"
