"""The rating scales, their ratings, and the reason codes of failed claims."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .base import CleanTextModel
from .choices import ClaimKind


class RatingScale(models.Model):
    """A family of ratings with a common numeric range, e.g. veracity."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    best_value = models.IntegerField(_("best value"))
    worst_value = models.IntegerField(_("worst value"))

    class Meta:
        ordering = ["slug"]
        verbose_name = _("rating scale")
        verbose_name_plural = _("rating scales")
        constraints = [
            models.CheckConstraint(
                condition=Q(best_value__gt=F("worst_value")),
                name="rating_scale_best_above_worst",
                violation_error_message=_(
                    "The best value must be greater than the worst value."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name_en


class Rating(models.Model):
    """One rating of a scale: a label in both languages, a colour and a value."""

    scale = models.ForeignKey(
        RatingScale, on_delete=models.PROTECT, related_name="ratings"
    )
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    label_en = models.CharField(_("English label"), max_length=60)
    label_zh = models.CharField(_("Chinese label"), max_length=60)
    description_en = models.CharField(
        _("English description"), max_length=300, blank=True
    )
    description_zh = models.CharField(
        _("Chinese description"), max_length=300, blank=True
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        help_text=_("Badge colour as #rrggbb; white text must be readable on it."),
    )
    value = models.IntegerField(
        _("numeric value"),
        null=True,
        blank=True,
        help_text=_("ClaimReview ratingValue; empty for ratings without a verdict."),
    )
    applies_to = models.JSONField(
        _("applies to kinds"),
        default=list,
        help_text=_("The claim kinds this rating may be given to."),
    )
    is_final = models.BooleanField(
        _("final"),
        default=True,
        help_text=_(
            "A final rating settles the claim; a prediction still carrying a "
            "non-final rating after its deadline is flagged for review."
        ),
    )
    requires_reason_code = models.BooleanField(
        _("requires a reason code"),
        default=False,
        help_text=_(
            "Claims with this rating must say why in a reason code, e.g. "
            "“not delivered” for a broken promise."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["scale", "position"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"),
                name="rating_colour_is_hex",
                violation_error_message=_("Colour must look like #1a7f37."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the active language."""
        from claims.labels import in_language  # claims.labels imports the models

        return in_language(self, "label").text

    def clean(self) -> None:
        invalid = [k for k in self.applies_to or [] if k not in ClaimKind.values]
        if not isinstance(self.applies_to, list) or invalid:
            raise ValidationError(
                {
                    "applies_to": _("Give a list of claim kinds from: %(kinds)s.")
                    % {"kinds": ", ".join(ClaimKind.values)}
                }
            )
        if self.value is not None and self.scale_id is not None:
            scale = self.scale
            if not scale.worst_value <= self.value <= scale.best_value:
                raise ValidationError(
                    {
                        "value": _("The value must lie between %(worst)s and %(best)s.")
                        % {"worst": scale.worst_value, "best": scale.best_value}
                    }
                )

    def applies_to_kind(self, kind: str) -> bool:
        return kind in (self.applies_to or [])


class ReasonCode(CleanTextModel):
    """Why a claim failed: a short, admin-editable list (not delivered, ...)."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    label_en = models.CharField(_("English label"), max_length=60)
    label_zh = models.CharField(_("Chinese label"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive codes stay on the claims that have them."),
    )

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("reason code")
        verbose_name_plural = _("reason codes")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the active language."""
        from claims.labels import in_language  # claims.labels imports the models

        return in_language(self, "label").text


class RatingTally(models.Model):
    """How many public claims carry a rating, for the home page's standing
    by rating: counting every public claim there was a scan of them all.

    Kept by the database itself on every write to the claims table (triggers
    made by migration 0020: claims inserted or deleted, a state or rating
    changed), whoever writes; never written by the project's code.
    """

    rating = models.OneToOneField(
        Rating,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("rating"),
    )
    public_claims = models.BigIntegerField(_("public claims"), default=0)

    class Meta:
        verbose_name = _("rating tally")
        verbose_name_plural = _("rating tallies")

    def __str__(self) -> str:
        return f"{self.rating}: {self.public_claims}"
