"""Output shapes of the API: they only read, one per operation."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


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


class HighlightOutput(serializers.Serializer):
    field = serializers.CharField(
        help_text="Where the words matched: text, text_en, quote, speaker.name, "
        "speaker.name_en, article.title, rating_explanation, "
        "rating_explanation_en, analysis, evidence.title or evidence.note."
    )
    snippet = serializers.CharField(
        source="html",
        help_text="The passage as HTML: its text escaped, each match in <mark>, "
        "cut to about 160 characters around the first match (… where cut).",
    )
    language = serializers.CharField(
        help_text="zh-hans when the passage holds Chinese, else en."
    )


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

    highlight = serializers.SerializerMethodField(
        help_text="With ?search=: where the words matched, the claim's own text "
        "first (at most three passages). Null without a search."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, claim) -> str:
        from claims.jsonld import absolute_url

        return absolute_url(claim.get_absolute_url())

    @extend_schema_field(HighlightOutput(many=True, allow_null=True))
    def get_highlight(self, claim) -> list | None:
        # Set by the list view for a search; cached items hold null.
        passages = getattr(claim, "search_highlights", None)
        return None if passages is None else HighlightOutput(passages, many=True).data

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
    highlight = None  # a list's search result only

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
