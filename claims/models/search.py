"""The search index: one document per claim, its text as search tokens.

``SEARCH_FIELDS`` says what is searched and how much a match there counts:
weight A (the claim itself) ranks above B (quote, speaker), C (article,
verdict) and D (analysis, evidence). Adding a field to search is one line
here, then ``manage.py rebuild_search_index``.

The document holds each weight's text already folded and segmented
(``claims.search.text``). On PostgreSQL a ``tsvector`` column beside it,
with a GIN index, is computed from these columns on every write; on SQLite
triggers copy them into an FTS5 table (``claims_search_fts``). Both are made
by migration 0010 and written only by ``claims.services.search_index``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .claim import Claim

WEIGHTS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class SearchField:
    """A claim field to search, by its path from the claim (``speaker__name``
    follows the speaker; ``evidence__title`` reads every evidence item)."""

    path: str
    weight: str


SEARCH_FIELDS: tuple[SearchField, ...] = (
    SearchField("text", "A"),
    SearchField("text_en", "A"),
    SearchField("quote", "B"),
    SearchField("speaker__name", "B"),
    SearchField("speaker__name_en", "B"),
    SearchField("article__title", "C"),
    SearchField("article__title_en", "C"),
    SearchField("rating_explanation", "C"),
    SearchField("rating_explanation_en", "C"),
    SearchField("analysis", "D"),
    SearchField("analysis_en", "D"),
    SearchField("evidence__title", "D"),
    SearchField("evidence__title_en", "D"),
    SearchField("evidence__note", "D"),
    SearchField("evidence__note_en", "D"),
)


class ClaimSearchDocument(models.Model):
    """A claim's searchable text by weight, as space-separated tokens."""

    claim = models.OneToOneField(
        Claim,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("claim"),
    )
    words_a = models.TextField(blank=True)
    words_b = models.TextField(blank=True)
    words_c = models.TextField(blank=True)
    words_d = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return str(self.claim_id)
