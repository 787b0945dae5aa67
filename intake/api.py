"""Editors' API: candidate claims for a text, without storing anything."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import permissions
from claims.api.schema import errors
from claims.models import Claim, ClaimKind, DuePrecision, Language

from . import services


class IsEditor(BasePermission):
    """Accounts that may add claims (the Editors group): the same rule as
    the claims API's create, whether or not the account signs in to the
    admin."""

    message = "Only editors (accounts that may add claims) can ask for suggestions."

    def has_permission(self, request, view) -> bool:
        return permissions.can_create_claim(request.user)


class SuggestInput(serializers.Serializer):
    text = serializers.CharField(max_length=200_000, trim_whitespace=True)
    date = serializers.DateField(
        required=False, help_text="The article's date; default today."
    )
    language = serializers.ChoiceField(
        choices=Language.choices, required=False, allow_blank=True
    )


class SpanOutput(serializers.Serializer):
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    label = serializers.CharField()
    text = serializers.CharField()


class DeadlineOutput(serializers.Serializer):
    due_start = serializers.DateField()
    due_end = serializers.DateField()
    precision = serializers.ChoiceField(choices=DuePrecision.choices)
    text = serializers.CharField()


class SimilarClaimOutput(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    text = serializers.CharField()
    similarity = serializers.FloatField()


class CandidateOutput(serializers.Serializer):
    sentence = serializers.CharField(
        help_text="The quote: the sentence, or the clause of it, in its words."
    )
    text = serializers.CharField(
        help_text="The claim's wording: for a clause, with the sentence's speaker "
        "and subject carried over."
    )
    speaker_name = serializers.CharField(
        allow_blank=True,
        help_text="The name in the reporting verb, or the byline's author; empty "
        "when none.",
    )
    passed = serializers.BooleanField(
        help_text="The deadline had passed when the article was written."
    )
    position = serializers.IntegerField()
    score = serializers.FloatField()
    kind = serializers.ChoiceField(choices=ClaimKind.choices)
    spans = SpanOutput(many=True)
    deadline = DeadlineOutput(allow_null=True)
    similar_claim = SimilarClaimOutput(allow_null=True)


class SuggestOutput(serializers.Serializer):
    language = serializers.CharField()
    date = serializers.DateField()
    candidates = CandidateOutput(many=True)


class SuggestView(APIView):
    """Suggest the check-worthy sentences of a text, best first."""

    permission_classes = [IsEditor]

    @extend_schema(
        request=SuggestInput,
        responses={200: SuggestOutput, **errors(400, 401, 403, 413, 429)},
    )
    def post(self, request: Request) -> Response:
        given = SuggestInput(data=request.data)
        given.is_valid(raise_exception=True)
        text = services.text_for_intake(given.validated_data["text"])
        written_on = given.validated_data.get("date") or timezone.localdate()
        language = given.validated_data.get("language") or services.guess_language(text)
        found = services.suggestions(text, written_on=written_on)
        index = services.repeat_index()
        matches = {c.position: index.best(c.sentence) for c in found}
        claims = Claim.objects.in_bulk(
            [m.claim_id for m in matches.values() if m is not None]
        )
        rows = []
        for candidate in found:
            row = candidate.as_dict()
            match = matches[candidate.position]
            claim = claims.get(match.claim_id) if match else None
            row["similar_claim"] = (
                {
                    "id": claim.pk,
                    "slug": claim.slug,
                    "text": claim.text,
                    "similarity": match.similarity,
                }
                if claim
                else None
            )
            rows.append(row)
        body = {"language": language, "date": written_on, "candidates": rows}
        return Response(SuggestOutput(body).data)
