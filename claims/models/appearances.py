"""Further articles in which a tracked claim was repeated."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import CleanTextModel
from .catalogue import Article
from .claim import Claim


class Appearance(CleanTextModel):
    """A further article in which a tracked claim was repeated."""

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="appearances"
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="appearances",
        verbose_name=_("article"),
    )
    position = models.PositiveIntegerField(_("position in article"), default=0)
    quote = models.TextField(_("quote"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article__published_on", "pk"]
        verbose_name = _("further appearance")
        verbose_name_plural = _("further appearances")
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "article"],
                name="appearance_once_per_article",
                violation_error_message=_(
                    "This claim is already recorded in that article."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} @ {self.article}"
