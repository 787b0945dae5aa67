"""Review flags: raised on a claim, resolved on their own."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from claims.models import Flag, FlagReason
from claims.permissions import ADD_FLAG, CHANGE_FLAG
from claims.services.flags import FlagNoted, flag_raise_with_note, flag_resolve

from .. import serializers as io
from ..errors import Conflict
from ..permissions import require
from ..schema import WRITE_ERRORS, errors
from .base import ApiView, claim_for_user


class FlagRaiseView(ApiView):
    permission_classes = [require(ADD_FLAG)]

    @extend_schema(
        operation_id="flags_raise",
        summary="Flag a claim for review",
        description=(
            "Opens a manual review flag with the note (201, `outcome` "
            "`created`). If the same flag is already open, the note is added "
            "to that flag's `notes` and the answer is 200 with `outcome` "
            "`note_added` (or `already_noted` when it holds the same note)."
        ),
        request=io.FlagRaiseInput,
        responses={
            201: io.FlagRaiseOutput,
            200: io.FlagRaiseOutput,
            **errors(*WRITE_ERRORS),
        },
    )
    def post(self, request, slug: str):
        claim = claim_for_user(request, slug)
        payload = io.FlagRaiseInput(data=request.data)
        payload.is_valid(raise_exception=True)
        evidence = None
        evidence_id = payload.validated_data.get("evidence")
        if evidence_id is not None:
            evidence = claim.evidence.filter(pk=evidence_id).first()
            if evidence is None:
                raise ValidationError(
                    {"evidence": [f"This claim has no evidence {evidence_id}."]}
                )
        flag, outcome = flag_raise_with_note(
            claim=claim,
            reason=FlagReason.MANUAL,
            user=request.user,
            note=payload.validated_data["note"],
            evidence=evidence,
        )
        flag.outcome = outcome
        return Response(
            io.FlagRaiseOutput(flag).data,
            status=status.HTTP_201_CREATED
            if outcome == FlagNoted.CREATED
            else status.HTTP_200_OK,
        )


class FlagResolveView(ApiView):
    permission_classes = [require(CHANGE_FLAG)]

    @extend_schema(
        operation_id="flags_resolve",
        summary="Resolve a flag",
        description=(
            "re_rated and dismissed close the flag; reviewed restarts the claim's "
            "review clock; deadline_extended needs `new_due_end`. Resolving a "
            "flag that is already resolved is a 409."
        ),
        request=io.FlagResolveInput,
        responses={200: io.FlagOutput, **errors(*WRITE_ERRORS, 409)},
    )
    def post(self, request, pk: int):
        flag = get_object_or_404(Flag.objects.select_related("claim"), pk=pk)
        payload = io.FlagResolveInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        resolved = 0
        if flag.is_open:
            resolved = flag_resolve(
                flags=[flag],
                resolution=data["resolution"],
                user=request.user,
                note=data.get("note", ""),
                new_due_end=data.get("new_due_end"),
            )
        flag.refresh_from_db()
        if not resolved:
            raise Conflict(
                "This flag is already resolved.",
                current={"resolution": flag.resolution},
            )
        return Response(io.FlagOutput(flag).data)
