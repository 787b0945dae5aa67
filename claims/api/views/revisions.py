"""Pending revisions of public claims: list them, approve, reject, withdraw.

A change to a published or retracted claim (PATCH on the claim, evidence
added or changed) answers 202 with the revision it became; a reviewer other
than its author approves it here.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from claims import selectors, services
from claims.models import RevisionStatus
from claims.permissions import VIEW_CLAIM

from .. import serializers as io
from ..permissions import require
from ..schema import READ_ERRORS, WRITE_ERRORS, errors
from .base import ApiView, claim_for_user


class ClaimRevisionListView(ApiView):
    permission_classes = [require(VIEW_CLAIM)]

    @extend_schema(
        operation_id="claims_revisions_list",
        summary="A claim's revisions (editors)",
        description="Oldest first; `?status=` narrows to one status.",
        parameters=[OpenApiParameter("status", str, enum=list(RevisionStatus.values))],
        responses={200: io.RevisionOutput(many=True), **errors(*READ_ERRORS, 403)},
    )
    def get(self, request, slug: str):
        claim = claim_for_user(request, slug)
        status = request.query_params.get("status") or None
        if status is not None and status not in RevisionStatus.values:
            raise ValidationError(
                {"status": [f"Choose one of: {', '.join(RevisionStatus.values)}."]}
            )
        revisions = selectors.revision_list_for_claim(claim=claim, status=status)
        return Response(io.RevisionOutput(revisions, many=True).data)


class RevisionDetailView(ApiView):
    permission_classes = [require(VIEW_CLAIM)]

    @extend_schema(
        operation_id="revisions_retrieve",
        summary="One revision (editors)",
        responses={200: io.RevisionOutput, **errors(*READ_ERRORS, 403)},
    )
    def get(self, request, pk: int):
        revision = selectors.revision_get(user=request.user, pk=pk)
        return Response(io.RevisionOutput(revision).data)


class _DecisionView(ApiView):
    permission_classes = [IsAuthenticated]

    def decide(self, revision, user, note) -> None:
        raise NotImplementedError  # each decision view says what it does

    def post(self, request, pk: int):
        revision = selectors.revision_get(user=request.user, pk=pk)
        payload = io.RevisionDecisionInput(data=request.data)
        payload.is_valid(raise_exception=True)
        self.decide(revision, request.user, payload.validated_data.get("note", ""))
        revision = selectors.revision_get(user=request.user, pk=pk)
        return Response(io.RevisionOutput(revision).data)


_DECISION_ERRORS = errors(*WRITE_ERRORS)


class RevisionApproveView(_DecisionView):
    @extend_schema(
        operation_id="revisions_approve",
        summary="Approve a pending revision (a reviewer other than its author)",
        description=(
            "Applies the revision: readers see it from the next request on. 403 "
            "for the revision's author and for non-reviewers (unless the site "
            "allows self-publishing); 409 when the claim or its evidence changed "
            "since the revision was proposed (its author proposes it again)."
        ),
        request=io.RevisionDecisionInput,
        responses={200: io.RevisionOutput, **errors(*WRITE_ERRORS, 409)},
    )
    def post(self, request, pk: int):
        return super().post(request, pk)

    def decide(self, revision, user, note):
        services.revision_approve(revision=revision, user=user, note=note)


class RevisionRejectView(_DecisionView):
    @extend_schema(
        operation_id="revisions_reject",
        summary="Reject a pending revision, with a note (reviewers)",
        request=io.RevisionDecisionInput,
        responses={200: io.RevisionOutput, **_DECISION_ERRORS},
    )
    def post(self, request, pk: int):
        return super().post(request, pk)

    def decide(self, revision, user, note):
        services.revision_reject(revision=revision, user=user, note=note)


class RevisionWithdrawView(_DecisionView):
    @extend_schema(
        operation_id="revisions_withdraw",
        summary="Withdraw your own pending revision",
        request=None,
        responses={200: io.RevisionOutput, **_DECISION_ERRORS},
    )
    def post(self, request, pk: int):
        return super().post(request, pk)

    def decide(self, revision, user, note):
        services.revision_withdraw(revision=revision, user=user)
