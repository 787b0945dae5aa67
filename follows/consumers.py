"""The public-event consumer (``settings.PUBLIC_EVENT_CONSUMERS``)."""

from __future__ import annotations

from claims.models import PublicEvent

from .services.deliveries import deliveries_record


def on_public_event(event: PublicEvent) -> None:
    """Record the follow mails ``event`` owes (idempotent)."""
    deliveries_record(event)
