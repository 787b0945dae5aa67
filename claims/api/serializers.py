"""Input and output shapes of the API: one pair per operation.

Output serializers only read; input serializers only check types and look
up related rows by slug. The rules (a rating must fit the claim's kind, a
deadline needs both ends, ...) live in the models and run in the services.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    Article,
    ClaimKind,
    DuePrecision,
    FlagResolution,
    Language,
    Rating,
    RatingChangeKind,
    ReasonCode,
    Speaker,
    Stance,
    Topic,
)

# Largest value a PositiveIntegerField holds on every supported database.
MAX_POSITION = 2_147_483_647
MAX_SMALL_POSITION = 32_767


# --- Output ------------------------------------------------------------------


class RatingRefOutput(serializers.Serializer):
    slug = serializers.CharField()
    label_en = serializers.CharField()
    label_zh = serializers.CharField()
    colour = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    is_final = serializers.BooleanField()
    scale = serializers.CharField(source="scale.slug")


class SpeakerRefOutput(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class ArticleRefOutput(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    url = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)


class ClaimDeadlineOutput(serializers.Serializer):
    start = serializers.DateField(source="due_start")
    end = serializers.DateField(source="due_end")
    precision = serializers.CharField(source="due_precision")
    text = serializers.CharField(source="due_text")
    passed = serializers.SerializerMethodField()

    def get_passed(self, claim) -> bool:
        return claim.deadline_passed()


class ClaimListOutput(serializers.Serializer):
    slug = serializers.CharField()
    page_url = serializers.SerializerMethodField()
    text = serializers.CharField()
    text_en = serializers.CharField()
    language = serializers.CharField()
    kind = serializers.CharField()
    state = serializers.CharField()
    speaker = SpeakerRefOutput()
    article = ArticleRefOutput()
    claimed_on = serializers.DateField(allow_null=True)
    deadline = serializers.SerializerMethodField()
    rating = RatingRefOutput(allow_null=True)
    rating_explanation = serializers.CharField()
    rating_explanation_en = serializers.CharField()
    reason_code = serializers.CharField(
        source="reason_code.slug",
        allow_null=True,
        default=None,
        help_text="Why a failing verdict failed, e.g. not-delivered; null if none.",
    )
    rated_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, claim) -> str:
        from claims.jsonld import absolute_url

        return absolute_url(claim.get_absolute_url())

    @extend_schema_field(ClaimDeadlineOutput(allow_null=True))
    def get_deadline(self, claim):
        if claim.due_end is None:
            return None
        return ClaimDeadlineOutput(claim).data


class TopicOutput(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class LinkHealthOutput(serializers.Serializer):
    status = serializers.CharField(source="health")
    http_status = serializers.IntegerField(allow_null=True)
    final_url = serializers.CharField()
    last_checked_at = serializers.DateTimeField(allow_null=True)


class EvidenceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    date_text = serializers.CharField()
    note = serializers.CharField()
    stance = serializers.CharField()
    position = serializers.IntegerField()
    health = LinkHealthOutput(source="*")
    updated_at = serializers.DateTimeField()


class AppearanceOutput(serializers.Serializer):
    article = ArticleRefOutput()
    position = serializers.IntegerField()
    quote = serializers.CharField()


class TimelineEntryOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    event = serializers.ChoiceField(choices=["published", "rerated", "retracted"])
    change_kind = serializers.CharField(
        help_text="rerated only: correction or update; empty otherwise."
    )
    rating = RatingRefOutput(allow_null=True)
    previous_rating = RatingRefOutput(allow_null=True)
    reason = serializers.CharField()


class FlagOutput(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()
    evidence = serializers.IntegerField(source="evidence_id", allow_null=True)
    raised_by = serializers.CharField()
    raised_at = serializers.DateTimeField()
    resolution = serializers.CharField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    resolution_note = serializers.CharField()


class OpenFlagOutput(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()
    raised_at = serializers.DateTimeField()


class ReviewStateOutput(serializers.Serializer):
    under_review = serializers.SerializerMethodField()
    open_flags = OpenFlagOutput(many=True)
    last_reviewed_at = serializers.DateTimeField(allow_null=True)
    next_review_at = serializers.DateTimeField(allow_null=True)

    def get_under_review(self, claim) -> bool:
        return bool(claim.open_flags)


class ClaimDetailOutput(ClaimListOutput):
    quote = serializers.CharField()
    attribution_note = serializers.CharField()
    position = serializers.IntegerField()
    analysis = serializers.CharField()
    topics = TopicOutput(many=True)
    appearances = AppearanceOutput(many=True)
    evidence = EvidenceOutput(many=True)
    timeline = TimelineEntryOutput(many=True)
    review = ReviewStateOutput(source="*")
    retracted_at = serializers.DateTimeField(allow_null=True)
    retraction_reason = serializers.CharField()


class SpeakerOutput(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    description = serializers.CharField()
    description_en = serializers.CharField()
    is_organisation = serializers.BooleanField()
    same_as = serializers.CharField()
    claim_count = serializers.IntegerField(help_text="Public claims by the speaker.")


class ArticleOutput(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    author = serializers.CharField()
    url = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    date_note = serializers.CharField()
    language = serializers.CharField()
    claim_count = serializers.IntegerField(
        help_text="Public claims first made in the article."
    )


class RatingOutput(serializers.Serializer):
    slug = serializers.CharField()
    label_en = serializers.CharField()
    label_zh = serializers.CharField()
    description_en = serializers.CharField()
    description_zh = serializers.CharField()
    colour = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    applies_to = serializers.ListField(child=serializers.CharField())
    is_final = serializers.BooleanField()
    position = serializers.IntegerField()


class RatingScaleOutput(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    best_value = serializers.IntegerField()
    worst_value = serializers.IntegerField()
    ratings = RatingOutput(many=True)


class ClaimReviewPageOutput(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = serializers.ListField(
        child=serializers.DictField(),
        help_text="schema.org ClaimReview objects, as embedded in the claim pages.",
    )


class ImportedClaimOutput(serializers.Serializer):
    index = serializers.IntegerField()
    slug = serializers.CharField()
    speaker = serializers.CharField()
    rating = serializers.CharField()


class ClaimReviewImportOutput(serializers.Serializer):
    count = serializers.IntegerField()
    claims = ImportedClaimOutput(many=True)


# --- Input -------------------------------------------------------------------


class StrictInput(serializers.Serializer):
    """An input that refuses the keys it does not declare.

    A client that sends ``state`` or ``published_at`` learns from a 400
    naming the field that it was not applied, rather than from a 200 that
    quietly ignored it.
    """

    unknown_field_message = _("This field cannot be set here.")

    def to_internal_value(self, data):
        unknown = {}
        if isinstance(data, Mapping):
            unknown = {
                str(key): [self.unknown_field_message]
                for key in data
                if key not in self.fields
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if unknown and isinstance(error.detail, dict):
                error.detail.update(
                    serializers.as_serializer_error(
                        serializers.ValidationError(unknown)
                    )
                )
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


def _slug_field(queryset, **kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="slug", queryset=queryset, **kwargs)


class ClaimCreateInput(StrictInput):
    slug = serializers.SlugField(max_length=80)
    text = serializers.CharField(max_length=2000)
    text_en = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    quote = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    speaker = _slug_field(Speaker.objects.all())
    attribution_note = serializers.CharField(
        max_length=300, required=False, allow_blank=True
    )
    article = _slug_field(Article.objects.all())
    position = serializers.IntegerField(
        min_value=0, max_value=MAX_POSITION, required=False
    )
    kind = serializers.ChoiceField(choices=ClaimKind.choices)
    claimed_on = serializers.DateField(required=False, allow_null=True)
    topics = _slug_field(Topic.objects.all(), many=True, required=False)
    due_start = serializers.DateField(required=False, allow_null=True)
    due_end = serializers.DateField(required=False, allow_null=True)
    due_precision = serializers.ChoiceField(
        choices=DuePrecision.choices, required=False, allow_blank=True
    )
    due_text = serializers.CharField(max_length=200, required=False, allow_blank=True)
    rating = _slug_field(
        Rating.objects.all(),
        required=False,
        allow_null=True,
        help_text="A rating slug from a scale that applies to the kind.",
    )
    rating_explanation = serializers.CharField(
        max_length=600, required=False, allow_blank=True
    )
    rating_explanation_en = serializers.CharField(
        max_length=600, required=False, allow_blank=True
    )
    reason_code = _slug_field(
        ReasonCode.objects.all(),
        required=False,
        allow_null=True,
        help_text="Why the claim failed; required for ratings that ask for one.",
    )
    analysis = serializers.CharField(max_length=20000, required=False, allow_blank=True)


class ClaimUpdateInput(ClaimCreateInput):
    version = serializers.IntegerField(
        help_text="The version you read; a stale one is refused with 409."
    )
    reason = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text="Why it changed: kept in the history.",
    )
    change_kind = serializers.ChoiceField(
        choices=RatingChangeKind.choices,
        required=False,
        allow_blank=True,
        help_text="Required with a new rating for a published claim.",
    )
    change_reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text=(
            "The public reason for a published claim's new rating, shown on its "
            "timeline and the corrections page (defaults to `reason`)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


class EvidenceCreateInput(StrictInput):
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    title = serializers.CharField(max_length=500)
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True)
    published_on = serializers.DateField(required=False, allow_null=True)
    date_text = serializers.CharField(max_length=100, required=False, allow_blank=True)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    stance = serializers.ChoiceField(choices=Stance.choices, required=False)
    position = serializers.IntegerField(
        min_value=0, max_value=MAX_SMALL_POSITION, required=False
    )


class EvidenceUpdateInput(EvidenceCreateInput):
    updated_at = serializers.DateTimeField(
        help_text="The updated_at you read; a stale one is refused with 409."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "updated_at":
                field.required = False


class FlagRaiseInput(serializers.Serializer):
    note = serializers.CharField(
        max_length=2000, help_text="What needs another look, and why."
    )
    evidence = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="The id of the claim's evidence the flag is about, if any.",
    )


class FlagResolveInput(serializers.Serializer):
    resolution = serializers.ChoiceField(choices=FlagResolution.choices)
    note = serializers.CharField(
        max_length=4000, help_text="Kept with the flag; required."
    )
    new_due_end = serializers.DateField(
        required=False, help_text="deadline_extended only: the new deadline."
    )


class EmptyInput(serializers.Serializer):
    pass


class RetractInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class SendBackInput(serializers.Serializer):
    comment = serializers.CharField(
        max_length=2000, help_text="What the editor should fix."
    )
