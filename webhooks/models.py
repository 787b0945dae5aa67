"""Webhook endpoints, the deliveries of public events to them, and each
attempt to deliver (README "Webhooks").

An endpoint belongs to one account, which sees and manages only its own. A
delivery is one event for one endpoint (a unique constraint: an event handed
over twice is delivered once); its body is written when the event is handed
over and sent unchanged by every attempt and replay, each under a fresh
timestamp and signature.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import PublicEvent, PublicEventKind, validate_public_url

SECRET_PREFIX = "whsec_"  # noqa: S105 (a label, not a secret)


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_hex(32)


def validate_event_kinds(value: object) -> None:
    """A non-empty list of public event kinds, each once."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one event."), code="required")
    unknown = [kind for kind in value if kind not in PublicEventKind.values]
    if unknown:
        raise ValidationError(
            _("Unknown events: %(kinds)s. Choose from: %(choices)s.")
            % {
                "kinds": ", ".join(map(str, unknown)),
                "choices": ", ".join(PublicEventKind.values),
            },
            code="invalid_choice",
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each event may be chosen once."), code="duplicate")


class WebhookEndpoint(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("owner"),
    )
    url = models.URLField(
        _("URL"),
        max_length=2000,
        validators=[validate_public_url],
        help_text=_(
            "Where the events are posted: a public http or https address on "
            "port 80 or 443 (no private, loopback or link-local address)."
        ),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(
        _("events"),
        default=list,
        validators=[validate_event_kinds],
        help_text=_("The kinds of public event posted to this URL."),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active endpoints receive deliveries."),
    )
    secret = models.CharField(
        _("signing secret"), max_length=80, default=new_secret, editable=False
    )
    previous_secret = models.CharField(
        _("previous signing secret"), max_length=80, blank=True, editable=False
    )
    previous_secret_expires_at = models.DateTimeField(
        _("previous secret valid until"), null=True, blank=True, editable=False
    )
    consecutive_failures = models.PositiveIntegerField(
        _("consecutive failed attempts"), default=0, editable=False
    )
    disabled_at = models.DateTimeField(
        _("disabled at"), null=True, blank=True, editable=False
    )
    disabled_reason = models.TextField(
        _("why it was disabled"),
        blank=True,
        help_text=_("The error of the last failed attempt."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        indexes = [models.Index(fields=["owner", "id"], name="webhook_owner")]

    def __str__(self) -> str:
        return self.url

    def signing_secrets(self, now=None) -> list[str]:
        """The secrets each delivery is signed with: the current one, and the
        previous one until its grace period ends."""
        now = now or timezone.now()
        found = [self.secret]
        if (
            self.previous_secret
            and self.previous_secret_expires_at is not None
            and self.previous_secret_expires_at > now
        ):
            found.append(self.previous_secret)
        return found

    def subscribes_to(self, kind: str) -> bool:
        return kind in (self.events or [])


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    event = models.ForeignKey(
        PublicEvent,
        on_delete=models.CASCADE,
        related_name="webhook_deliveries",
        verbose_name=_("event"),
    )
    kind = models.CharField(_("event"), max_length=32, choices=PublicEventKind.choices)
    # The JSON body exactly as signed and sent.
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempt_count = models.PositiveIntegerField(_("attempts"), default=0)
    # When the next attempt is due; while one runs, when its lease ends.
    next_attempt_at = models.DateTimeField(
        _("next attempt at"), null=True, blank=True, default=timezone.now
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(
        _("last HTTP status"), null=True, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "endpoint"], name="webhook_delivery_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="webhook_delivery_due",
            ),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_log"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.endpoint_id} ({self.status})"


class WebhookAttempt(models.Model):
    """One POST of a delivery, as the receiver answered it."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("delivery"),
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    status_code = models.PositiveIntegerField(_("HTTP status"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    replay = models.BooleanField(_("replay"), default=False)
    response_excerpt = models.TextField(_("response excerpt"), blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"{self.delivery_id} @ {self.started_at:%Y-%m-%d %H:%M:%S}"
