"""Search: the claims that match a reader's words, best first, and the
passages that show why.

One function for the reader list, the API list and the admin's search box:
``claim_search`` narrows any claim queryset (the caller's visibility rule
stays: readers start from ``claim_list_public``) and annotates
``search_rank``. How text is folded and segmented is ``claims.search.text``;
the SQL of each database is ``claims.search.backends``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet

from claims.models import SEARCH_FIELDS, Claim, Language, SearchField
from claims.search.backends import search_backend
from claims.search.text import HAN_RE, highlight, query_terms

CHINESE = Language.CHINESE.value
ENGLISH = Language.ENGLISH.value

# How many passages a search result shows at most.
HIGHLIGHTS_PER_CLAIM = 3


def search_results_max() -> int:
    """How many matches a reader's search ranks at most
    (``settings.SEARCH_RESULTS_MAX``)."""
    return settings.SEARCH_RESULTS_MAX


def claim_search(
    *, queryset: QuerySet[Claim], query: str, bounded: bool = True
) -> QuerySet[Claim]:
    """The claims of ``queryset`` that match every word of ``query``, with
    ``search_rank`` (higher is better: a match in the claim itself counts
    more than one in its analysis). An empty query changes nothing; a query
    with no word in it (only punctuation) matches nothing.

    ``bounded`` (readers' lists): at most ``search_results_max()`` matches,
    the first the index gives, are ranked and listed, so a word found in a
    tenth of an archive costs what a narrow search costs (ranking reads each
    match's whole document). ``queryset`` is then the list with its other
    filters already applied: they narrow the matches before the bound.
    Unbounded (the admin's search box), every match."""
    if not query.strip():
        return queryset
    terms = query_terms(query)
    if not terms:
        return queryset.none()
    backend = search_backend()
    if not bounded:
        return backend.search(queryset, terms)
    # The ids first, in a query of their own: the list then reads these
    # claims by primary key, whatever the planner guesses of the matches.
    ids = backend.first_matches(queryset, terms, search_results_max())
    return backend.rank(backend.among(queryset, ids), terms)


def _path_kind(model: type[models.Model], path: str) -> tuple[bool, bool]:
    """Whether ``path`` names a field from ``model`` (a migration's models may
    predate a field added later), and whether it reads several rows."""
    many = False
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False, many
        many = many or bool(field.one_to_many or field.many_to_many)
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return True, many


def claim_search_texts(
    *, ids: Iterable[int], model: type[models.Model] = Claim
) -> dict[int, list[tuple[SearchField, str]]]:
    """The text of each ``SEARCH_FIELDS`` field of these claims (several for
    evidence), in that order; one query for the claim's own fields and one
    per relation with several rows."""
    ids = list(ids)
    single: list[SearchField] = []
    several: dict[str, list[SearchField]] = defaultdict(list)
    for search_field in SEARCH_FIELDS:
        found, many = _path_kind(model, search_field.path)
        if found and many:
            several[search_field.path.split("__")[0]].append(search_field)
        elif found:
            single.append(search_field)
    texts: dict[int, list[tuple[SearchField, str]]] = defaultdict(list)
    claims = model._default_manager.filter(pk__in=ids).order_by()
    for row in claims.values("pk", *(field.path for field in single)):
        texts[row["pk"]].extend((field, row[field.path] or "") for field in single)
    for fields in several.values():
        for pk, *values in claims.values_list("pk", *(field.path for field in fields)):
            texts[pk].extend(
                (field, value)
                for field, value in zip(fields, values, strict=True)
                if value
            )
    return texts


@dataclass(frozen=True)
class Highlight:
    """A passage of a claim's field where the query matched: ``html`` is the
    passage escaped, each match in ``<mark>``."""

    field: str  # e.g. "text", "speaker.name", "evidence.title"
    html: str
    language: str  # "zh-hans" when the passage holds Chinese, else "en"


def claim_highlights(*, ids: Iterable[int], query: str) -> dict[int, list[Highlight]]:
    """For each claim, the passages where ``query`` matches, the claim's own
    text first (at most ``HIGHLIGHTS_PER_CLAIM``); two or three queries."""
    terms = query_terms(query) if query.strip() else []
    if not terms:
        return {}
    found: dict[int, list[Highlight]] = {}
    for pk, texts in claim_search_texts(ids=ids).items():
        passages = []
        for search_field, text in texts:
            marked = highlight(text, terms)
            if marked is not None:
                field = search_field.path.replace("__", ".")
                language = CHINESE if HAN_RE.search(marked) else ENGLISH
                passages.append(Highlight(field=field, html=marked, language=language))
            if len(passages) == HIGHLIGHTS_PER_CLAIM:
                break
        found[pk] = passages
    return found
