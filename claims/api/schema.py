"""The OpenAPI documentation of the API that no view runs: the error shape,
the documented error responses and the ClaimReview import's request schema."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


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
    413: "The request body is larger than the service accepts.",
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
        "inLanguage": {
            "type": "string",
            "description": "BCP 47 tag; detected from claimReviewed when left out.",
        },
        "author": {
            "type": "object",
            "description": "The fact-checker: kept, and named as author on export.",
            "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
        },
        "datePublished": {
            "type": "string",
            "description": "The review's date (or date-time); its date is kept.",
        },
        "headline": {"type": "string"},
        "reviewRating": {
            "type": "object",
            "properties": {
                "alternateName": {
                    "type": "string",
                    "description": "The fact-checker's own verdict, looked up in "
                    "the verdict crosswalk; kept as written.",
                },
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
                "url": {
                    "type": "string",
                    "description": "Where the claim was made, when no appearance "
                    "is given.",
                },
                "firstAppearance": _CREATIVE_WORK,
                "appearance": {"type": "array", "items": _CREATIVE_WORK},
            },
        },
    },
}
CLAIMREVIEW_REQUEST_SCHEMA = {
    "oneOf": [
        _CLAIMREVIEW_OBJECT,
        {"type": "array", "items": _CLAIMREVIEW_OBJECT, "minItems": 1},
    ]
}
