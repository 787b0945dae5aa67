"""Who follows what, and the mails owed to them.

No address is stored before its owner confirms it: a ``FollowRequest``
holds only an HMAC of the address (to count and limit pending requests per
address) and expires. Confirming creates the ``Subscriber`` (the address and
the language of its mails) and a ``Subscription`` per target. Each public
event owes each subscriber following something it touches one ``Delivery``
(unique per event and subscriber), sent once: a sender claims the row
(``sending`` with a lease) before talking to the mail server and marks it
``sent`` after the server accepted the mail.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, PublicEvent, Speaker, Topic


class TargetKind(models.TextChoices):
    CLAIM = "claim", _("Claim")
    SPEAKER = "speaker", _("Speaker")
    TOPIC = "topic", _("Topic")
    SEARCH = "search", _("Search")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("A mail for each change")
    DAILY = "daily", _("A daily digest")


class MailLanguage(models.TextChoices):
    CHINESE = "zh-hans", "简体中文"
    ENGLISH = "en", "English"


class FollowRequest(models.Model):
    """A request to follow one target, waiting for its confirmation mail's
    link. Keyed by an HMAC of the address, never the address itself."""

    address_hash = models.CharField(_("address HMAC"), max_length=64)
    target_kind = models.CharField(_("follows a"), max_length=16, choices=TargetKind)
    target_value = models.CharField(_("target"), max_length=500)
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency)
    language = models.CharField(_("language"), max_length=8, choices=MailLanguage)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("pending follow request")
        verbose_name_plural = _("pending follow requests")
        constraints = [
            models.UniqueConstraint(
                fields=["address_hash", "target_kind", "target_value"],
                name="follow_request_once_per_target",
            )
        ]
        indexes = [models.Index(fields=["expires_at"], name="follow_request_expiry")]

    def __str__(self) -> str:
        return f"{self.target_kind}:{self.target_value} ({self.address_hash[:8]}…)"


class Subscriber(models.Model):
    """A confirmed address and the language its mails are written in.
    Deleted (with its subscriptions) once it follows nothing."""

    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=MailLanguage)
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return self.email


class Subscription(models.Model):
    """One followed target: a claim, a speaker, a topic (by row) or a
    search (the claim list's normalised query string)."""

    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("subscriber"),
    )
    target_kind = models.CharField(_("follows a"), max_length=16, choices=TargetKind)
    claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("claim"),
    )
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("speaker"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    query = models.CharField(_("search"), max_length=500, blank=True)
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency)
    created_at = models.DateTimeField(_("followed since"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(target_kind=TargetKind.CLAIM, claim__isnull=False)
                    | Q(target_kind=TargetKind.SPEAKER, speaker__isnull=False)
                    | Q(target_kind=TargetKind.TOPIC, topic__isnull=False)
                    | Q(target_kind=TargetKind.SEARCH) & ~Q(query="")
                ),
                name="subscription_has_its_target",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "claim"],
                condition=Q(claim__isnull=False),
                name="subscription_once_per_claim",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "speaker"],
                condition=Q(speaker__isnull=False),
                name="subscription_once_per_speaker",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "topic"],
                condition=Q(topic__isnull=False),
                name="subscription_once_per_topic",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "query"],
                condition=Q(target_kind="search"),
                name="subscription_once_per_search",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber_id}: {self.target_kind}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """The mail one event owes one subscriber (at most one: a unique
    constraint), on its own or in the daily digest."""

    event = models.ForeignKey(
        PublicEvent,
        on_delete=models.CASCADE,
        related_name="follow_deliveries",
        verbose_name=_("event"),
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscriber"),
    )
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=DeliveryState,
        default=DeliveryState.PENDING,
    )
    # A sender owns a ``sending`` row until then; past it, another may retry.
    lease_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    lease_token = models.CharField(_("lease"), max_length=32, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("mail delivery")
        verbose_name_plural = _("mail deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "subscriber"], name="delivery_once_per_subscriber"
            )
        ]
        indexes = [
            models.Index(
                fields=["frequency", "created_at"],
                condition=Q(state__in=["pending", "sending"]),
                name="delivery_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.subscriber_id} ({self.state})"
