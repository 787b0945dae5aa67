"""The reader's claim list filters (django-filter)."""

from __future__ import annotations

import functools
import re
from types import SimpleNamespace

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

from claims import selectors
from claims.labels import KIND_LABELS, LocalText, in_language, language_code
from claims.models import (
    Claim,
    ClaimKind,
    Rating,
    Topic,
)
from reader.escaping import escape


def could_be_slug(value) -> bool:
    """False for what no slug can be: NUL characters (PostgreSQL cannot even
    compare them, a 500) or anything over 255 characters."""
    return isinstance(value, str) and "\x00" not in value and len(value) <= 255


class LocalSelect(forms.Select):
    """A menu whose options read in the page's language; an option shown in
    the other language (no version in the reader's) carries its ``lang``.

    Rendered in Python: the same HTML as Django's ``select.html`` (a test
    compares them), without the two template includes per option that made
    the list's four menus of up to a hundred options a third of a page
    rendered cold."""

    # Set by ``ClaimListFilter._choices_limit``: the menu's (value, label)
    # pairs, read once, without Django's normalising of every choice.
    menu = None

    def create_option(self, name, value, label, *args, **kwargs):
        option = super().create_option(name, value, label, *args, **kwargs)
        if isinstance(label, LocalText) and label.language != language_code():
            option["attrs"]["lang"] = label.language
        return option

    def use_required_attribute(self, initial) -> bool:
        # Django's reads the first choice after normalising every one.
        if not self.menu:
            return super().use_required_attribute(initial)
        first = next(iter(self.menu()), None)
        return (
            not self.is_hidden
            and first is not None
            and self._choice_has_empty_value(first)
        )

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        choices = self.menu() if self.menu else list(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups
        # Django's ``optgroups`` for a menu without groups: the first option
        # whose value is asked for is the one selected.
        asked = set(self.format_value(value))
        reader_language = language_code()
        options = []
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            option_attrs = {}
            if asked and option_value in asked:
                option_attrs["selected"] = True
                asked = set()
            if isinstance(label, LocalText) and label.language != reader_language:
                option_attrs["lang"] = label.language
            options.append(
                f'\n  <option value="{escape(option_value)}"{_attrs(option_attrs)}>'
                f"{escape(label)}</option>\n"
            )
        select = f'name="{escape(name)}"' + _attrs(self.build_attrs(self.attrs, attrs))
        return mark_safe(  # noqa: S308 - every value escaped above
            f"<select {select}>{''.join(options)}\n</select>"
        )


def _attrs(attrs: dict) -> str:
    """HTML attributes as Django's ``attrs.html`` writes them: in order, a
    True value as the bare name, a False one left out."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _menu_rows(queryset: QuerySet, *fields: str) -> list[SimpleNamespace]:
    """A menu's rows as plain objects of ``fields``: what an option shows,
    without a model instance each (a quarter of a list's menus' cost)."""
    return [SimpleNamespace(**row) for row in queryset.values(*fields)]


def local_name(obj, language: str | None = None) -> LocalText | str:
    """A speaker's, topic's or article's name in ``language`` (default: the
    reader's; ``claims.labels.in_language``); other rows as they name
    themselves."""
    for field in ("name", "title"):
        if hasattr(obj, field):
            return in_language(obj, field, language)
    return str(obj)


class SlugChoiceField(filter_fields.ModelChoiceField):
    """A menu choice named by slug that refuses, as a form error, what no
    slug can be before it reaches the database. Choices read in the
    reader's language."""

    widget = LocalSelect

    def label_from_instance(self, obj, language: str | None = None):
        return local_name(obj, language)

    def to_python(self, value):
        if value not in self.empty_values and not could_be_slug(value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField


class DeadlineStatus:
    PASSED = "passed"
    UPCOMING = "upcoming"


class ClaimListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    rating = SlugChoiceFilter(
        label=_("Rating"),
        queryset=Rating.objects.order_by("scale__slug", "position"),
        to_field_name="slug",
        empty_label=_("Any rating"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[(kind.value, KIND_LABELS[kind]) for kind in ClaimKind],
        empty_label=_("Any kind"),
        widget=LocalSelect,
    )
    # Only speakers and articles with a public claim: a draft's new speaker
    # or article must not show up in the list (or its cached copy).
    speaker = SlugChoiceFilter(
        label=_("Speaker"),
        queryset=selectors.speaker_list_public().order_by("name"),
        to_field_name="slug",
        empty_label=_("Any speaker"),
    )
    article = SlugChoiceFilter(
        label=_("Article"),
        queryset=selectors.article_list_public().order_by("-published_on", "title"),
        to_field_name="slug",
        empty_label=_("Any article"),
    )
    # Likewise only topics of a public claim: a topic used only by drafts
    # is neither listed nor accepted (the same error as an unknown one).
    topic = SlugChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.filter(
            Exists(Claim.objects.public().filter(topics=OuterRef("pk")))
        ).order_by("name"),
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
        widget=LocalSelect,
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
        widget=LocalSelect,
    )

    class Meta:
        model = Claim
        fields = ["q", "rating", "kind", "speaker", "article", "topic", "deadline"]

    # The speaker and article menus list the 100 speakers quoted most often
    # in the latest public claims (by name) and the 100 most recent articles
    # with a public claim, and the one chosen: thousands of options made the
    # list page heavy (a 500-speaker menu was 60% of its bytes), and both are
    # read from indexes, whatever the number of claims. Any speaker or
    # article with a public claim is still accepted, and its page links to
    # the list filtered by it.
    SPEAKER_CHOICES = 100
    ARTICLE_CHOICES = 100
    # How many of the latest public claims (by rating date) the speaker menu
    # counts quotes in.
    SPEAKER_WINDOW = 5000

    @property
    def form(self):
        # Built on first use only: the list page needs it only for a query
        # to check or a filter form to render (it is mostly cached).
        if not hasattr(self, "_form"):
            form = super().form
            self._choices_limit(form, "speaker", self._speakers_most_claimed)
            self._choices_limit(form, "article", self._articles_most_recent)
            # The short menus list every row, read once as well (a model
            # menu's widget reads its queryset again on each pass).
            self._choices_limit(form, "rating", list)
            self._choices_limit(form, "topic", self._topics)
        return self._form

    def _speakers_most_claimed(self, queryset: QuerySet) -> list:
        # Counted by the database over the window read from the list's
        # index, and the top speakers read in the same query. Each has a
        # public claim (the window holds public claims only): the menu's own
        # test of that, once per speaker, is not repeated.
        latest = (
            Claim.objects.public()
            .order_by(*self.ORDERINGS["recent"])
            .values("speaker_id")[: self.SPEAKER_WINDOW]
        )
        sql, params = latest.query.sql_with_params()
        # ``sql`` is Django's compiled query; every value is a parameter.
        top = RawSQL(  # noqa: S611
            f"SELECT speaker_id FROM ({sql}) latest GROUP BY speaker_id "  # noqa: S608
            "ORDER BY count(*) DESC, speaker_id LIMIT %s",
            [*params, self.SPEAKER_CHOICES],
        )
        speakers = queryset.model._default_manager.filter(pk__in=top)
        rows = _menu_rows(speakers, "slug", "name", "name_en")
        return sorted(rows, key=lambda speaker: speaker.name)

    def _articles_most_recent(self, queryset: QuerySet) -> list:
        menu = queryset[: self.ARTICLE_CHOICES]
        return _menu_rows(menu, "slug", "title", "title_en", "language")

    @staticmethod
    def _topics(queryset: QuerySet) -> list:
        return _menu_rows(queryset, "slug", "name", "name_en")

    def _choices_limit(self, form, name: str, top) -> None:
        field = form.fields[name]
        chosen = self.data.get(name) if self.data else None

        @functools.cache
        def choices() -> list[tuple[str, str]]:
            # Queried only when the form is rendered, and once: the widget
            # reads its choices more than once.
            items = top(field.queryset)
            if (
                chosen
                and could_be_slug(chosen)
                and all(item.slug != chosen for item in items)
            ):
                items += list(field.queryset.filter(slug=chosen)[:1])
            language = language_code()
            return [("", field.empty_label)] + [
                (item.slug, field.label_from_instance(item, language)) for item in items
            ]

        field.widget.choices = choices
        field.widget.menu = choices

    ORDERINGS = {
        "recent": (F("rated_at").desc(nulls_last=True), "-pk"),
        "newest": (F("claimed_on").desc(nulls_last=True), "-pk"),
        "oldest": (F("claimed_on").asc(nulls_last=True), "pk"),
        "deadline": (F("due_end").asc(nulls_last=True), "pk"),
        "rating": ("rating__scale__slug", "rating__position", "pk"),
    }

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.claim_search(queryset=queryset, query=value)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # The search last: it ranks a bounded number of matches
        # (``claim_search``), which the other filters must narrow first.
        values = sorted(self.form.cleaned_data.items(), key=lambda item: item[0] == "q")
        for name, value in values:
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_deadline(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == DeadlineStatus.PASSED:
            return queryset.deadline_passed()
        if value == DeadlineStatus.UPCOMING:
            return queryset.deadline_upcoming()
        return queryset

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*self.ORDERINGS.get(value, self.ORDERINGS["recent"]))

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        # The sort filter runs only when given; the default order is the
        # best match first for a search, else "recent".
        if not (self.is_bound and self.form.cleaned_data.get("sort")):
            best_first = (
                (F("search_rank").desc(),)
                if "search_rank" in queryset.query.annotations
                else ()
            )
            queryset = queryset.order_by(*best_first, *self.ORDERINGS["recent"])
        return queryset


# --- Which query strings a cached page may be stored under ---------------------
# The whole-page cache (reader/middleware.py) keys a page on these parameters
# only; any other is ignored. Values that no valid request carries are never
# stored (the page is rendered, not cached).

SLUG = re.compile(r"^[-\w]{1,255}$")
PAGE_NUMBER = re.compile(r"^[0-9]{1,5}$")
# A search longer than this is still run, but its page is not cached.
CACHED_SEARCH_MAX_LENGTH = 100


def _choice_values(name: str) -> set[str]:
    return {
        str(value)
        for value, _label in ClaimListFilter.base_filters[name].extra["choices"]
    }


def query_value_plausible(name: str, value: str) -> bool:
    """Whether ``value`` is one a reader's own click could send for ``name``."""
    if value == "":
        return True
    if name in ("speaker", "article", "topic", "rating"):
        return bool(SLUG.match(value))
    if name in ("kind", "deadline", "sort"):
        return value in _choice_values(name)
    if name == "q":
        return len(value) <= CACHED_SEARCH_MAX_LENGTH and "\x00" not in value
    if name in ("page", "p"):
        return bool(PAGE_NUMBER.match(value))
    return False


# The claim list reads its filters and the page number.
LIST_PARAMETERS = (*ClaimListFilter.base_filters, "page")
# Every parameter any reader page reads (the sitemap's page is "p").
QUERY_PARAMETERS = frozenset((*LIST_PARAMETERS, "p"))
