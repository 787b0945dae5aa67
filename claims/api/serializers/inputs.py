"""Input shapes of the API: one per write operation.

They only check types and look up related rows by slug; a field a client
names that the operation does not take is refused here with its name. The
rules (a rating must fit the claim's kind, a deadline needs both ends, ...)
live in the models and run in the services.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
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
    validate_language_tag,
)

# Largest value a PositiveIntegerField holds on every supported database.
MAX_POSITION = 2_147_483_647
MAX_SMALL_POSITION = 32_767


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
    slug = serializers.SlugField(
        max_length=80,
        required=False,
        help_text=(
            "Leave out to have one made from text_en, else text (pinyin for "
            "Chinese), numbered if taken."
        ),
    )
    text = serializers.CharField(max_length=2000)
    text_en = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    quote = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    language = serializers.CharField(
        max_length=35,
        required=False,
        validators=[validate_language_tag],
        help_text="BCP 47 tag of the text as made: zh-hans (default), en, fr, ...",
    )
    speaker = _slug_field(Speaker.objects.all())
    attribution_note = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="In Chinese."
    )
    attribution_note_en = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="In English."
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
        max_length=600, required=False, allow_blank=True, help_text="In Chinese."
    )
    rating_explanation_en = serializers.CharField(
        max_length=600, required=False, allow_blank=True, help_text="In English."
    )
    reason_code = _slug_field(
        ReasonCode.objects.all(),
        required=False,
        allow_null=True,
        help_text="Why the claim failed; required for ratings that ask for one.",
    )
    analysis = serializers.CharField(
        max_length=20000,
        required=False,
        allow_blank=True,
        help_text="Markdown, in Chinese.",
    )
    analysis_en = serializers.CharField(
        max_length=20000,
        required=False,
        allow_blank=True,
        help_text="Markdown, in English.",
    )


@extend_schema_field(
    {
        "oneOf": [
            {"type": "boolean"},
            {"type": "array", "items": {"type": "integer", "minimum": 1}},
        ]
    }
)
class ResolveFlagsField(serializers.Field):
    """``true``, or a list of flag ids."""

    default_error_messages = {
        "invalid": _(
            "Give true (the claim's deadline-passed and review-due flags) or a "
            "list of flag ids."
        )
    }

    def to_internal_value(self, data):
        if data is True or data is False:
            return data
        if isinstance(data, list) and all(
            isinstance(item, int) and not isinstance(item, bool) and item > 0
            for item in data
        ):
            return data
        self.fail("invalid")

    def to_representation(self, value):
        return value


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
            "The public reason for a published claim's new rating or deadline, "
            "shown on its timeline (a new rating also on the corrections page), "
            "in Chinese (defaults to `reason`)."
        ),
    )
    resolve_flags = ResolveFlagsField(
        required=False,
        help_text=(
            "With a new rating only: close these open flags of the claim as "
            "re-rated in the same save, or for a published claim when a second "
            "person approves the revision. `true` closes its deadline-passed and "
            "review-due flags; a list names flag ids (any reason)."
        ),
    )
    change_reason_en = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="The same public reason in English.",
    )
    retraction_reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="The reason a retraction will show, in Chinese.",
    )
    retraction_reason_en = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="The same reason in English.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


class EvidenceCreateInput(StrictInput):
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    title = serializers.CharField(
        max_length=500, help_text="As the source gives it, in `language`."
    )
    title_en = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text="In English, when the source is not.",
    )
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text="The source's language (default zh-hans).",
    )
    publisher = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="As named."
    )
    publisher_en = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="In English."
    )
    published_on = serializers.DateField(required=False, allow_null=True)
    date_text = serializers.CharField(max_length=100, required=False, allow_blank=True)
    note = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, help_text="In Chinese."
    )
    note_en = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, help_text="In English."
    )
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
    reason = serializers.CharField(
        max_length=2000,
        allow_blank=True,
        help_text="Why, in Chinese; this or `reason_en` is required.",
    )
    reason_en = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Why, in English.",
    )


class SendBackInput(serializers.Serializer):
    comment = serializers.CharField(
        max_length=2000, help_text="What the editor should fix."
    )


class RevisionDecisionInput(serializers.Serializer):
    note = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        help_text="Kept with the decision; required to reject.",
    )
