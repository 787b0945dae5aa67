"""The public-event consumer (``settings.PUBLIC_EVENT_CONSUMERS``): one
delivery per event and subscribed endpoint, queued after the commit.
Idempotent: an event handed over twice is delivered once."""

from __future__ import annotations

import logging

from claims.models import PublicEvent

from . import services
from .payloads import event_body

logger = logging.getLogger(__name__)


def on_public_event(event: PublicEvent) -> None:
    endpoints = services.endpoints_subscribed(event.kind)
    if not endpoints:
        return
    body = event_body(event)
    if body is None:
        logger.info("public event %s: claim no longer public; not sent", event.pk)
        return
    services.deliveries_create(event=event, body=body, endpoints=endpoints)
