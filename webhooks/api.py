"""An API client's own webhook endpoints and their delivery log
(/api/v1/webhooks/). Each account sees only its endpoints: another's is a
404."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from claims.api.filters import TiebreakCursorPagination
from claims.api.permissions import require
from claims.api.schema import READ_ERRORS, WRITE_ERRORS, errors
from claims.api.views.base import ApiListView, ApiView

from . import serializers as io
from . import services
from .models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint

VIEW = "webhooks.view_webhookendpoint"
ADD = "webhooks.add_webhookendpoint"
CHANGE = "webhooks.change_webhookendpoint"
DELETE = "webhooks.delete_webhookendpoint"
TAG = ["webhooks"]


class IdPagination(TiebreakCursorPagination):
    ordering = "-pk"


def _own_endpoint(request, pk: int) -> WebhookEndpoint:
    return get_object_or_404(WebhookEndpoint, pk=pk, owner=request.user)


class EndpointListView(ApiListView):
    pagination_class = IdPagination
    serializer_class = io.EndpointOutput

    def get_permissions(self):
        return [require(ADD if self.request.method == "POST" else VIEW)()]

    @extend_schema(
        operation_id="webhooks_list",
        summary="Your webhook endpoints",
        description="Newest first; only the endpoints your account owns.",
        tags=TAG,
        responses={200: io.EndpointOutput(many=True), **errors(*READ_ERRORS, 403)},
    )
    def get(self, request):
        page = self.paginate_queryset(
            WebhookEndpoint.objects.filter(owner=request.user)
        )
        return self.get_paginated_response(io.EndpointOutput(page, many=True).data)

    @extend_schema(
        operation_id="webhooks_create",
        summary="Add a webhook endpoint",
        description=(
            "The answer holds the signing `secret`, shown this once. A URL on a "
            "private, loopback or link-local address is refused (400)."
        ),
        tags=TAG,
        request=io.EndpointCreateInput,
        responses={201: io.EndpointWithSecretOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request):
        payload = io.EndpointCreateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        endpoint = services.endpoint_create(
            owner=request.user, **payload.validated_data
        )
        return Response(
            io.EndpointWithSecretOutput(endpoint).data, status=status.HTTP_201_CREATED
        )


class EndpointDetailView(ApiView):
    def get_permissions(self):
        needed = {"PATCH": CHANGE, "DELETE": DELETE}.get(self.request.method, VIEW)
        return [require(needed)()]

    @extend_schema(
        operation_id="webhooks_retrieve",
        summary="One of your webhook endpoints",
        tags=TAG,
        responses={200: io.EndpointOutput, **errors(*READ_ERRORS, 403)},
    )
    def get(self, request, pk: int):
        return Response(io.EndpointOutput(_own_endpoint(request, pk)).data)

    @extend_schema(
        operation_id="webhooks_update",
        summary="Change a webhook endpoint",
        description="Send `updated_at` as read from the endpoint and only the "
        "fields to change; a stale `updated_at` is a 409 and nothing is "
        "written. `active: true` re-enables an endpoint that was disabled "
        "after repeated failures.",
        tags=TAG,
        request=io.EndpointUpdateInput,
        responses={200: io.EndpointOutput, **errors(*WRITE_ERRORS, 409)},
    )
    def patch(self, request, pk: int):
        endpoint = _own_endpoint(request, pk)
        payload = io.EndpointUpdateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        fields = dict(payload.validated_data)
        updated_at = fields.pop("updated_at")
        endpoint = services.endpoint_update(
            endpoint=endpoint, fields=fields, updated_at=updated_at
        )
        return Response(io.EndpointOutput(endpoint).data)

    @extend_schema(
        operation_id="webhooks_destroy",
        summary="Delete a webhook endpoint and its delivery log",
        tags=TAG,
        responses={204: None, **errors(*WRITE_ERRORS)},
    )
    def delete(self, request, pk: int):
        _own_endpoint(request, pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class EndpointRotateSecretView(ApiView):
    permission_classes = [require(CHANGE)]

    @extend_schema(
        operation_id="webhooks_rotate_secret",
        summary="Rotate an endpoint's signing secret",
        description=(
            "The answer holds the new `secret`. Until "
            "`previous_secret_expires_at` deliveries carry a signature with "
            "each secret, so the receiver can switch at its own pace."
        ),
        tags=TAG,
        request=None,
        responses={200: io.EndpointWithSecretOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request, pk: int):
        endpoint = services.endpoint_rotate_secret(endpoint=_own_endpoint(request, pk))
        return Response(io.EndpointWithSecretOutput(endpoint).data)


class DeliveryListView(ApiListView):
    permission_classes = [require(VIEW)]
    pagination_class = IdPagination
    serializer_class = io.DeliveryOutput

    @extend_schema(
        operation_id="webhooks_deliveries_list",
        summary="An endpoint's deliveries, with every attempt",
        description="Newest first; `?status=` narrows to one status.",
        tags=TAG,
        parameters=[OpenApiParameter("status", str, enum=list(DeliveryStatus.values))],
        responses={200: io.DeliveryOutput(many=True), **errors(*READ_ERRORS, 403)},
    )
    def get(self, request, pk: int):
        endpoint = _own_endpoint(request, pk)
        deliveries = endpoint.deliveries.prefetch_related(
            Prefetch("attempts", queryset=WebhookAttempt.objects.order_by("pk"))
        )
        wanted = request.query_params.get("status") or None
        if wanted is not None:
            if wanted not in DeliveryStatus.values:
                raise ValidationError(
                    {"status": [f"Choose one of: {', '.join(DeliveryStatus.values)}."]}
                )
            deliveries = deliveries.filter(status=wanted)
        page = self.paginate_queryset(deliveries)
        return self.get_paginated_response(io.DeliveryOutput(page, many=True).data)


class DeliveryReplayView(ApiView):
    permission_classes = [require(CHANGE)]

    @extend_schema(
        operation_id="webhooks_deliveries_replay",
        summary="Send a delivery again",
        description=(
            "Queues one more attempt with the same body and a fresh timestamp "
            "and signature (202); the result appears in the delivery's "
            "attempts. 400 while the endpoint is disabled."
        ),
        tags=TAG,
        request=None,
        responses={202: io.DeliveryOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request, pk: int):
        delivery = get_object_or_404(
            WebhookDelivery.objects.select_related("endpoint"),
            pk=pk,
            endpoint__owner=request.user,
        )
        services.delivery_replay(delivery=delivery)
        return Response(
            io.DeliveryOutput(delivery).data, status=status.HTTP_202_ACCEPTED
        )
