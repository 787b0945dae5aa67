"""schema.org ClaimReview: the export of published claims and the import."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from claims import selectors
from claims.jsonld import claim_review
from claims.permissions import ADD_CLAIM
from claims.services.claimreview import claimreview_import, import_kind_choices

from .. import serializers as io
from ..filters import ClaimReviewPagination
from ..permissions import require
from ..renderers import item_encode
from ..schema import (
    CLAIMREVIEW_EXAMPLE,
    CLAIMREVIEW_REQUEST_SCHEMA,
    READ_ERRORS,
    WRITE_ERRORS,
    errors,
)
from .base import ApiListView, ApiView


def page_stream(envelope: dict, items: Iterable[bytes]) -> Iterator[bytes]:
    """A page's JSON written piece by piece: the envelope (its links), then
    each item as it is encoded, the bytes ``JSONRenderer`` would write."""
    head = item_encode(envelope)
    yield head[:-1] + b',"results":['
    for number, item in enumerate(items):
        yield b"," + item if number else item
    yield b"]}"


class ClaimReviewExportView(ApiListView):
    pagination_class = ClaimReviewPagination

    @extend_schema(
        operation_id="claimreview_list",
        summary="ClaimReview export",
        description=(
            "schema.org ClaimReview for every published claim: the same object the "
            "claim page embeds, with dateModified. Pages follow the claims' ids "
            f"(a cursor, never an offset): up to {ClaimReviewPagination.page_size} "
            "objects a page unless `page_size` asks for more, at most "
            f"{ClaimReviewPagination.max_page_size}. Follow `next` for more: the "
            "last page's `next` is null. The page is streamed: each object is "
            "written as it is built."
        ),
        parameters=[
            OpenApiParameter(
                ClaimReviewPagination.cursor_query_param,
                str,
                description="Where a page starts: use the next or previous link.",
            ),
            OpenApiParameter(
                ClaimReviewPagination.page_size_query_param,
                int,
                description=(
                    "Objects a page (default "
                    f"{ClaimReviewPagination.page_size}, at most "
                    f"{ClaimReviewPagination.max_page_size})."
                ),
            ),
        ],
        responses={200: io.ClaimReviewPageOutput, **errors(*READ_ERRORS)},
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.claim_list_claimreview())
        envelope = {
            "next": self.paginator.get_next_link(),
            "previous": self.paginator.get_previous_link(),
        }
        items = (
            claim_review(
                claim, appearances=[a.article for a in claim.appearances.all()]
            )
            for claim in page
        )
        if self.request.accepted_renderer.get_indent(
            request.accepted_media_type, self.get_renderer_context()
        ):
            # Indented JSON, for people reading it: the renderer writes it.
            return Response({**envelope, "results": list(items)})
        return StreamingHttpResponse(
            page_stream(envelope, (item_encode(item) for item in items)),
            content_type="application/json",
        )


class ClaimReviewImportView(ApiView):
    permission_classes = [require(ADD_CLAIM)]

    @extend_schema(
        operation_id="claimreview_import",
        summary="Import ClaimReview (editors)",
        description=(
            "Post one ClaimReview object or a list. Each becomes a draft claim "
            "that keeps the original review: its author (fact-checker), url, "
            "datePublished and reviewRating (own label and numbers), exported "
            "again as given. The claim's language is `inLanguage` or, when "
            "missing, detected from the text. The speaker is found (by sameAs or "
            "name) or created; firstAppearance and appearance (both optional) "
            "become articles. The verdict label is looked up in the admin's "
            "verdict crosswalk (case, accents and Traditional/Simplified "
            "folded); an unknown label is never guessed from the number: the "
            "claim stays unrated with a flag and `waiting_for_mapping` is true "
            "until an editor maps the label. `kind` sets the kind when the rating "
            "alone does not decide it (default: fact, or prediction for outcome "
            "ratings). All or nothing: if any object is invalid, the 400 lists "
            "each with its index and field errors and nothing is imported."
        ),
        parameters=[
            OpenApiParameter(
                "kind", str, enum=import_kind_choices(), description="Claim kind."
            )
        ],
        request={"application/json": CLAIMREVIEW_REQUEST_SCHEMA},
        examples=[OpenApiExample("One object", value=CLAIMREVIEW_EXAMPLE)],
        responses={201: io.ClaimReviewImportOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request):
        kind = request.query_params.get("kind") or None
        if kind is not None and kind not in import_kind_choices():
            raise ValidationError({"kind": [f"Unknown kind “{kind}”."]})
        result = claimreview_import(payload=request.data, user=request.user, kind=kind)
        return Response(
            {"count": len(result), "claims": result}, status=status.HTTP_201_CREATED
        )
