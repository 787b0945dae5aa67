"""Evidence: added to a claim, updated on its own."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from claims import services
from claims.models import Evidence, EvidenceOperation
from claims.permissions import ADD_EVIDENCE, CHANGE_EVIDENCE, changes_held_for_review
from claims.reasons import ChangeReason
from claims.services.evidence import evidence_create, evidence_update

from .. import serializers as io
from ..permissions import require
from ..schema import WRITE_ERRORS, errors
from .base import ApiView, claim_for_user


class EvidenceCreateView(ApiView):
    permission_classes = [require(ADD_EVIDENCE)]

    @extend_schema(
        operation_id="evidence_create",
        summary="Add evidence to a claim",
        description=(
            "Evidence added to a published or retracted claim waits for a second "
            "person: the answer is 202 with the pending revision."
        ),
        request=io.EvidenceCreateInput,
        responses={
            201: io.EvidenceOutput,
            202: io.RevisionOutput,
            **errors(*WRITE_ERRORS),
        },
    )
    def post(self, request, slug: str):
        claim = claim_for_user(request, slug)
        payload = io.EvidenceCreateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        if changes_held_for_review(request.user, claim):
            return _held(
                claim,
                request.user,
                services.EvidenceChange(
                    operation=EvidenceOperation.ADD, fields=payload.validated_data
                ),
            )
        evidence = evidence_create(
            claim=claim,
            user=request.user,
            fields=payload.validated_data,
            reason=ChangeReason.ADDED_API,
        )
        return Response(
            io.EvidenceOutput(evidence).data, status=status.HTTP_201_CREATED
        )


class EvidenceUpdateView(ApiView):
    permission_classes = [require(CHANGE_EVIDENCE)]

    @extend_schema(
        operation_id="evidence_update",
        summary="Update evidence",
        description=(
            "Send `updated_at` as read from the evidence and the fields to change; "
            "a stale `updated_at` is a 409 and nothing is written. A change to "
            "the evidence of a published or retracted claim waits for a second "
            "person: the answer is 202 with the pending revision."
        ),
        request=io.EvidenceUpdateInput,
        responses={
            200: io.EvidenceOutput,
            202: io.RevisionOutput,
            **errors(*WRITE_ERRORS, 409),
        },
    )
    def patch(self, request, pk: int):
        evidence = get_object_or_404(Evidence, pk=pk)
        payload = io.EvidenceUpdateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        fields = dict(payload.validated_data)
        updated_at = fields.pop("updated_at")
        if changes_held_for_review(request.user, evidence.claim):
            return _held(
                evidence.claim,
                request.user,
                services.EvidenceChange(
                    operation=EvidenceOperation.CHANGE,
                    fields=fields,
                    evidence=evidence,
                    seen_updated_at=updated_at,
                ),
            )
        evidence = evidence_update(
            evidence=evidence,
            user=request.user,
            fields=fields,
            updated_at=updated_at,
            reason=ChangeReason.CHANGED_API,
        )
        return Response(io.EvidenceOutput(evidence).data)


def _held(claim, user, change: services.EvidenceChange) -> Response:
    """The change as a pending revision of the claim (202), or the evidence
    as it is (200) when the change alters nothing."""
    revision = services.revision_propose(
        claim=claim, user=user, version=claim.version, evidence_changes=[change]
    )
    if revision is None:
        return Response(io.EvidenceOutput(change.evidence).data)
    return Response(io.RevisionOutput(revision).data, status=status.HTTP_202_ACCEPTED)
