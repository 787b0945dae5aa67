"""The public record of a public claim's moved deadline."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import DuePrecision
from .claim import RATING_CHANGE_REASON_MAX_LENGTH, Claim


class DeadlineWindow(NamedTuple):
    """A claim's deadline: the window, its precision and the words it came
    from (named as the claim's fields, so the reader's deadline words read
    either)."""

    due_start: date | None
    due_end: date | None
    due_precision: str
    due_text: str

    @classmethod
    def of(cls, claim: Claim) -> DeadlineWindow:
        return cls(claim.due_start, claim.due_end, claim.due_precision, claim.due_text)


class DeadlineChange(models.Model):
    """A public claim's deadline before and after a change, and why.

    Written by the claim services whenever the deadline of a published or
    retracted claim changes (an edit, or a flag resolved as "deadline
    extended"); a change while the claim was a draft or in review is no
    public event. Read by the claim's public timeline and its feed.
    """

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="deadline_changes"
    )
    from_start = models.DateField(_("window start before"), null=True, blank=True)
    from_end = models.DateField(_("deadline before"), null=True, blank=True)
    from_precision = models.CharField(
        _("precision before"), max_length=10, choices=DuePrecision, blank=True
    )
    from_text = models.CharField(_("wording before"), max_length=200, blank=True)
    to_start = models.DateField(_("window start after"), null=True, blank=True)
    to_end = models.DateField(_("deadline after"), null=True, blank=True)
    to_precision = models.CharField(
        _("precision after"), max_length=10, choices=DuePrecision, blank=True
    )
    to_text = models.CharField(_("wording after"), max_length=200, blank=True)
    reason = models.TextField(
        _("public reason"), max_length=RATING_CHANGE_REASON_MAX_LENGTH, blank=True
    )
    reason_en = models.TextField(
        _("public reason (English)"),
        max_length=RATING_CHANGE_REASON_MAX_LENGTH,
        blank=True,
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("deadline change")
        verbose_name_plural = _("deadline changes")

    def __str__(self) -> str:
        return f"{self.from_end or '-'} → {self.to_end or '-'}: {self.claim}"

    @property
    def before(self) -> DeadlineWindow:
        return DeadlineWindow(
            self.from_start, self.from_end, self.from_precision, self.from_text
        )

    @property
    def after(self) -> DeadlineWindow:
        return DeadlineWindow(
            self.to_start, self.to_end, self.to_precision, self.to_text
        )
