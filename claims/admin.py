"""The editors' workspace: claims, their evidence and flags, and the scales."""

from __future__ import annotations

from concurrency.admin import ConcurrentModelAdmin
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    Appearance,
    Article,
    Claim,
    Evidence,
    EvidenceSnapshot,
    Flag,
    Rating,
    RatingScale,
    Speaker,
    Topic,
)


def rating_badge(rating: Rating | None):
    if rating is None:
        return "—"
    return format_html(
        '<span class="rating-badge" style="background:{};color:#fff;'
        'padding:2px 8px;border-radius:10px;white-space:nowrap">{}</span>',
        rating.colour,
        f"{rating.label_zh} · {rating.label_en}",
    )


class ClaimAdminForm(forms.ModelForm):
    """Refuses a save based on a version someone else has since replaced.

    The editor's input stays on the form with the error above it, so nothing
    typed is lost.
    """

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            current = (
                Claim.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and cleaned_data.get("version") != current:
                raise ValidationError(
                    _(
                        "Someone else saved this claim after you opened it, so "
                        "your changes were not saved. They are still in the form "
                        "below: open the claim in a new tab to see the current "
                        "version, then apply your changes to it and save again."
                    ),
                    code="stale",
                )
        return cleaned_data


class EvidenceInline(admin.StackedInline):
    model = Evidence
    extra = 0
    fields = [
        ("title", "stance"),
        ("url",),
        ("publisher", "published_on", "date_text"),
        "note",
        ("health", "http_status", "last_checked_at"),
    ]
    readonly_fields = ["health", "http_status", "last_checked_at"]
    show_change_link = True


class AppearanceInline(admin.TabularInline):
    model = Appearance
    extra = 0
    autocomplete_fields = ["article"]
    fields = ["article", "position", "quote"]


class FlagInline(admin.TabularInline):
    model = Flag
    extra = 0
    can_delete = False
    fields = [
        "reason",
        "evidence",
        "raised_by",
        "raised_at",
        "resolution",
        "resolved_at",
        "resolution_note",
    ]
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = _("flags")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class DeadlineFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            ("passed", _("Passed")),
            ("upcoming", _("Upcoming")),
            ("none", _("No deadline")),
        ]

    def queryset(self, request, queryset):
        from django.utils import timezone

        today = timezone.localdate()
        if self.value() == "passed":
            return queryset.filter(due_end__lt=today)
        if self.value() == "upcoming":
            return queryset.filter(due_end__gte=today)
        if self.value() == "none":
            return queryset.filter(due_end__isnull=True)
        return queryset


@admin.register(Claim)
class ClaimAdmin(ConcurrentModelAdmin, SimpleHistoryAdmin):
    form = ClaimAdminForm
    list_display = [
        "short_text",
        "speaker",
        "kind",
        "rating_column",
        "deadline_column",
        "state",
        "open_flags",
        "last_reviewed_at",
    ]
    list_filter = [
        "state",
        "kind",
        "rating",
        DeadlineFilter,
        "topics",
        ("article", admin.RelatedOnlyFieldListFilter),
        ("speaker", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "text",
        "text_en",
        "quote",
        "slug",
        "speaker__name",
        "speaker__name_en",
    ]
    autocomplete_fields = ["speaker", "article"]
    filter_horizontal = ["topics"]
    list_select_related = ["speaker", "rating", "article"]
    list_per_page = 50
    prepopulated_fields = {"slug": ["text_en"]}
    readonly_fields = [
        "state",
        "published_at",
        "retracted_at",
        "rated_at",
        "next_review_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "text",
                    "text_en",
                    "quote",
                    ("language", "kind"),
                    ("speaker", "attribution_note"),
                    ("article", "position", "claimed_on"),
                    "topics",
                    "slug",
                    "version",
                ]
            },
        ),
        (
            _("Deadline"),
            {
                "fields": [("due_start", "due_end"), ("due_precision", "due_text")],
                "description": _("For predictions and promises only."),
            },
        ),
        (
            _("Rating"),
            {
                "fields": [
                    "rating",
                    "rating_explanation",
                    "rating_explanation_en",
                    "analysis",
                    "rated_at",
                ]
            },
        ),
        (
            _("Editorial state"),
            {
                "fields": [
                    ("state", "published_at"),
                    ("retracted_at", "retraction_reason"),
                ]
            },
        ),
        (
            _("Review clock"),
            {
                "fields": [
                    ("last_reviewed_at", "review_interval", "next_review_at"),
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]
    inlines = [EvidenceInline, AppearanceInline, FlagInline]
    actions = ["submit_for_review", "publish", "retract"]
    history_list_display = ["state", "rating"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).with_open_flag_count()

    @admin.display(description=_("claim"), ordering="text")
    def short_text(self, claim: Claim) -> str:
        text = claim.text
        return text if len(text) <= 60 else text[:59] + "…"

    @admin.display(description=_("rating"), ordering="rating__position")
    def rating_column(self, claim: Claim):
        return rating_badge(claim.rating)

    @admin.display(description=_("deadline"), ordering="due_end")
    def deadline_column(self, claim: Claim) -> str:
        if claim.due_end is None:
            return "—"
        return claim.due_text or claim.due_end.isoformat()

    @admin.display(description=_("open flags"), ordering="open_flag_count")
    def open_flags(self, claim: Claim) -> int:
        return claim.open_flag_count

    def save_model(self, request, obj, form, change) -> None:
        if obj.rating_id and "rating" in form.changed_data:
            from django.utils import timezone

            obj.rated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def _run_transition(self, request, queryset, transition, done_message) -> None:
        done = 0
        for claim in queryset:
            try:
                transition(claim)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            except ValidationError as error:
                self.message_user(
                    request, f"{claim.slug}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Submit selected drafts for review"))
    def submit_for_review(self, request, queryset) -> None:
        self._run_transition(
            request,
            queryset,
            lambda claim: services.claim_submit_for_review(
                claim=claim, user=request.user
            ),
            lambda n: (
                ngettext(
                    "%(n)d claim submitted for review.",
                    "%(n)d claims submitted for review.",
                    n,
                )
                % {"n": n}
            ),
        )

    @admin.action(description=_("Publish selected claims"), permissions=["publish"])
    def publish(self, request, queryset) -> None:
        self._run_transition(
            request,
            queryset,
            lambda claim: services.claim_publish(claim=claim, user=request.user),
            lambda n: (
                ngettext("%(n)d claim published.", "%(n)d claims published.", n)
                % {"n": n}
            ),
        )

    @admin.action(
        description=_("Retract selected claims (uses each claim's retraction reason)"),
        permissions=["publish"],
    )
    def retract(self, request, queryset) -> None:
        self._run_transition(
            request,
            queryset,
            lambda claim: services.claim_retract(
                claim=claim, user=request.user, reason=claim.retraction_reason
            ),
            lambda n: (
                ngettext("%(n)d claim retracted.", "%(n)d claims retracted.", n)
                % {"n": n}
            ),
        )

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return services.user_can_publish(request.user)


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "claim_count"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, speaker: Speaker) -> int:
        return speaker.claim_count


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "author", "published_on", "claim_count"]
    list_filter = ["publisher", "language"]
    search_fields = ["title", "publisher", "author", "url"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, article: Article) -> int:
        return article.claim_count


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    fields = [
        "position",
        "slug",
        "label_en",
        "label_zh",
        "colour",
        "value",
        "applies_to",
        "is_final",
    ]


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name", "slug", "worst_value", "best_value"]
    inlines = [RatingInline]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["badge", "slug", "scale", "value", "is_final", "applies_to"]
    list_filter = ["scale", "is_final"]
    search_fields = ["slug", "label_en", "label_zh"]

    @admin.display(description=_("rating"))
    def badge(self, rating: Rating):
        return rating_badge(rating)


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "claim",
        "publisher",
        "stance",
        "health",
        "last_checked_at",
    ]
    list_filter = ["health", "stance"]
    search_fields = ["title", "url", "publisher", "claim__text", "claim__text_en"]
    autocomplete_fields = ["claim"]
    list_select_related = ["claim"]
    readonly_fields = [
        "health",
        "http_status",
        "final_url",
        "content_hash",
        "consecutive_failures",
        "first_failed_at",
        "health_detail",
        "last_checked_at",
        "next_check_at",
    ]


@admin.register(EvidenceSnapshot)
class EvidenceSnapshotAdmin(admin.ModelAdmin):
    list_display = ["evidence", "taken_at", "http_status", "content_hash"]
    list_select_related = ["evidence"]
    readonly_fields = [f.name for f in EvidenceSnapshot._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


class OpenFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("resolved", _("Resolved"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["claim", "reason", "raised_by", "raised_at", "resolution"]
    list_filter = [OpenFilter, "reason", "resolution"]
    search_fields = ["claim__text", "claim__text_en", "raised_by"]
    list_select_related = ["claim"]
    autocomplete_fields = ["claim", "evidence"]
