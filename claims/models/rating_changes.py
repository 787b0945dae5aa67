"""The public record of a published claim's re-ratings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import RatingChangeKind
from .claim import RATING_CHANGE_REASON_MAX_LENGTH, Claim
from .ratings import Rating


class RatingChange(models.Model):
    """A published claim's new rating and the public reason for it.

    Written by ``claims.services.claims.claim_update`` whenever a published
    claim's rating changes (every interface re-rates through it); read by the
    claim timeline, the corrections page and the feeds.
    """

    REASON_MAX_LENGTH = RATING_CHANGE_REASON_MAX_LENGTH

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="rating_changes"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RatingChangeKind)
    from_rating = models.ForeignKey(
        Rating, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_rating = models.ForeignKey(
        Rating, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    reason = models.TextField(_("public reason"), max_length=REASON_MAX_LENGTH)
    reason_en = models.TextField(
        _("public reason (English)"), max_length=REASON_MAX_LENGTH, blank=True
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
        verbose_name = _("rating change")
        verbose_name_plural = _("rating changes")
        indexes = [models.Index(fields=["-changed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.claim}"
