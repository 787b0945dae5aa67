"""The editors' workspace: claims, their evidence and flags, and the scales."""

from __future__ import annotations

from datetime import timedelta

from concurrency.admin import ConcurrentModelAdmin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from claims import flagging, services
from claims.flagging import flag_summary
from claims.models import (
    Appearance,
    Article,
    Claim,
    Evidence,
    EvidenceSnapshot,
    Flag,
    FlagResolution,
    Rating,
    RatingChange,
    RatingChangeKind,
    RatingScale,
    ReasonCode,
    Speaker,
    Topic,
)
from claims.tasks import enqueue_evidence_checks

# The badge colours come from /ratings.css (generated from the ratings), the
# shape from claims/admin.css: no inline styles, so the content security
# policy can forbid them.
ADMIN_MEDIA_CSS = {"all": ["claims/admin.css", "/ratings.css"]}


def rating_badge(rating: Rating | None):
    if rating is None:
        return "—"
    return format_html(
        '<span class="rating-badge rating-{}">{}</span>',
        rating.slug,
        f"{rating.label_zh} · {rating.label_en}",
    )


class ClaimAdminForm(forms.ModelForm):
    """Refuses a save based on a version someone else has since replaced.

    The editor's input stays on the form with the error above it, so nothing
    typed is lost. A new rating for a published claim needs the kind of
    change and a public reason (``Claim.clean`` says so on these fields).
    """

    change_kind = forms.ChoiceField(
        label=_("Kind of rating change"),
        choices=[("", "—"), *RatingChangeKind.choices],
        required=False,
        help_text=_(
            "Only when changing the rating of a published claim: a correction "
            "(the rating was wrong) or an update (the facts changed)."
        ),
    )
    change_reason = forms.CharField(
        label=_("Public reason for the new rating"),
        required=False,
        max_length=RatingChange.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("Shown on the claim's timeline and the corrections page."),
    )

    def clean(self):
        cleaned_data = super().clean()
        self.instance.change_kind = cleaned_data.get("change_kind") or ""
        self.instance.change_reason = cleaned_data.get("change_reason") or ""
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
        "why",
        "raised_by",
        "raised_at",
        "resolution",
        "resolved_at",
        "resolution_note",
    ]
    readonly_fields = fields
    ordering = ["resolved_at", "-raised_at"]
    show_change_link = True
    verbose_name_plural = _("flags")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("why"))
    def why(self, flag: Flag):
        return flag_why(flag, with_diff=False)


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
        "submitted_by",
        "submitted_at",
        "review_comment",
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
                    ("rating", "reason_code"),
                    ("change_kind", "change_reason"),
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
                    ("submitted_by", "submitted_at"),
                    "review_comment",
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
    actions = ["submit_for_review", "publish", "send_back", "retract"]
    history_list_display = ["state", "rating"]

    class Media:
        css = ADMIN_MEDIA_CSS

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
            obj.rated_at = timezone.now()
        # Who re-rated a published claim goes on its RatingChange row.
        obj._history_user = request.user
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

    @admin.action(
        description=_("Send selected claims back to draft (with a comment)…"),
        permissions=["publish"],
    )
    def send_back(self, request, queryset):
        """Ask for the comment on a page of its own, then send the claims back."""
        form = SendBackForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run_transition(
                request,
                queryset,
                lambda claim: services.claim_send_back(
                    claim=claim, user=request.user, comment=form.cleaned_data["comment"]
                ),
                lambda n: (
                    ngettext(
                        "%(n)d claim sent back to draft.",
                        "%(n)d claims sent back to draft.",
                        n,
                    )
                    % {"n": n}
                ),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send back to draft"),
            "opts": self.model._meta,
            "form": form,
            "claims": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/claims/claim/send_back.html", context)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return services.user_can_publish(request.user)


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the editor"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Required: what to fix before the claim is submitted again."),
    )


@admin.register(ReasonCode)
class ReasonCodeAdmin(admin.ModelAdmin):
    list_display = ["label_en", "label_zh", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["slug", "label_en", "label_zh"]


@admin.register(RatingChange)
class RatingChangeAdmin(admin.ModelAdmin):
    """Read-only: rows are written when a published claim is re-rated."""

    list_display = ["claim", "kind", "from_rating", "to_rating", "changed_at"]
    list_filter = ["kind"]
    list_select_related = ["claim", "from_rating", "to_rating"]
    search_fields = ["claim__text", "claim__text_en", "reason"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "claim_count"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    # The claim count's GROUP BY drops Meta.ordering: order explicitly so the
    # list and the autocomplete pages are stable.
    ordering = ["name"]

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
    ordering = ["-published_on", "title"]
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
        "requires_reason_code",
    ]


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name", "slug", "worst_value", "best_value"]
    inlines = [RatingInline]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = [
        "badge",
        "slug",
        "scale",
        "value",
        "is_final",
        "requires_reason_code",
        "applies_to",
    ]
    list_filter = ["scale", "is_final", "requires_reason_code"]
    search_fields = ["slug", "label_en", "label_zh"]

    class Media:
        css = ADMIN_MEDIA_CSS

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
        "health_detail",
        "last_checked_at",
    ]
    list_filter = ["health", "stance"]
    actions = ["check_now"]
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

    @admin.action(description=_("Check the selected links now"))
    def check_now(self, request, queryset) -> None:
        ids = list(queryset.exclude(url="").values_list("pk", flat=True))
        enqueue_evidence_checks(ids)
        self.message_user(
            request,
            ngettext(
                "%(n)d link check queued; the result appears here when a "
                "worker has run it.",
                "%(n)d link checks queued; results appear here when a worker "
                "has run them.",
                len(ids),
            )
            % {"n": len(ids)},
            messages.SUCCESS,
        )


@admin.register(EvidenceSnapshot)
class EvidenceSnapshotAdmin(admin.ModelAdmin):
    list_display = ["evidence", "taken_at", "http_status", "content_hash"]
    list_select_related = ["evidence"]
    readonly_fields = [f.name for f in EvidenceSnapshot._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


class FlagStatusFilter(admin.SimpleListFilter):
    """Open flags by default: the changelist is the review queue."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("resolved", _("Resolved")), ("all", _("All"))]

    def choices(self, changelist):
        current = self.value() or "open"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: lookup}
                ),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "open"
        if value == "open":
            return queryset.filter(resolved_at__isnull=True)
        if value == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


class FlagAgeFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [
            ("1", _("Raised in the last day")),
            ("7", _("Raised in the last 7 days")),
            ("older7", _("Older than 7 days")),
            ("older30", _("Older than 30 days")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "1":
            return queryset.filter(raised_at__gte=now - timedelta(days=1))
        if self.value() == "7":
            return queryset.filter(raised_at__gte=now - timedelta(days=7))
        if self.value() == "older7":
            return queryset.filter(raised_at__lt=now - timedelta(days=7))
        if self.value() == "older30":
            return queryset.filter(raised_at__lt=now - timedelta(days=30))
        return queryset


def flag_why(flag: Flag, *, with_diff: bool = True):
    """The flag's reason in words, with the evidence text diff when there is one."""
    summary = flag_summary(flag)
    diff = (flag.detail or {}).get("diff") if with_diff else None
    if not diff:
        return summary
    return format_html(
        '{}<details><summary>{}</summary><pre class="flag-diff">{}</pre></details>',
        summary,
        _("What changed"),
        diff,
    )


class FlagResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("Resolution"), choices=FlagResolution.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Required. Kept with each flag (and in the claim's history)."),
    )
    new_due_end = forms.DateField(
        label=_("New deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only for “Deadline extended”."),
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(
            "resolution"
        ) == FlagResolution.DEADLINE_EXTENDED and not cleaned_data.get("new_due_end"):
            self.add_error("new_due_end", _("Give the new deadline."))
        return cleaned_data


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    """The review queue: open flags across claims, newest first."""

    class Media:
        css = ADMIN_MEDIA_CSS

    list_display = [
        "claim_column",
        "speaker_column",
        "reason",
        "why",
        "raised_by",
        "raised_at",
        "age",
        "resolution",
    ]
    list_filter = [
        FlagStatusFilter,
        "reason",
        FlagAgeFilter,
        ("claim__speaker", admin.RelatedOnlyFieldListFilter),
        "resolution",
    ]
    search_fields = ["claim__text", "claim__text_en", "raised_by"]
    list_select_related = ["claim", "claim__speaker", "evidence"]
    autocomplete_fields = ["claim", "evidence"]
    actions = ["resolve_flags"]
    list_per_page = 100
    fields = [
        "claim",
        "reason",
        "evidence",
        "why",
        "raised_by",
        "raised_at",
        "resolution",
        "resolved_by",
        "resolved_at",
        "resolution_note",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:  # an editor raising a flag by hand
            return [
                "why",
                "raised_by",
                "raised_at",
                "resolution",
                "resolved_by",
                "resolved_at",
                "resolution_note",
            ]
        return self.fields

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.raised_by = request.user.get_username()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("claim"), ordering="claim__text")
    def claim_column(self, flag: Flag):
        text = flag.claim.text
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:claims_claim_change", args=[flag.claim_id]),
            text if len(text) <= 60 else text[:59] + "…",
        )

    @admin.display(description=_("speaker"), ordering="claim__speaker__name")
    def speaker_column(self, flag: Flag) -> str:
        return str(flag.claim.speaker)

    @admin.display(description=_("why"))
    def why(self, flag: Flag):
        return flag_why(flag)

    @admin.display(description=_("age"), ordering="raised_at")
    def age(self, flag: Flag) -> str:
        return timesince(flag.raised_at)

    @admin.action(
        description=_("Resolve selected flags (with a note)…"),
        permissions=["change"],
    )
    def resolve_flags(self, request, queryset):
        """Ask for the resolution and the note on a page of its own, then apply."""
        form = None
        if "apply" in request.POST:
            form = FlagResolveForm(request.POST)
            if form.is_valid():
                flags = queryset.open().select_related("claim")
                try:
                    resolved = flagging.flag_resolve(
                        flags=flags,
                        resolution=form.cleaned_data["resolution"],
                        user=request.user,
                        note=form.cleaned_data["note"],
                        new_due_end=form.cleaned_data["new_due_end"],
                    )
                except ValidationError as error:
                    if hasattr(error, "error_dict"):
                        for field, errors in error.message_dict.items():
                            target = field if field in form.fields else None
                            for message in errors:
                                form.add_error(target, message)
                    else:
                        form.add_error(None, error)
                else:
                    self.message_user(
                        request,
                        ngettext(
                            "%(n)d flag resolved.", "%(n)d flags resolved.", resolved
                        )
                        % {"n": resolved},
                        messages.SUCCESS,
                    )
                    return None
        if form is None:
            form = FlagResolveForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Resolve flags"),
            "opts": self.model._meta,
            "form": form,
            "flags": queryset.select_related("claim", "evidence"),
            "open_count": queryset.open().count(),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(
            request, "admin/claims/flag/resolve_flags.html", context
        )
