"""What happened to a public claim that people following it are told about.

A ``PublicEvent`` row is written by the claim services in the same
transaction as the change it reports (an outbox): a rolled-back change
leaves no event, and a committed one is never lost, even when the broker is
down at the time. After the commit the ``claims.tasks.events_dispatch_batch``
task hands each event to the consumers named in ``settings.PUBLIC_EVENT_CONSUMERS``
(mail subscriptions, webhooks); each consumer records its own deliveries,
once per recipient, so dispatching an event twice sends nothing twice.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import PublicEventKind
from .claim import Claim


class PublicEvent(models.Model):
    """One reader-visible change to one public claim (see the module)."""

    kind = models.CharField(_("event"), max_length=32, choices=PublicEventKind.choices)
    claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="public_events",
        verbose_name=_("claim"),
    )
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    # Ids of the rows that tell the details (rating change, appearance, flag).
    data = models.JSONField(_("details"), default=dict, blank=True)
    dispatched_at = models.DateTimeField(
        _("handed to consumers at"), null=True, blank=True
    )
    # When a task to dispatch it was last queued: the sweep queues it again
    # only once that is long past (claims.services.events).
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = _("public event")
        verbose_name_plural = _("public events")
        indexes = [
            models.Index(fields=["claim", "occurred_at"], name="event_claim_time"),
            models.Index(
                fields=["occurred_at"],
                condition=Q(dispatched_at__isnull=True),
                name="event_undispatched",
            ),
        ]

    def __str__(self) -> str:
        when = f"{self.occurred_at:%Y-%m-%d %H:%M}"
        return f"{self.get_kind_display()}: {self.claim_id} ({when})"
