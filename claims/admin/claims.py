"""The claim admin: the edit form and the review workflow actions.

Every save goes through the claim services (``claims.services``): the form
hands over the fields the editor changed, and the services refuse any they
do not allow, set ``rated_at`` and record who changed what.
"""

from __future__ import annotations

from concurrency.admin import ConcurrentModelAdmin
from concurrency.exceptions import RecordModifiedError
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from claims import permissions, selectors, services
from claims.admin.actions import (
    HistoryIdMixin,
    VersionedActionsMixin,
    action_form_page,
    rows_named,
)
from claims.admin.claim_forms import ClaimAdminForm, SendBackForm
from claims.admin.common import (
    ADMIN_MEDIA_CSS,
    adopt,
    form_changes,
    rating_badge,
)
from claims.admin.inlines import (
    AppearanceInline,
    EvidenceInline,
    ExternalReviewInline,
    FlagInline,
    inline_formset_save,
)
from claims.admin.language import EnglishFieldsMixin
from claims.admin.revisions import HeldChangesMixin
from claims.admin.workflow import WorkflowButtonsMixin
from claims.exceptions import StaleUpdate
from claims.models import Claim
from claims.reasons import ChangeReason


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
        if self.value() == "passed":
            return queryset.deadline_passed()
        if self.value() == "upcoming":
            return queryset.deadline_upcoming()
        if self.value() == "none":
            return queryset.without_deadline()
        return queryset


@admin.register(Claim)
class ClaimAdmin(
    WorkflowButtonsMixin,
    HeldChangesMixin,
    EnglishFieldsMixin,
    VersionedActionsMixin,
    HistoryIdMixin,
    ConcurrentModelAdmin,
    SimpleHistoryAdmin,
):
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
    # The search box (and the claim pickers' autocomplete) use the site's
    # search (get_search_results); a slug is also found by any part of it.
    search_fields = ["slug"]
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
                    "speaker",
                    ("attribution_note", "attribution_note_en"),
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
                    "change_kind",
                    ("change_reason", "change_reason_en"),
                    "rating_explanation",
                    "rating_explanation_en",
                    "analysis",
                    "analysis_en",
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
                    "retracted_at",
                    ("retraction_reason", "retraction_reason_en"),
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
    inlines = [EvidenceInline, AppearanceInline, FlagInline, ExternalReviewInline]
    actions = ["submit_for_review", "publish", "send_back", "retract"]
    # Each acts on a claim as the user saw it, never on "all N matching".
    versioned_actions = ("submit_for_review", "publish", "send_back", "retract")
    history_list_display = ["state", "rating"]

    class Media:
        css = ADMIN_MEDIA_CSS

    def row_name(self, obj: Claim) -> str:
        """Messages name a claim by its text as made."""
        return obj.text

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).with_open_flag_count()

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        found = selectors.claim_search(
            queryset=Claim.objects.all(), query=search_term, bounded=False
        )
        matches = Q(pk__in=found.values("pk")) | Q(slug__icontains=search_term.strip())
        return queryset.filter(matches), False

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
        return claim.due_text or date_format(claim.due_end)

    @admin.display(description=_("open flags"), ordering="open_flag_count")
    def open_flags(self, claim: Claim) -> int:
        return claim.open_flag_count

    def get_fieldsets(self, request, obj=None):
        """The rating section offers to close the claim's open flags when
        it has any (the claim list counted them: ``open_flag_count``)."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not getattr(obj, "open_flag_count", 0):
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        *options["fields"],
                        *(["close_flags"] if name == _("Rating") else []),
                    ],
                },
            )
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is None:  # a new draft has no review clock or retraction yet
            readonly += [
                "last_reviewed_at",
                "retraction_reason",
                "retraction_reason_en",
            ]
        return readonly

    def save_model(self, request, obj, form, change) -> None:
        """Save through the claim services: only the fields they allow, with
        ``rated_at`` and the history set there; a public claim's change is
        held as a pending revision instead (``HeldChangesMixin``)."""
        if self.hold_change(request, obj, form, change):
            return
        fields = form_changes(form, exclude=["version", "topics"])
        topics = None
        if "topics" in form.changed_data:
            topics = form.cleaned_data["topics"]
        unchanged = not fields and topics is None
        if change and unchanged and self.workflow_step_chosen(request):
            return  # a workflow button on an unchanged form: only the step is saved
        if change:
            saved = services.claim_update(
                claim=obj,
                user=request.user,
                version=form.cleaned_data["version"],
                fields=fields,
                topics=topics,
                change_kind=form.cleaned_data.get("change_kind") or "",
                change_reason=form.cleaned_data.get("change_reason") or "",
                change_reason_en=form.cleaned_data.get("change_reason_en") or "",
                reason=ChangeReason.CHANGED_ADMIN,
                resolve_flags=form.flags_to_close(),
            )
        else:
            saved = services.claim_create(
                user=request.user,
                fields=fields,
                topics=topics,
                reason=ChangeReason.CREATED_ADMIN,
            )
        adopt(obj, saved)

    def save_related(self, request, form, formsets, change) -> None:
        if self.hold_related(request, form, formsets, change):
            return
        # The topics were saved with the claim (save_model), not by the form.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change) -> None:
        inline_formset_save(formset, user=request.user)

    def _run_transition(self, request, queryset, transition, done_message) -> None:
        """Apply ``transition`` to each claim; a claim someone saves while the
        action runs is left as it is and named, the others go on."""
        done = 0
        overtaken: list[Claim] = []
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
            except (RecordModifiedError, StaleUpdate):
                overtaken.append(claim)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        if overtaken:
            self.message_user(
                request,
                _(
                    "Not changed, because someone else saved them while the "
                    "action ran: %(rows)s. Reload the list to see them as they "
                    "are now."
                )
                % {"rows": rows_named(map(self.row_name, overtaken))},
                messages.WARNING,
            )

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
        return action_form_page(
            self,
            request,
            template="admin/claims/claim/send_back.html",
            title=_("Send back to draft"),
            form=form,
            claims=queryset,
        )

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return permissions.can_publish(request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # A public claim is retracted, never deleted (its delete page and
        # "delete selected" refuse it); drafts and claims in review may go.
        return permissions.can_delete_claim(request.user, obj)

    def log_deletions(self, request: HttpRequest, queryset) -> list:
        # django-concurrency still overrides Django's old log_deletion(): the
        # entries are written the current way, skipping rows in conflict.
        from django.contrib.admin.models import DELETION, LogEntry

        conflicts = self._get_conflicts(request)
        rows = [obj for obj in queryset if obj.pk not in conflicts]
        return LogEntry.objects.log_actions(
            user_id=request.user.pk, queryset=rows, action_flag=DELETION
        )
