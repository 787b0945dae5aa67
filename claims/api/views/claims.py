"""Claims: the list (JSON or CSV), one claim, and the review workflow."""

from __future__ import annotations

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from claims import selectors, services
from claims.caching.fragments import digest, fragments
from claims.caching.versions import PAGE_FAMILIES, SITE, claim_version, versions_read
from claims.models import PUBLIC_STATES
from claims.permissions import ADD_CLAIM, CHANGE_CLAIM, sees_unpublished
from claims.reasons import ChangeReason
from claims.selectors import ClaimKey, claim_list_light, claims_complete

from .. import serializers as io
from ..csv_export import CSVRenderer, claim_csv_response
from ..filters import (
    ClaimFilter,
    ClaimFilterBackend,
    ClaimSearchFilter,
    StrictOrderingFilter,
    TiebreakCursorPagination,
)
from ..permissions import require
from ..renderers import EncodedItems, PageJSONRenderer, item_encode
from ..schema import READ_ERRORS, WRITE_ERRORS, errors
from .base import ApiListView, ApiView, claim_detail_data, claim_for_user


class ClaimListView(ApiListView):
    """GET: the claim list (JSON or CSV). POST: a new draft claim."""

    renderer_classes = [PageJSONRenderer, CSVRenderer]
    filter_backends = [
        ClaimFilterBackend,
        ClaimSearchFilter,
        StrictOrderingFilter,
    ]
    filterset_class = ClaimFilter
    ordering_fields = ["updated_at", "created_at", "slug"]
    ordering = "-updated_at"
    pagination_class = TiebreakCursorPagination
    serializer_class = io.ClaimListOutput

    def get_permissions(self):
        if self.request.method == "POST":
            return [require(ADD_CLAIM)()]
        return []

    def get_queryset(self):
        return selectors.claim_list_visible(user=self.request.user)

    @extend_schema(
        operation_id="claims_list",
        summary="List claims",
        description=(
            "Published and retracted claims (editors also see drafts), newest "
            "change first. Filters combine; an unknown value is a 400 naming it. "
            "`?format=csv` streams every matching claim as CSV (no pagination)."
        ),
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv"],
                description="csv: the whole filtered list as a CSV download.",
            )
        ],
        responses={
            (200, "application/json"): io.ClaimListOutput(many=True),
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="With ?format=csv: every matching claim."
            ),
            **errors(*READ_ERRORS),
        },
    )
    def get(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        if request.accepted_renderer.format == "csv":
            ordering = self.paginator.get_ordering(request, queryset, self)
            return claim_csv_response(queryset.order_by(*ordering))
        # Read before the page is queried (claims/caching/fragments.py).
        versions = versions_read(PAGE_FAMILIES)
        if sees_unpublished(request.user):
            next_link, previous_link, keys = self._page_keys(request, queryset)
        else:
            # Which claims a public page lists, and its links, are stored per
            # version of the lists and address: a page read again queries
            # nothing until a list changes.
            [(next_link, previous_link, keys)] = fragments(
                "api-claim-page",
                [request.build_absolute_uri()],
                lambda _address: self._page_keys(request, queryset),
                key=digest,
                versions=versions,
            )
        item = io.ClaimListOutput()
        data = fragments(
            "api-claim-json",
            keys,
            lambda claim: item_encode(item.to_representation(claim)),
            # An item shows its claim (speaker, article and rating included).
            shows=lambda claim: (SITE, claim_version(claim.pk)),
            versions=versions,
            cacheable=lambda claim: claim.state in PUBLIC_STATES,
            load=claims_complete,
        )
        words = request.query_params.get(ClaimSearchFilter.search_param, "").strip()
        if words and len(data) == len(keys):
            data = self._with_highlights(data, keys, words)
        # The paginator's envelope, with the items as stored (renderers.py).
        return Response(
            {
                "next": next_link,
                "previous": previous_link,
                "results": EncodedItems(data),
            }
        )

    @staticmethod
    def _with_highlights(
        data: list[bytes], keys: list[ClaimKey], words: str
    ) -> list[bytes]:
        """The page's items with ``highlight`` filled in: where the search
        matched (the cached items hold null)."""
        found = selectors.claim_highlights(ids=[key.pk for key in keys], query=words)
        passages = [found.get(key.pk, []) for key in keys]
        # One serializer for the whole page's passages, cut back per item.
        written = iter(
            io.HighlightOutput(
                [passage for item in passages for passage in item], many=True
            ).data
        )
        return [
            item_encode(
                {
                    **json.loads(item),
                    "highlight": [next(written) for _passage in item_passages],
                }
            )
            for item, item_passages in zip(data, passages, strict=True)
        ]

    def _page_keys(
        self, request, queryset
    ) -> tuple[str | None, str | None, list[ClaimKey]]:
        """The page's links and the keys of its claims: the page reads the
        ids and cursor fields only; items come from the fragment cache."""
        ordering = self.paginator.get_ordering(request, queryset, self)
        cursor_fields = {field.lstrip("-") for field in ordering} - {"pk"}
        page = self.paginate_queryset(claim_list_light(queryset, *cursor_fields))
        keys = [ClaimKey(row.pk, row.state) for row in page]
        return self.paginator.get_next_link(), self.paginator.get_previous_link(), keys

    @extend_schema(
        operation_id="claims_create",
        summary="Create a draft claim",
        request=io.ClaimCreateInput,
        responses={
            (201, "application/json"): io.ClaimDetailOutput,
            **errors(*WRITE_ERRORS),
        },
    )
    def post(self, request):
        payload = io.ClaimCreateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        fields = dict(payload.validated_data)
        topics = fields.pop("topics", None)
        claim = services.claim_create(
            user=request.user,
            fields=fields,
            topics=topics,
            reason=ChangeReason.CREATED_API,
        )
        claim = claim_for_user(request, claim.slug)
        return Response(claim_detail_data(claim), status=status.HTTP_201_CREATED)


class ClaimDetailView(ApiView):
    """GET: one claim with evidence, timeline and review state. PATCH: update."""

    def get_permissions(self):
        if self.request.method == "PATCH":
            return [require(CHANGE_CLAIM)()]
        return []

    @extend_schema(
        operation_id="claims_retrieve",
        summary="One claim",
        description=(
            "The claim with its evidence (and link health), further appearances, "
            "public rating timeline and open-review state."
        ),
        responses={200: io.ClaimDetailOutput, **errors(*READ_ERRORS)},
    )
    def get(self, request, slug: str):
        return Response(claim_detail_data(claim_for_user(request, slug)))

    @extend_schema(
        operation_id="claims_update",
        summary="Update a claim",
        description=(
            "Send `version` as read from the claim and only the fields to change. "
            "If the claim changed since, the answer is 409 with the current "
            "version and nothing is written. A draft or a claim in review "
            "changes at once (200). A change to a published or retracted claim "
            "waits for a second person: the answer is 202 with the pending "
            "revision, readers keep seeing the published version, and a "
            "reviewer other than you approves it "
            "(`POST /api/v1/revisions/{id}/approve/`). With a new rating, "
            "`resolve_flags` closes the open flags it answers as re-rated."
        ),
        request=io.ClaimUpdateInput,
        responses={
            200: io.ClaimDetailOutput,
            202: io.RevisionOutput,
            **errors(*WRITE_ERRORS, 409),
        },
    )
    def patch(self, request, slug: str):
        claim = claim_for_user(request, slug)
        payload = io.ClaimUpdateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        fields = dict(payload.validated_data)
        version = fields.pop("version")
        topics = fields.pop("topics", None)
        change_kind = fields.pop("change_kind", "")
        # ``reason`` goes in the history; it is the public reason for a new
        # rating too unless ``change_reason`` says otherwise.
        reason = fields.pop("reason", "")
        change_reason = fields.pop("change_reason", "") or reason
        resolve_flags = fields.pop("resolve_flags", ())
        change_reason_en = fields.pop("change_reason_en", "")
        change = services.claim_change(
            claim=claim,
            user=request.user,
            version=version,
            fields=fields,
            topics=topics,
            change_kind=change_kind,
            change_reason=change_reason,
            change_reason_en=change_reason_en,
            reason=reason or ChangeReason.CHANGED_API,
            resolve_flags=resolve_flags,
        )
        if change.revision is not None:
            return Response(
                io.RevisionOutput(change.revision).data,
                status=status.HTTP_202_ACCEPTED,
            )
        return Response(claim_detail_data(claim_for_user(request, slug)))


class ClaimPublishView(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="claims_publish",
        summary="Publish a claim (reviewers)",
        request=None,
        responses={200: io.ClaimDetailOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request, slug: str):
        claim = claim_for_user(request, slug)
        services.claim_publish(claim=claim, user=request.user)
        return Response(claim_detail_data(claim_for_user(request, slug)))


class ClaimSubmitView(ApiView):
    permission_classes = [require(CHANGE_CLAIM)]

    @extend_schema(
        operation_id="claims_submit",
        summary="Submit a draft for review",
        request=None,
        responses={200: io.ClaimDetailOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request, slug: str):
        claim = claim_for_user(request, slug)
        services.claim_submit_for_review(claim=claim, user=request.user)
        return Response(claim_detail_data(claim_for_user(request, slug)))


class ClaimSendBackView(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="claims_send_back",
        summary="Send a claim in review back to draft (reviewers)",
        request=io.SendBackInput,
        responses={200: io.ClaimDetailOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request, slug: str):
        claim = claim_for_user(request, slug)
        payload = io.SendBackInput(data=request.data)
        payload.is_valid(raise_exception=True)
        services.claim_send_back(
            claim=claim, user=request.user, comment=payload.validated_data["comment"]
        )
        return Response(claim_detail_data(claim_for_user(request, slug)))


class ClaimRetractView(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="claims_retract",
        summary="Retract a published claim (reviewers)",
        request=io.RetractInput,
        responses={200: io.ClaimDetailOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request, slug: str):
        claim = claim_for_user(request, slug)
        payload = io.RetractInput(data=request.data)
        payload.is_valid(raise_exception=True)
        services.claim_retract(
            claim=claim,
            user=request.user,
            reason=payload.validated_data["reason"],
            reason_en=payload.validated_data.get("reason_en"),
        )
        return Response(claim_detail_data(claim_for_user(request, slug)))
