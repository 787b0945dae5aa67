"""Filters, search, ordering and pagination of the claim list.

Every unknown value is a 400 that names it: a rating slug that does not
exist, a date that is not one, an ordering the list does not offer.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import BaseFilterBackend, OrderingFilter
from rest_framework.pagination import CursorPagination

from claims import selectors
from claims.models import Appearance, Article, ClaimKind, ClaimQuerySet, Rating


class NamedDateTimeField(forms.DateTimeField):
    """A date or date-time whose error message quotes the value it refused."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except DjangoValidationError as error:
            raise DjangoValidationError(
                _("“%(value)s” is not a date or date-time (use e.g. 2024-05-01)."),
                code="invalid",
                params={"value": value},
            ) from error


class NamedDateTimeFilter(filters.DateTimeFilter):
    field_class = NamedDateTimeField


def _user(request) -> User | AnonymousUser:
    """The client (anonymous while the schema is generated)."""
    return getattr(request, "user", None) or AnonymousUser()


def _unknown(what: str) -> dict[str, str]:
    return {"invalid_choice": _("Unknown %(what)s “%%(value)s”.") % {"what": what}}


class DeadlineState:
    PASSED = "passed"
    UPCOMING = "upcoming"
    NONE = "none"
    CHOICES = [
        (PASSED, _("the deadline has passed")),
        (UPCOMING, _("the deadline is today or later")),
        (NONE, _("no deadline")),
    ]


@extend_schema_field(OpenApiTypes.STR)
class RatingSlugFilter(filters.ModelMultipleChoiceFilter):
    """Ratings by slug (documented as strings: the slugs are admin-editable)."""


class ClaimFilter(filters.FilterSet):
    rating = RatingSlugFilter(
        queryset=Rating.objects.all(),
        field_name="rating__slug",
        to_field_name="slug",
        help_text=_("Rating slug (see /api/v1/ratings/); repeat for several."),
        error_messages={
            "invalid_choice": _("Unknown rating “%(value)s”."),
            "invalid_pk_value": _("Unknown rating “%(pk)s”."),
        },
    )
    kind = filters.MultipleChoiceFilter(
        choices=ClaimKind.choices,
        help_text=_("Claim kind; repeat for several."),
        error_messages=_unknown("kind"),
    )
    # What the client may name: for anonymous clients only speakers,
    # articles and topics of a public claim, so one used only by drafts is
    # as unknown as one that does not exist (the same 400).
    speaker = filters.ModelChoiceFilter(
        queryset=lambda request: selectors.speaker_list_visible(user=_user(request)),
        to_field_name="slug",
        help_text=_("Speaker slug."),
        error_messages=_unknown("speaker"),
    )
    article = filters.ModelChoiceFilter(
        queryset=lambda request: selectors.article_list_visible(user=_user(request)),
        to_field_name="slug",
        method="filter_article",
        help_text=_("Article slug: claims first made or repeated in it."),
        error_messages=_unknown("article"),
    )
    topic = filters.ModelChoiceFilter(
        queryset=lambda request: selectors.topic_list_visible(user=_user(request)),
        field_name="topics",
        to_field_name="slug",
        help_text=_("Topic slug."),
        error_messages=_unknown("topic"),
    )
    deadline = filters.ChoiceFilter(
        choices=DeadlineState.CHOICES,
        method="filter_deadline",
        help_text=_("passed, upcoming or none."),
        error_messages=_unknown("deadline state"),
    )
    updated_since = NamedDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_("Claims changed at or after this date or ISO 8601 date-time."),
    )
    state = filters.ChoiceFilter(
        choices=[
            ("draft", "draft"),
            ("in_review", "in_review"),
            ("published", "published"),
            ("retracted", "retracted"),
        ],
        method="filter_state",
        help_text=_(
            "Editorial state. Anonymous readers only ever get published and "
            "retracted claims."
        ),
        error_messages=_unknown("state"),
    )

    def filter_article(self, queryset: QuerySet, name: str, value: Article):
        if value is None:
            return queryset
        repeated = Appearance.objects.filter(claim=OuterRef("pk"), article=value)
        return queryset.filter(Q(article=value) | Exists(repeated))

    def filter_deadline(self, queryset: ClaimQuerySet, name: str, value: str):
        if value == DeadlineState.PASSED:
            return queryset.deadline_passed()
        if value == DeadlineState.UPCOMING:
            return queryset.deadline_upcoming()
        if value == DeadlineState.NONE:
            return queryset.without_deadline()
        return queryset

    def filter_state(self, queryset: QuerySet, name: str, value: str):
        # The visible queryset already hides unpublished claims from readers.
        return queryset.filter(state=value) if value else queryset


class ClaimFilterBackend(filters.DjangoFilterBackend):
    """django-filter's backend, which builds and checks the filter form only
    when the query names one of its filters: without one the list is the
    same, and most requests (the first page of every feed reader) name none.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            name in request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class ClaimSearchFilter(BaseFilterBackend):
    """``?search=``: the claims that match every word, best match first
    (``selectors.claim_search``; ``highlight`` shows where)."""

    search_param = "search"

    def filter_queryset(self, request, queryset, view):
        query = request.query_params.get(self.search_param, "")
        return selectors.claim_search(queryset=queryset, query=query)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.search_param,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "Words to find, in Chinese or English, in any order: all "
                        "must match (claim, English rendering, quote, speaker, "
                        "article title, explanation, analysis, evidence). "
                        "Traditional characters find Simplified ones; 一千二百 "
                        "finds 1200. Best match first unless ordering is given; "
                        "each item's highlight shows where the words matched."
                    )
                ),
                "schema": {"type": "string"},
            }
        ]


class StrictOrderingFilter(OrderingFilter):
    """Ordering that refuses unknown fields instead of ignoring them.

    Without an ordering asked for, a search lists the best match first.
    """

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if not params:
            if "search_rank" in queryset.query.annotations:
                return ["-search_rank"]
            return self.get_default_ordering(view)
        fields = [param.strip() for param in params.split(",") if param.strip()]
        allowed = {name for name, _label in self.get_valid_fields(queryset, view)}
        unknown = [field for field in fields if field.lstrip("-") not in allowed]
        if unknown or len(fields) != 1:
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Unknown ordering “%(value)s”; use one of: %(allowed)s.")
                        % {
                            "value": params,
                            "allowed": ", ".join(
                                sorted(allowed | {f"-{name}" for name in allowed})
                            ),
                        }
                    ]
                }
            )
        return fields

    def get_schema_operation_parameters(self, view):
        allowed = sorted(name for name in getattr(view, "ordering_fields", []))
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": str(
                    _("Sort by this field; a leading minus sorts descending.")
                ),
                "schema": {
                    "type": "string",
                    "enum": [*allowed, *(f"-{name}" for name in allowed)],
                },
            }
        ]


class TiebreakCursorPagination(CursorPagination):
    """Cursor pagination whose order is total: ties broken by primary key.

    The cursor position is the first ordering field, so only fields that are
    never empty may be offered for ordering.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_cursor_message = _("Invalid cursor: use the next or previous link.")

    def get_paginated_response_schema(self, schema: dict) -> dict:
        """DRF's page schema in OpenAPI 3.1's words: the links are strings or
        null (3.1 has no ``nullable``; validators ignore it)."""
        page = super().get_paginated_response_schema(schema)
        for name in ("next", "previous"):
            link = page["properties"][name]
            link.pop("nullable", None)
            link["type"] = ["string", "null"]
            link["example"] = link["example"].rstrip('"')
        return page

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view))
        if not any(field.lstrip("-") in ("pk", "id") for field in ordering):
            descending = ordering[0].startswith("-")
            ordering.append("-pk" if descending else "pk")
        return tuple(ordering)

    def paginate_queryset(self, queryset, request, view=None):
        self._model = getattr(queryset, "model", None)
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
            if cursor is not None and cursor.position is not None:
                self._check_position(cursor.position)
            return cursor
        except NotFound as error:
            raise ValidationError(
                {self.cursor_query_param: [str(error.detail)]}
            ) from error

    def _check_position(self, position: str) -> None:
        """A cursor's position must be a value of the first ordering field:
        a crafted one (NUL characters, text for a number or a date) would
        otherwise fail in the database, as a server error."""
        if "\x00" in position:
            raise NotFound(self.invalid_cursor_message)
        name = self.ordering[0].lstrip("-")
        model = getattr(self, "_model", None)
        if model is None or "__" in name:
            return
        try:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
            field.run_validators(field.to_python(position))
        except FieldDoesNotExist:
            return
        except (DjangoValidationError, TypeError, ValueError, OverflowError):
            raise NotFound(self.invalid_cursor_message) from None


class ClaimReviewPagination(TiebreakCursorPagination):
    """The ClaimReview export, in id order; its pages are streamed, so an
    aggregator may ask for larger ones."""

    ordering = "pk"
    max_page_size = 1000


class NamePagination(TiebreakCursorPagination):
    ordering = "slug"
