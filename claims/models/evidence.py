"""The sources a claim relies on, the health of their links, and snapshots
of their text."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import TimestampedModel, validate_public_url
from .choices import Language, LinkHealth, Stance
from .claim import Claim

# The link checker's record of a source besides its verdict (``health``):
# the checker rewrites them on every check, so the history leaves them
# out (a history row per check would bury the editors' changes).
LINK_HEALTH_FIELDS = (
    "http_status",
    "final_url",
    "etag",
    "last_modified",
    "content_hash",
    "consecutive_failures",
    "first_failed_at",
    "health_detail",
    "last_checked_at",
    "next_check_at",
)


class Evidence(TimestampedModel):
    """A source an editor relies on, and the health of its link."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(
        _("URL"),
        max_length=2000,
        blank=True,
        validators=[validate_public_url],
        help_text=_("Empty when the source has no web address."),
    )
    title = models.CharField(
        _("title"),
        max_length=500,
        help_text=_("As the source gives it, in the source's language."),
    )
    title_en = models.CharField(
        _("English title"),
        max_length=500,
        blank=True,
        help_text=_("For English readers, when the source is not in English."),
    )
    language = models.CharField(
        _("language of the source"),
        max_length=10,
        choices=Language,
        default=Language.CHINESE,
    )
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    publisher_en = models.CharField(
        _("English publisher name"), max_length=200, blank=True
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    date_text = models.CharField(
        _("date as given"),
        max_length=100,
        blank=True,
        help_text=_("The source's date when it is not an exact day, e.g. 2023-08."),
    )
    note = models.TextField(
        _("note"), max_length=5000, blank=True, help_text=_("In Chinese.")
    )
    note_en = models.TextField(_("note (English)"), max_length=5000, blank=True)
    stance = models.CharField(
        _("stance"), max_length=10, choices=Stance, default=Stance.SUPPORTS
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    health = models.CharField(
        _("link health"),
        max_length=10,
        choices=LinkHealth,
        default=LinkHealth.UNCHECKED,
        db_index=True,
    )
    http_status = models.PositiveSmallIntegerField(
        _("HTTP status"), null=True, blank=True
    )
    final_url = models.URLField(max_length=2000, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    consecutive_failures = models.PositiveSmallIntegerField(default=0)
    first_failed_at = models.DateTimeField(null=True, blank=True)
    health_detail = models.CharField(max_length=500, blank=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    # When the scheduler next takes the link (``services.evidence_schedule``):
    # due at once when added, then on the link's own slot of the check
    # interval. None: not scheduled (no address, blocked, or its claim is
    # neither published nor in review).
    next_check_at = models.DateTimeField(null=True, blank=True, default=timezone.now)

    history = HistoricalRecords(excluded_fields=["updated_at", *LINK_HEALTH_FIELDS])

    class Meta:
        ordering = ["claim", "position", "pk"]
        indexes = [
            # The scheduler's only read: the next due links, in order.
            models.Index(
                fields=["next_check_at", "id"],
                name="evidence_next_check_due",
                condition=models.Q(next_check_at__isnull=False),
            )
        ]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        """The title in the active language where it exists, else as given."""
        from claims.labels import in_language  # claims.labels imports the models

        return in_language(self, "title").text

    @property
    def display_title(self):
        """The title in the active language where it exists, else as given,
        with the language it is in (``claims.labels.LocalText``)."""
        from claims.labels import in_language  # claims.labels imports the models

        return in_language(self, "title")


class EvidenceSnapshot(models.Model):
    """The main text of an evidence page as it was at one check."""

    TEXT_LIMIT = 200_000

    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, related_name="snapshots"
    )
    taken_at = models.DateTimeField(default=timezone.now)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.URLField(max_length=2000, blank=True)
    content_hash = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    truncated = models.BooleanField(default=False)

    class Meta:
        ordering = ["-taken_at"]
        get_latest_by = "taken_at"
        verbose_name = _("evidence snapshot")
        verbose_name_plural = _("evidence snapshots")

    def __str__(self) -> str:
        taken = date_format(timezone.localtime(self.taken_at), "DATETIME_FORMAT")
        return f"{self.evidence} @ {taken}"
