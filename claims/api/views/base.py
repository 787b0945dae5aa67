"""What every API view shares: the base views and the claim a request may see."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors
from claims.models import Claim
from claims.selectors import claim_timeline

from .. import serializers as io


class ApiView(APIView):
    """Base view: refuses NUL characters in the query string.

    PostgreSQL cannot store or compare them, so they would otherwise turn a
    harmless typo into a server error.
    """

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        bad = sorted(
            key
            for key, value in request.query_params.lists()
            if "\x00" in "".join(value)
        )
        if bad:
            raise ValidationError(
                {key: ["NUL characters are not allowed."] for key in bad}
            )

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are JSON whatever format was asked for (e.g. ?format=csv),
        # and so is anything a streaming-only renderer cannot render (the
        # OPTIONS description under ?format=csv).
        renderer = getattr(request, "accepted_renderer", None)
        if (
            isinstance(response, Response)
            and renderer is not None
            and not isinstance(renderer, JSONRenderer)
            and (
                response.status_code >= 400 or getattr(renderer, "streams_only", False)
            )
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class ApiListView(ApiView, GenericAPIView):
    pass


def claim_detail_data(claim: Claim) -> dict:
    claim.timeline = claim_timeline(claim=claim)
    return io.ClaimDetailOutput(claim).data


def claim_for_user(request, slug: str) -> Claim:
    return selectors.claim_get_visible(user=request.user, slug=slug)
