"""The JSON body of a delivery: the event and the claim as the public API's
claim detail shows it to a reader (no account, the site's language)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import translation
from rest_framework import serializers
from rest_framework.utils.encoders import JSONEncoder

from claims import selectors
from claims.api.serializers import (
    AppearanceOutput,
    OpenFlagOutput,
    RatingRefOutput,
)
from claims.api.views.base import claim_detail_data
from claims.models import Appearance, Flag, PublicEvent, PublicEventKind, RatingChange


def _when(moment: datetime) -> str:
    """A date-time as the API writes them (the site's time zone)."""
    return serializers.DateTimeField().to_representation(moment)


def _rating_change(pk: int) -> dict[str, Any] | None:
    change = (
        RatingChange.objects.select_related("from_rating__scale", "to_rating__scale")
        .filter(pk=pk)
        .first()
    )
    if change is None:
        return None
    return {
        "kind": change.kind,
        "from_rating": RatingRefOutput(change.from_rating).data,
        "to_rating": RatingRefOutput(change.to_rating).data,
        "reason": change.reason,
        "reason_en": change.reason_en,
        "changed_at": _when(change.changed_at),
    }


def _details(event: PublicEvent) -> dict[str, Any]:
    data = event.data or {}
    if event.kind == PublicEventKind.RATING_CHANGED and "rating_change" in data:
        return {"rating_change": _rating_change(data["rating_change"])}
    if event.kind == PublicEventKind.APPEARANCE_ADDED and "appearance" in data:
        appearance = (
            Appearance.objects.select_related("article")
            .filter(pk=data["appearance"])
            .first()
        )
        return {"appearance": AppearanceOutput(appearance).data if appearance else None}
    if "flag" in data:
        flag = Flag.objects.filter(pk=data["flag"]).first()
        return {"flag": OpenFlagOutput(flag).data if flag else None}
    return {}


def event_body(event: PublicEvent) -> str | None:
    """The body as sent (compact JSON, UTF-8 text), or None when readers
    can no longer see the claim."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            claim = selectors.claim_get_visible(
                user=AnonymousUser(), slug=event.claim.slug
            )
        except Http404:
            return None
        payload = {
            "event": {
                "id": event.pk,
                "kind": event.kind,
                "occurred_at": _when(event.occurred_at),
                **_details(event),
            },
            "claim": claim_detail_data(claim),
        }
    return json.dumps(
        payload, cls=JSONEncoder, ensure_ascii=False, separators=(",", ":")
    )
