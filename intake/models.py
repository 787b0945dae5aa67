"""An imported article and the candidate claims found in it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from claims.models import (
    Article,
    Claim,
    ClaimKind,
    DuePrecision,
    Language,
    Speaker,
)


class ArticleIntake(models.Model):
    """One article brought in by URL or pasted text, and its suggestions."""

    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="intakes",
        verbose_name=_("article"),
    )
    source_url = models.URLField(_("source URL"), max_length=2000, blank=True)
    text = models.TextField(_("text"))
    text_hash = models.CharField(
        _("text fingerprint"),
        max_length=64,
        unique=True,
        help_text=_("The same text imported again finds this intake."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=Language, default=Language.CHINESE
    )
    written_on = models.DateField(
        _("article date"),
        help_text=_("Relative deadlines (明年, next year) count from this day."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("article intake")
        verbose_name_plural = _("article intakes")

    def __str__(self) -> str:
        return str(self.article)


class CandidateStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted as a draft claim")
    MERGED = "merged", _("Recorded as an appearance")
    REJECTED = "rejected", _("Rejected")


class Candidate(models.Model):
    """A sentence that may carry a checkable claim, as the spotter scored it."""

    intake = models.ForeignKey(
        ArticleIntake, on_delete=models.CASCADE, related_name="candidates"
    )
    sentence = models.TextField(
        _("sentence"),
        help_text=_("The quote: the sentence, or the clause of it, in its words."),
    )
    text = models.TextField(
        _("claim wording"),
        blank=True,
        help_text=_(
            "For a clause of a longer sentence: the clause with the sentence's "
            "speaker and subject carried over. Empty: the sentence itself."
        ),
    )
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recognised speaker"),
        help_text=_("The known speaker the claim is attributed to."),
    )
    speaker_name = models.CharField(
        _("proposed speaker"),
        max_length=200,
        blank=True,
        help_text=_(
            "The name in the reporting verb (X称, X said, according to X) when no "
            "known speaker matches it."
        ),
    )
    own_voice = models.BooleanField(
        _("in the article's own voice"),
        default=False,
        help_text=_(
            "No reporting verb, or an unnamed source: the statement is the "
            "article's author's, not of a name it mentions."
        ),
    )
    position = models.PositiveIntegerField(_("position in article"))
    kind = models.CharField(_("suggested kind"), max_length=20, choices=ClaimKind)
    score = models.FloatField(_("check-worthiness"))
    spans = models.JSONField(
        _("spans"),
        default=list,
        blank=True,
        help_text=_("What made it a candidate: start, end, label, text."),
    )
    due_start = models.DateField(_("deadline window start"), null=True, blank=True)
    due_end = models.DateField(_("deadline"), null=True, blank=True)
    due_precision = models.CharField(
        _("deadline precision"), max_length=10, choices=DuePrecision, blank=True
    )
    due_text = models.CharField(_("deadline wording"), max_length=200, blank=True)
    similar_claim = models.ForeignKey(
        Claim,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("similar tracked claim"),
    )
    similarity = models.FloatField(_("similarity"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CandidateStatus,
        default=CandidateStatus.OPEN,
        db_index=True,
    )
    claim = models.ForeignKey(
        Claim,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resulting claim"),
        help_text=_("The draft claim made from it, or the claim it repeats."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["intake", "-score", "position"]
        verbose_name = _("candidate claim")
        verbose_name_plural = _("candidate claims")
        constraints = [
            models.UniqueConstraint(
                fields=["intake", "position"], name="candidate_once_per_position"
            ),
        ]

    def __str__(self) -> str:
        return self.sentence[:80]

    @property
    def claim_text(self) -> str:
        return self.text or self.sentence

    @property
    def is_open(self) -> bool:
        return self.status == CandidateStatus.OPEN

    @property
    def has_deadline(self) -> bool:
        return self.due_end is not None

    @property
    def deadline_passed(self) -> bool:
        """The deadline had already passed when the article was written."""
        return self.due_end is not None and self.due_end < self.intake.written_on
