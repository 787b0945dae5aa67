"""Input and output shapes of the webhook API."""

from __future__ import annotations

from rest_framework import serializers

from claims.api.serializers import StrictInput
from claims.models import PublicEventKind

from .models import DeliveryStatus

EVENTS_HELP = "The public events posted to the URL: " + ", ".join(
    PublicEventKind.values
)


class EndpointCreateInput(StrictInput):
    url = serializers.CharField(
        max_length=2000,
        help_text="A public http or https URL on port 80 or 443; private, "
        "loopback and link-local addresses are refused.",
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=PublicEventKind.choices),
        allow_empty=False,
        help_text=EVENTS_HELP,
    )
    description = serializers.CharField(
        max_length=200, required=False, allow_blank=True
    )
    active = serializers.BooleanField(required=False, default=True)


class EndpointUpdateInput(EndpointCreateInput):
    updated_at = serializers.DateTimeField(
        help_text="The updated_at you read; a stale one is refused with 409."
    )
    url = serializers.CharField(max_length=2000, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=PublicEventKind.choices),
        allow_empty=False,
        required=False,
        help_text=EVENTS_HELP,
    )
    active = serializers.BooleanField(
        required=False,
        help_text="true re-enables a disabled endpoint (its failure count "
        "starts again at 0).",
    )


class EndpointOutput(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    description = serializers.CharField()
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=PublicEventKind.choices)
    )
    active = serializers.BooleanField()
    consecutive_failures = serializers.IntegerField(
        help_text="Failed attempts in a row; the endpoint is disabled at the "
        "site's limit."
    )
    disabled_at = serializers.DateTimeField(allow_null=True)
    disabled_reason = serializers.CharField()
    previous_secret_expires_at = serializers.DateTimeField(
        allow_null=True,
        help_text="Until then deliveries are signed with the previous secret too.",
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class EndpointWithSecretOutput(EndpointOutput):
    secret = serializers.CharField(
        help_text="The signing secret: shown when the endpoint is created and "
        "when the secret is rotated, never again."
    )


class AttemptOutput(serializers.Serializer):
    started_at = serializers.DateTimeField()
    duration_ms = serializers.IntegerField()
    status_code = serializers.IntegerField(allow_null=True)
    succeeded = serializers.BooleanField()
    replay = serializers.BooleanField()
    response_excerpt = serializers.CharField(
        help_text="The start of the receiver's answer."
    )
    error = serializers.CharField()


class DeliveryOutput(serializers.Serializer):
    id = serializers.IntegerField(help_text="Sent as the Tracker-Delivery header.")
    event = serializers.IntegerField(source="event_id")
    kind = serializers.ChoiceField(choices=PublicEventKind.choices)
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)
    attempt_count = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    last_status_code = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField()
    attempts = AttemptOutput(many=True)
