"""Speakers, articles and rating scales."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from claims import selectors

from .. import serializers as io
from ..filters import NamePagination
from ..schema import READ_ERRORS, errors
from .base import ApiListView, ApiView


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
