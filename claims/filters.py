"""The reader's claim list filters (django-filter), also usable by the API."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Article, Claim, ClaimKind, Rating, Speaker, Topic
from .templatetags.reader import KIND_LABELS


class DeadlineStatus:
    PASSED = "passed"
    UPCOMING = "upcoming"


class ClaimListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    rating = django_filters.ModelChoiceFilter(
        label=_("Rating"),
        queryset=Rating.objects.order_by("scale__slug", "position"),
        to_field_name="slug",
        empty_label=_("Any rating"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[(kind.value, KIND_LABELS[kind]) for kind in ClaimKind],
        empty_label=_("Any kind"),
    )
    # Only speakers and articles with a public claim: a draft's new speaker
    # or article must not show up in the list (or its cached copy).
    speaker = django_filters.ModelChoiceFilter(
        label=_("Speaker"),
        queryset=Speaker.objects.filter(
            Exists(Claim.objects.public().filter(speaker=OuterRef("pk")))
        ).order_by("name"),
        to_field_name="slug",
        empty_label=_("Any speaker"),
    )
    article = django_filters.ModelChoiceFilter(
        label=_("Article"),
        queryset=Article.objects.filter(
            Exists(Claim.objects.public().filter(article=OuterRef("pk")))
            | Exists(Claim.objects.public().filter(appearances__article=OuterRef("pk")))
        ).order_by("-published_on", "title"),
        to_field_name="slug",
        empty_label=_("Any article"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.order_by("name"),
        to_field_name="slug",
        field_name="topics",
        empty_label=_("Any topic"),
    )
    deadline = django_filters.ChoiceFilter(
        label=_("Deadline"),
        choices=[
            (DeadlineStatus.UPCOMING, _("Upcoming")),
            (DeadlineStatus.PASSED, _("Passed")),
        ],
        method="filter_deadline",
        empty_label=_("Any deadline"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("recent", _("Recently rated")),
            ("newest", _("Newest claims")),
            ("oldest", _("Oldest claims")),
            ("deadline", _("Deadline")),
            ("rating", _("Rating")),
        ],
        method="filter_sort",
        empty_label=None,
    )

    class Meta:
        model = Claim
        fields = ["q", "rating", "kind", "speaker", "article", "topic", "deadline"]

    # The article menu lists only the most recent articles (and the one
    # chosen): thousands of options made the list page heavy. Any article
    # with a public claim is still accepted, and its page links to the list
    # filtered by it.
    ARTICLE_CHOICES = 100

    @property
    def form(self):
        # Built on first use only: the list page needs it only for a query
        # to check or a filter form to render (it is mostly cached).
        if not hasattr(self, "_form"):
            self._article_choices_limit(super().form)
        return self._form

    def _article_choices_limit(self, form) -> None:
        field = form.fields["article"]
        chosen = self.data.get("article") if self.data else None

        def choices() -> list[tuple[str, str]]:
            # Queried only when the form is rendered.
            articles = list(field.queryset[: self.ARTICLE_CHOICES])
            if chosen and all(article.slug != chosen for article in articles):
                articles += list(field.queryset.filter(slug=chosen)[:1])
            return [("", field.empty_label)] + [
                (article.slug, field.label_from_instance(article))
                for article in articles
            ]

        field.widget.choices = choices

    ORDERINGS = {
        "recent": (F("rated_at").desc(nulls_last=True), "-pk"),
        "newest": (F("claimed_on").desc(nulls_last=True), "-pk"),
        "oldest": (F("claimed_on").asc(nulls_last=True), "pk"),
        "deadline": (F("due_end").asc(nulls_last=True), "pk"),
        "rating": ("rating__scale__slug", "rating__position", "pk"),
    }

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.claim_search(queryset=queryset, query=value)

    def filter_deadline(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        if value == DeadlineStatus.PASSED:
            return queryset.filter(due_end__lt=today)
        if value == DeadlineStatus.UPCOMING:
            return queryset.filter(due_end__gte=today)
        return queryset

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*self.ORDERINGS.get(value, self.ORDERINGS["recent"]))

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        # The sort filter runs only when given; the default order is "recent".
        if not (self.is_bound and self.form.cleaned_data.get("sort")):
            queryset = queryset.order_by(*self.ORDERINGS["recent"])
        return queryset
