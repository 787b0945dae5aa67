"""How often the link checker may ask one web site for a page."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimestampedModel


class HostPolicy(TimestampedModel):
    """A site's own pace for the link checker, or "do not check".

    Sites without a policy get ``EVIDENCE_HOST_MIN_INTERVAL_SECONDS``
    between two requests (one a second by default).
    """

    host = models.CharField(
        _("host"),
        max_length=253,
        unique=True,
        help_text=_(
            "The site's host name as it appears in links, e.g. www.example.com "
            "(without https:// or a path)."
        ),
    )
    min_interval_seconds = models.DecimalField(
        _("seconds between requests"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.05"))],
        help_text=_(
            "The link checker waits at least this long between two requests "
            "to this host, across all workers: 1 is one request a second, "
            "10 one request every ten seconds."
        ),
    )
    do_not_check = models.BooleanField(
        _("do not check"),
        default=False,
        help_text=_(
            "Never request links on this host; their link health stays as it is."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("Why this site has its own pace, e.g. the site asked for it."),
    )

    class Meta:
        ordering = ["host"]
        verbose_name = _("host policy")
        verbose_name_plural = _("host policies")

    def __str__(self) -> str:
        return self.host

    def clean(self) -> None:
        super().clean()
        given = self.host or ""
        self.host = host_key(given)
        if not self.host or any(char in given for char in "/?#@ \t"):
            raise ValidationError(
                {
                    "host": _(
                        "Enter a host name only, e.g. www.example.com: no "
                        "https://, no path."
                    )
                }
            )


def host_key(host: str) -> str:
    """The form hosts are stored and compared in: lower case, no trailing
    dot, no port."""
    host = (host or "").strip().lower().rstrip(".")
    if host.startswith("[") and "]" in host:  # an IPv6 literal
        return host[: host.index("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
