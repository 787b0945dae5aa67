"""Output shapes of the API: they only read, one per operation."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.labels import in_language
from claims.services.flags import FlagNoted


class LocalTextOutput(serializers.Serializer):
    """One text as a reader of the request's language sees it
    (``claims.labels.in_language``, the rule of the reader pages)."""

    text = serializers.CharField(help_text="Empty when no version exists.")
    language = serializers.CharField(help_text="The language `text` is in.")
    original = serializers.BooleanField(
        help_text=(
            "True when the version in the request's language is missing and "
            "`text` is the original, in its own language."
        )
    )


def display(obj, fields: tuple[str, ...]) -> dict:
    """``fields`` of ``obj`` in the request's language (Accept-Language, else
    Chinese), each with the language it is in."""
    shown = {}
    for field in fields:
        text = in_language(obj, field)
        shown[field] = {
            "text": text.text,
            "language": text.language,
            "original": text.is_fallback,
        }
    return shown


class EvidenceDisplayOutput(serializers.Serializer):
    title = LocalTextOutput()
    publisher = LocalTextOutput()
    note = LocalTextOutput()


class ClaimDisplayOutput(serializers.Serializer):
    text = LocalTextOutput()
    attribution_note = LocalTextOutput()
    rating_explanation = LocalTextOutput()
    analysis = LocalTextOutput()
    retraction_reason = LocalTextOutput()


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
    title = serializers.CharField(help_text="As published, in `language`.")
    title_en = serializers.CharField(help_text="In English; empty if not given.")
    publisher = serializers.CharField()
    publisher_en = serializers.CharField()
    language = serializers.CharField()
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
    rating_explanation = serializers.CharField(help_text="In Chinese.")
    rating_explanation_en = serializers.CharField(help_text="In English.")
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
    title = serializers.CharField(help_text="As the source gives it, in `language`.")
    title_en = serializers.CharField(help_text="In English; empty if not given.")
    language = serializers.CharField(help_text="The source's language.")
    publisher = serializers.CharField()
    publisher_en = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    date_text = serializers.CharField()
    note = serializers.CharField(help_text="In Chinese.")
    note_en = serializers.CharField(help_text="In English.")
    stance = serializers.CharField()
    position = serializers.IntegerField()
    health = LinkHealthOutput(source="*")
    updated_at = serializers.DateTimeField()
    display = serializers.SerializerMethodField(
        help_text="Title, publisher and note in the request's language."
    )

    @extend_schema_field(EvidenceDisplayOutput)
    def get_display(self, evidence) -> dict:
        return display(evidence, ("title", "publisher", "note"))


class AppearanceOutput(serializers.Serializer):
    article = ArticleRefOutput()
    position = serializers.IntegerField()
    quote = serializers.CharField()


class DeadlineWindowOutput(serializers.Serializer):
    start = serializers.DateField(source="due_start", allow_null=True)
    end = serializers.DateField(source="due_end", allow_null=True)
    precision = serializers.CharField(source="due_precision")
    text = serializers.CharField(source="due_text")


class TimelineEntryOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    event = serializers.ChoiceField(
        choices=["published", "rerated", "deadline", "retracted"]
    )
    change_kind = serializers.CharField(
        help_text="rerated only: correction or update; empty otherwise."
    )
    rating = RatingRefOutput(allow_null=True)
    previous_rating = RatingRefOutput(allow_null=True)
    previous_deadline = DeadlineWindowOutput(
        allow_null=True, help_text="deadline only: the deadline before the change."
    )
    deadline = DeadlineWindowOutput(
        allow_null=True, help_text="deadline only: the deadline after the change."
    )
    reason = serializers.CharField(help_text="In Chinese.")
    reason_en = serializers.CharField(help_text="In English.")


class FlagNoteOutput(serializers.Serializer):
    by = serializers.CharField()
    at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()


class FlagOutput(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()
    evidence = serializers.IntegerField(source="evidence_id", allow_null=True)
    raised_by = serializers.CharField()
    raised_at = serializers.DateTimeField()
    resolution = serializers.CharField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    resolution_note = serializers.CharField()
    notes = serializers.SerializerMethodField()

    @extend_schema_field(FlagNoteOutput(many=True))
    def get_notes(self, flag) -> list[dict]:
        """Who added which note (a flag raised again adds its note here)."""
        detail = flag.detail or {}
        notes = detail.get("notes")
        if notes is None and detail.get("summary") and flag.reason == "manual":
            notes = [{"by": flag.raised_by, "at": None, "note": detail["summary"]}]
        return FlagNoteOutput(notes or [], many=True).data


class FlagRaiseOutput(FlagOutput):
    outcome = serializers.ChoiceField(
        choices=FlagNoted.choices,
        help_text=(
            "created: a new flag (201). note_added: the same flag was open, the "
            "note was added to it (200). already_noted: the same flag with the "
            "same note was open, nothing changed (200)."
        ),
    )


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
    attribution_note = serializers.CharField(help_text="In Chinese.")
    attribution_note_en = serializers.CharField(help_text="In English.")
    position = serializers.IntegerField()
    analysis = serializers.CharField(help_text="Markdown, in Chinese.")
    analysis_en = serializers.CharField(help_text="Markdown, in English.")
    topics = TopicOutput(many=True)
    appearances = AppearanceOutput(many=True)
    evidence = EvidenceOutput(many=True)
    timeline = TimelineEntryOutput(many=True)
    review = ReviewStateOutput(source="*")
    retracted_at = serializers.DateTimeField(allow_null=True)
    retraction_reason = serializers.CharField(help_text="In Chinese.")
    retraction_reason_en = serializers.CharField(help_text="In English.")
    display = serializers.SerializerMethodField(
        help_text=(
            "The claim's texts as a reader of the request's language sees "
            "them (Accept-Language; default Chinese): that version, else the "
            "original marked `original`, the rule of the reader pages."
        )
    )

    @extend_schema_field(ClaimDisplayOutput)
    def get_display(self, claim) -> dict:
        return display(
            claim,
            (
                "text",
                "attribution_note",
                "rating_explanation",
                "analysis",
                "retraction_reason",
            ),
        )


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
    title = serializers.CharField(help_text="As published, in `language`.")
    title_en = serializers.CharField(help_text="In English; empty if not given.")
    publisher = serializers.CharField()
    publisher_en = serializers.CharField()
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
    rating = serializers.CharField(
        help_text="The rating's slug; empty while the verdict waits for mapping."
    )
    language = serializers.CharField(help_text="BCP 47 tag, given or detected.")
    verdict = serializers.CharField(help_text="The reviewer's own verdict label.")
    waiting_for_mapping = serializers.BooleanField(
        help_text="The label is not in the verdict crosswalk: an editor maps it."
    )


class ClaimReviewImportOutput(serializers.Serializer):
    count = serializers.IntegerField()
    claims = ImportedClaimOutput(many=True)


class RevisionFieldOutput(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField(help_text="The published value, as an editor reads it.")
    new = serializers.CharField(help_text="The proposed value.")


class RevisionOutput(serializers.Serializer):
    """A change to a public claim waiting for (or past) a second person."""

    id = serializers.IntegerField()
    claim = serializers.CharField(source="claim.slug")
    status = serializers.ChoiceField(
        choices=["pending", "approved", "rejected", "withdrawn"]
    )
    author = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    base_version = serializers.IntegerField(
        help_text="The claim's version the change was made to; approval is "
        "refused (409) when the claim has moved on."
    )
    fields = serializers.DictField(help_text="The proposed values by field (JSON).")
    changes = RevisionFieldOutput(many=True, source="field_diff")
    topics = serializers.ListField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text="Proposed topic ids; null when the topics stay.",
    )
    change_kind = serializers.CharField()
    change_reason = serializers.CharField(
        help_text="The public reason for the new rating or deadline."
    )
    change_reason_en = serializers.CharField(
        help_text="The public reason for the new rating, in English."
    )
    resolve_flags = serializers.JSONField(
        help_text="The flags the new rating closes as re-rated when the "
        "revision is approved: their ids, or true for the claim's "
        "deadline-passed and review-due flags."
    )
    evidence_changes = serializers.ListField(
        child=serializers.DictField(),
        help_text="Each with its operation (add, change, remove), the evidence "
        "id and version it was read at, and the proposed values.",
    )
    decided_by = serializers.SerializerMethodField()
    decided_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author(self, revision) -> str | None:
        return revision.author.get_username() if revision.author else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decided_by(self, revision) -> str | None:
        return revision.decided_by.get_username() if revision.decided_by else None
