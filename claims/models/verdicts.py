"""Other fact-checkers' verdicts: the review a claim was imported from, and
the crosswalk from their verdict labels to this tracker's ratings."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import CleanTextModel, validate_language_tag, validate_public_url
from .claim import Claim
from .ratings import Rating

VERDICT_LABEL_MAX_LENGTH = 300


@cache
def _simplified():
    import opencc  # loaded on first use: its dictionaries take a moment

    return opencc.OpenCC("t2s")


def verdict_key(label: str) -> str:
    """``label`` as the crosswalk looks it up: case folded, accents and
    trailing punctuation dropped, hyphens and underscores read as spaces,
    Traditional Chinese as Simplified ("Manque de Contexte!" and "manque de
    contexte" are one key, so are "錯誤" and "错误").
    """
    text = _without_accents(unicodedata.normalize("NFKC", label).casefold())
    if any("\u3400" <= char <= "\u9fff" for char in text):
        text = _simplified().convert(text)
    text = re.sub(r"[-_\s]+", " ", text).strip()
    return text.strip(" .!?;:,。！？；：，")


def _without_accents(text: str) -> str:
    """``text`` without the accents on Latin letters ("engañoso" is
    "enganoso"); marks in other scripts (Sinhala, Devanagari vowel signs)
    are part of the letter and stay."""
    kept: list[str] = []
    latin = False
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char):
            if latin:
                continue
        else:
            latin = "LATIN" in unicodedata.name(char, "")
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


class VerdictLabel(CleanTextModel):
    """One verdict label another fact-checker uses, and the rating it means here.

    An imported review whose label has no rating here waits as a draft with
    an open flag; the label is added with an empty rating for an editor to
    map, who then applies it to the waiting claims.
    """

    label = models.CharField(
        _("verdict label"),
        max_length=VERDICT_LABEL_MAX_LENGTH,
        help_text=_("As fact-checkers write it, e.g. Faux, Engañoso, 錯誤."),
    )
    key = models.CharField(
        _("lookup key"),
        max_length=VERDICT_LABEL_MAX_LENGTH,
        unique=True,
        editable=False,
        help_text=_(
            "The label without case, accents or punctuation, in Simplified "
            "Chinese: set on save."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=35,
        blank=True,
        validators=[validate_language_tag],
        help_text=_("A BCP 47 language tag, e.g. zh-hans, en, fr, pt-br."),
    )
    rating = models.ForeignKey(
        Rating,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdict_labels",
        verbose_name=_("rating"),
        help_text=_("Empty: not mapped yet; claims with this label wait."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("verdict label")
        verbose_name_plural = _("verdict crosswalk")

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        self.key = verdict_key(self.label)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.key = verdict_key(self.label or "")
        other = VerdictLabel.objects.filter(key=self.key).exclude(pk=self.pk).first()
        if self.key and other is not None:
            raise ValidationError(
                {
                    "label": _(
                        "“%(label)s” reads the same as “%(other)s”, which is "
                        "already in the crosswalk: change that row instead."
                    )
                    % {"label": self.label, "other": other.label}
                }
            )


class ExternalReview(CleanTextModel):
    """The ClaimReview a claim was imported from, as its publisher wrote it.

    Exported again as it came: its reviewer as the review's author, its
    address, date and verdict; this site is the publisher of the copy.
    """

    claim = models.OneToOneField(
        Claim,
        on_delete=models.CASCADE,
        related_name="external_review",
        verbose_name=_("claim"),
    )
    reviewer_name = models.CharField(_("fact-checker"), max_length=200)
    reviewer_url = models.URLField(
        _("fact-checker's site"),
        max_length=2000,
        blank=True,
        validators=[validate_public_url],
    )
    review_url = models.URLField(
        _("review URL"), max_length=2000, blank=True, validators=[validate_public_url]
    )
    reviewed_on = models.DateField(
        _("review date"),
        null=True,
        blank=True,
        help_text=_("The date the fact-checker published, as it wrote it."),
    )
    verdict_label = models.CharField(
        _("verdict label"), max_length=VERDICT_LABEL_MAX_LENGTH, blank=True
    )
    verdict_key = models.CharField(
        _("lookup key"), max_length=VERDICT_LABEL_MAX_LENGTH, blank=True, db_index=True
    )
    rating_value = models.FloatField(_("rating value"), null=True, blank=True)
    best_rating = models.FloatField(_("best rating"), null=True, blank=True)
    worst_rating = models.FloatField(_("worst rating"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("original review")
        verbose_name_plural = _("original reviews")

    def __str__(self) -> str:
        return f"{self.reviewer_name}: {self.verdict_label}"

    def save(self, *args, **kwargs) -> None:
        self.verdict_key = verdict_key(self.verdict_label)
        super().save(*args, **kwargs)
