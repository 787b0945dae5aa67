"""The review queue's flags, and the background workers' heartbeats."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import CleanTextModel
from .choices import FlagReason, FlagResolution, HeartbeatSource
from .claim import Claim
from .evidence import Evidence


class FlagQuerySet(models.QuerySet):
    def open(self) -> FlagQuerySet:
        return self.filter(resolved_at__isnull=True)


class Flag(CleanTextModel):
    """Why a claim needs an editor's look, and how that was settled."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason)
    evidence = models.ForeignKey(
        Evidence,
        on_delete=models.CASCADE,
        related_name="flags",
        null=True,
        blank=True,
    )
    raised_by = models.CharField(
        _("raised by"), max_length=150, help_text=_("A task name or a username.")
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    detail = models.JSONField(_("details"), default=dict, blank=True)

    resolution = models.CharField(
        _("resolution"), max_length=20, choices=FlagResolution, blank=True
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution_note = models.TextField(
        _("resolution note"), max_length=4000, blank=True
    )

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            # Two partial indexes rather than one: NULLs are distinct in a
            # unique index, so (claim, reason, NULL) would not collide.
            models.UniqueConstraint(
                fields=["claim", "reason"],
                condition=Q(resolved_at__isnull=True, evidence__isnull=True),
                name="flag_one_open_per_claim_reason",
                violation_error_message=_(
                    "This claim already has an open flag for this reason."
                ),
            ),
            models.UniqueConstraint(
                fields=["claim", "reason", "evidence"],
                condition=Q(resolved_at__isnull=True, evidence__isnull=False),
                name="flag_one_open_per_claim_reason_evidence",
                violation_error_message=_(
                    "This evidence already has an open flag for this reason."
                ),
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolution="")
                | Q(resolved_at__isnull=False) & ~Q(resolution=""),
                name="flag_resolution_with_resolved_at",
                violation_error_message=_(
                    "A resolved flag needs a resolution, and only a resolved one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.claim}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class Heartbeat(models.Model):
    """When beat last sent, or a worker last ran, the heartbeat task.

    Kept in the database so /healthz works without Redis.
    """

    source = models.CharField(_("source"), max_length=10, choices=HeartbeatSource)
    hostname = models.CharField(_("host name"), max_length=200)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "hostname"], name="heartbeat_one_per_host"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}@{self.hostname}"
