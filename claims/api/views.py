"""The API's views: thin, one method per operation.

Reads go through selectors, writes through services; input and output have
their own serializers. Errors are shaped by ``claims.api.errors``.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.filters import SearchFilter
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import flagging, services
from claims.cache import digest, fragments, request_generation
from claims.jsonld import claim_review
from claims.models import PUBLIC_STATES, Claim, Evidence, Flag, FlagReason
from claims.selectors import (
    ClaimKey,
    claim_list_light,
    claim_timeline,
    claims_complete,
)

from . import selectors
from . import serializers as io
from . import services as api_services
from .claimreview_import import claimreview_import, import_kind_choices
from .csv_export import CSVRenderer, claim_csv_response
from .errors import Conflict
from .filters import (
    ClaimFilter,
    ClaimFilterBackend,
    ClaimReviewPagination,
    NamePagination,
    StrictOrderingFilter,
    TiebreakCursorPagination,
)
from .permissions import require, user_sees_unpublished
from .renderers import EncodedItems, PageJSONRenderer, item_encode

# --- Documentation of errors ---------------------------------------------------


class ImportObjectErrorOutput(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position of the object in the list.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField())
    )


class ErrorDetailOutput(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per field; nested fields are dotted (evidence.0.url).",
    )
    current = serializers.DictField(
        required=False, help_text="409 only: the values to re-read before retrying."
    )
    retry_after = serializers.IntegerField(
        required=False, help_text="429 only: seconds to wait."
    )
    objects = ImportObjectErrorOutput(
        many=True, required=False, help_text="Import only: each rejected object."
    )


class ErrorOutput(serializers.Serializer):
    error = ErrorDetailOutput()


ERROR_DESCRIPTIONS = {
    400: "Invalid input or unknown filter value; `fields` says which.",
    401: "Not signed in, or the token is not valid.",
    403: "Signed in without the permission this needs (or a missing CSRF token).",
    404: "No such object (or not visible to you).",
    409: "Stale update: the object changed since you read it; `current` has it.",
    429: "Too many requests; `retry_after` says when to try again.",
}


def errors(*codes: int) -> dict[tuple[int, str], OpenApiResponse]:
    """Documented error responses: always JSON, whatever else the view renders."""
    return {
        (code, "application/json"): OpenApiResponse(
            ErrorOutput, description=ERROR_DESCRIPTIONS[code]
        )
        for code in codes
    }


READ_ERRORS = (400, 401, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 429)


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
        # Errors are JSON whatever format was asked for (e.g. ?format=csv).
        if (
            isinstance(response, Response)
            and response.status_code >= 400
            and getattr(request, "accepted_renderer", None) is not None
            and not isinstance(request.accepted_renderer, JSONRenderer)
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class ApiListView(ApiView, GenericAPIView):
    pass


def _claim_detail_data(claim: Claim) -> dict:
    claim.timeline = claim_timeline(claim=claim)
    return io.ClaimDetailOutput(claim).data


def _claim_for_user(request, slug: str) -> Claim:
    return selectors.claim_get_visible(user=request.user, slug=slug)


# --- Claims --------------------------------------------------------------------


class ClaimListView(ApiListView):
    """GET: the claim list (JSON or CSV). POST: a new draft claim."""

    renderer_classes = [PageJSONRenderer, CSVRenderer]
    filter_backends = [
        ClaimFilterBackend,
        SearchFilter,
        StrictOrderingFilter,
    ]
    filterset_class = ClaimFilter
    search_fields = ["text", "text_en", "quote", "speaker__name", "speaker__name_en"]
    ordering_fields = ["updated_at", "created_at", "slug"]
    ordering = "-updated_at"
    pagination_class = TiebreakCursorPagination
    serializer_class = io.ClaimListOutput

    def get_permissions(self):
        if self.request.method == "POST":
            return [require("claims.add_claim")()]
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
        # Read before the page is queried (claims/cache.py).
        generation = request_generation(request)
        if user_sees_unpublished(request.user):
            next_link, previous_link, keys = self._page_keys(request, queryset)
        else:
            # Which claims a public page lists, and its links, are stored per
            # site generation and address: a page read again queries nothing
            # until something changes.
            [(next_link, previous_link, keys)] = fragments(
                "api-claim-page",
                [request.build_absolute_uri()],
                lambda _address: self._page_keys(request, queryset),
                key=digest,
                generation=generation,
            )
        item = io.ClaimListOutput()
        data = fragments(
            "api-claim-json",
            keys,
            lambda claim: item_encode(item.to_representation(claim)),
            generation=generation,
            cacheable=lambda claim: claim.state in PUBLIC_STATES,
            load=claims_complete,
        )
        # The paginator's envelope, with the items as stored (renderers.py).
        return Response(
            {
                "next": next_link,
                "previous": previous_link,
                "results": EncodedItems(data),
            }
        )

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
        claim = api_services.claim_create(user=request.user, **payload.validated_data)
        claim = _claim_for_user(request, claim.slug)
        return Response(_claim_detail_data(claim), status=status.HTTP_201_CREATED)


class ClaimDetailView(ApiView):
    """GET: one claim with evidence, timeline and review state. PATCH: update."""

    def get_permissions(self):
        if self.request.method == "PATCH":
            return [require("claims.change_claim")()]
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
        return Response(_claim_detail_data(_claim_for_user(request, slug)))

    @extend_schema(
        operation_id="claims_update",
        summary="Update a claim",
        description=(
            "Send `version` as read from the claim and only the fields to change. "
            "If the claim changed since, the answer is 409 with the current "
            "version and nothing is written."
        ),
        request=io.ClaimUpdateInput,
        responses={200: io.ClaimDetailOutput, **errors(*WRITE_ERRORS, 409)},
    )
    def patch(self, request, slug: str):
        claim = _claim_for_user(request, slug)
        payload = io.ClaimUpdateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        api_services.claim_update(
            claim=claim, user=request.user, **payload.validated_data
        )
        return Response(_claim_detail_data(_claim_for_user(request, slug)))


class ClaimPublishView(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="claims_publish",
        summary="Publish a claim (reviewers)",
        request=None,
        responses={200: io.ClaimDetailOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request, slug: str):
        claim = _claim_for_user(request, slug)
        services.claim_publish(claim=claim, user=request.user)
        return Response(_claim_detail_data(_claim_for_user(request, slug)))


class ClaimSubmitView(ApiView):
    permission_classes = [require("claims.change_claim")]

    @extend_schema(
        operation_id="claims_submit",
        summary="Submit a draft for review",
        request=None,
        responses={200: io.ClaimDetailOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request, slug: str):
        claim = _claim_for_user(request, slug)
        services.claim_submit_for_review(claim=claim, user=request.user)
        return Response(_claim_detail_data(_claim_for_user(request, slug)))


class ClaimSendBackView(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="claims_send_back",
        summary="Send a claim in review back to draft (reviewers)",
        request=io.SendBackInput,
        responses={200: io.ClaimDetailOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request, slug: str):
        claim = _claim_for_user(request, slug)
        payload = io.SendBackInput(data=request.data)
        payload.is_valid(raise_exception=True)
        services.claim_send_back(
            claim=claim, user=request.user, comment=payload.validated_data["comment"]
        )
        return Response(_claim_detail_data(_claim_for_user(request, slug)))


class ClaimRetractView(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="claims_retract",
        summary="Retract a published claim (reviewers)",
        request=io.RetractInput,
        responses={200: io.ClaimDetailOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request, slug: str):
        claim = _claim_for_user(request, slug)
        payload = io.RetractInput(data=request.data)
        payload.is_valid(raise_exception=True)
        services.claim_retract(
            claim=claim, user=request.user, reason=payload.validated_data["reason"]
        )
        return Response(_claim_detail_data(_claim_for_user(request, slug)))


# --- Evidence ------------------------------------------------------------------


class EvidenceCreateView(ApiView):
    permission_classes = [require("claims.add_evidence")]

    @extend_schema(
        operation_id="evidence_create",
        summary="Add evidence to a claim",
        request=io.EvidenceCreateInput,
        responses={201: io.EvidenceOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request, slug: str):
        claim = _claim_for_user(request, slug)
        payload = io.EvidenceCreateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        evidence = api_services.evidence_create(
            claim=claim, user=request.user, **payload.validated_data
        )
        return Response(
            io.EvidenceOutput(evidence).data, status=status.HTTP_201_CREATED
        )


class EvidenceUpdateView(ApiView):
    permission_classes = [require("claims.change_evidence")]

    @extend_schema(
        operation_id="evidence_update",
        summary="Update evidence",
        description=(
            "Send `updated_at` as read from the evidence and the fields to change; "
            "a stale `updated_at` is a 409 and nothing is written."
        ),
        request=io.EvidenceUpdateInput,
        responses={200: io.EvidenceOutput, **errors(*WRITE_ERRORS, 409)},
    )
    def patch(self, request, pk: int):
        evidence = get_object_or_404(Evidence, pk=pk)
        payload = io.EvidenceUpdateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        evidence = api_services.evidence_update(
            evidence=evidence, user=request.user, **payload.validated_data
        )
        return Response(io.EvidenceOutput(evidence).data)


# --- Flags ---------------------------------------------------------------------


class FlagRaiseView(ApiView):
    permission_classes = [require("claims.add_flag")]

    @extend_schema(
        operation_id="flags_raise",
        summary="Flag a claim for review",
        description=(
            "Opens a manual review flag. If the same flag is already open the "
            "answer is 200 with that flag instead of 201."
        ),
        request=io.FlagRaiseInput,
        responses={201: io.FlagOutput, 200: io.FlagOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request, slug: str):
        claim = _claim_for_user(request, slug)
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
        note = payload.validated_data["note"]
        flag = flagging.flag_raise(
            claim=claim,
            reason=FlagReason.MANUAL,
            raised_by=request.user.get_username(),
            evidence=evidence,
            detail={"summary": note},
        )
        if flag is None:
            existing = Flag.objects.open().get(
                claim=claim, reason=FlagReason.MANUAL, evidence=evidence
            )
            return Response(io.FlagOutput(existing).data)
        return Response(io.FlagOutput(flag).data, status=status.HTTP_201_CREATED)


class FlagResolveView(ApiView):
    permission_classes = [require("claims.change_flag")]

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
            resolved = flagging.flag_resolve(
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


# --- Speakers, articles, ratings -------------------------------------------------


class SpeakerListView(ApiListView):
    pagination_class = NamePagination
    serializer_class = io.SpeakerOutput

    @extend_schema(
        operation_id="speakers_list",
        summary="List speakers",
        description="Speakers of at least one public claim, by slug.",
        responses={200: io.SpeakerOutput(many=True), **errors(*READ_ERRORS)},
    )
    def get(self, request):
        queryset = selectors.speaker_list_visible(user=request.user)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(io.SpeakerOutput(page, many=True).data)


class ArticleListView(ApiListView):
    pagination_class = NamePagination
    serializer_class = io.ArticleOutput

    @extend_schema(
        operation_id="articles_list",
        summary="List articles",
        description="Articles in which at least one public claim appears, by slug.",
        responses={200: io.ArticleOutput(many=True), **errors(*READ_ERRORS)},
    )
    def get(self, request):
        queryset = selectors.article_list_visible(user=request.user)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(io.ArticleOutput(page, many=True).data)


class RatingScaleListView(ApiView):
    @extend_schema(
        operation_id="ratings_list",
        summary="Rating scales",
        description=(
            "Every rating scale with its ratings: labels in English and Chinese, "
            "colour, ClaimReview numeric value and the claim kinds it applies to."
        ),
        responses={200: io.RatingScaleOutput(many=True), **errors(*READ_ERRORS)},
    )
    def get(self, request):
        return Response(
            io.RatingScaleOutput(selectors.rating_scale_list(), many=True).data
        )


# --- ClaimReview -----------------------------------------------------------------


class ClaimReviewExportView(ApiListView):
    pagination_class = ClaimReviewPagination

    @extend_schema(
        operation_id="claimreview_list",
        summary="ClaimReview export",
        description=(
            "schema.org ClaimReview for every published claim: the same object the "
            "claim page embeds, with dateModified. Follow `next` for more."
        ),
        responses={200: io.ClaimReviewPageOutput, **errors(*READ_ERRORS)},
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.claim_list_claimreview())
        results = [
            claim_review(
                claim, appearances=[a.article for a in claim.appearances.all()]
            )
            for claim in page
        ]
        return self.get_paginated_response(results)


CLAIMREVIEW_EXAMPLE = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example/claims/xiaomi-ai-team-size/",
    "claimReviewed": "小米AI团队有超过1200人。",
    "inLanguage": "zh-hans",
    "reviewRating": {
        "@type": "Rating",
        "alternateName": "Mostly true",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
    },
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "雷军", "alternateName": "Lei Jun"},
        "datePublished": "2023-08-14",
        "firstAppearance": {
            "@type": "CreativeWork",
            "headline": "雷军年度演讲",
            "url": "https://news.example/lei-jun-2023",
            "datePublished": "2023-08-14",
        },
    },
}

_NAMED = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "alternateName": {"type": "string"}},
}
_CREATIVE_WORK = {
    "type": "object",
    "properties": {
        "headline": {"type": "string"},
        "url": {"type": "string"},
        "datePublished": {"type": "string"},
        "author": _NAMED,
        "publisher": _NAMED,
    },
}
_CLAIMREVIEW_OBJECT = {
    "type": "object",
    "required": ["claimReviewed", "reviewRating", "itemReviewed"],
    "properties": {
        "url": {"type": "string", "format": "uri"},
        "claimReviewed": {"type": "string"},
        "inLanguage": {"type": "string"},
        "reviewRating": {
            "type": "object",
            "properties": {
                "alternateName": {"type": "string"},
                "ratingValue": {"type": "number"},
                "bestRating": {"type": "number"},
                "worstRating": {"type": "number"},
                "ratingExplanation": {"type": "string"},
            },
        },
        "itemReviewed": {
            "type": "object",
            "properties": {
                "author": _NAMED,
                "datePublished": {"type": "string", "format": "date"},
                "firstAppearance": _CREATIVE_WORK,
                "appearance": {"type": "array", "items": _CREATIVE_WORK},
            },
        },
    },
}
_CLAIMREVIEW_REQUEST_SCHEMA = {
    "oneOf": [
        _CLAIMREVIEW_OBJECT,
        {"type": "array", "items": _CLAIMREVIEW_OBJECT, "minItems": 1},
    ]
}


class ClaimReviewImportView(ApiView):
    permission_classes = [require("claims.add_claim")]

    @extend_schema(
        operation_id="claimreview_import",
        summary="Import ClaimReview (editors)",
        description=(
            "Post one ClaimReview object or a list. Each becomes a draft claim: "
            "the speaker is found (by sameAs or name) or created; the rating is "
            "matched by `alternateName` (English or Chinese label, slug or a common "
            "synonym such as 'Pants on Fire', case-insensitive) or else by "
            "`ratingValue` within the scale for the claim's kind; firstAppearance "
            "and appearance become articles. `kind` sets the kind when the rating "
            "alone does not decide it (default: fact, or prediction for outcome "
            "ratings). All or nothing: if any object is invalid, the 400 lists "
            "each with its index and field errors and nothing is imported."
        ),
        parameters=[
            OpenApiParameter(
                "kind", str, enum=import_kind_choices(), description="Claim kind."
            )
        ],
        request={"application/json": _CLAIMREVIEW_REQUEST_SCHEMA},
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
