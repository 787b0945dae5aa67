"""Evidence links, their health, and the snapshots taken when they are checked."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from claims import services
from claims.admin.actions import CheckedSelectionMixin, HistoryIdMixin
from claims.admin.common import adopt, form_changes
from claims.admin.language import EnglishFieldsMixin
from claims.admin.locking import EvidenceForm
from claims.admin.revisions import HeldEvidenceMixin
from claims.exceptions import QueueUnavailable
from claims.models import (
    LINK_HEALTH_FIELDS,
    Evidence,
    EvidenceOperation,
    EvidenceSnapshot,
)
from claims.reasons import ChangeReason
from claims.services.evidence import evidence_create, evidence_update
from claims.tasks import send_evidence_checks


@admin.register(Evidence)
class EvidenceAdmin(
    HeldEvidenceMixin,
    EnglishFieldsMixin,
    CheckedSelectionMixin,
    HistoryIdMixin,
    SimpleHistoryAdmin,
):
    # Refuses a save based on a version someone else has since replaced.
    form = EvidenceForm
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
    # The link checker's record is its own to write.
    readonly_fields = ["health", *LINK_HEALTH_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:  # evidence stays with the claim it was added to
            readonly.append("claim")
        return readonly

    def save_model(self, request, obj, form, change) -> None:
        """Save through the evidence services (their fields, their history);
        a change to a public claim's evidence is held as a revision."""
        fields = form_changes(form, exclude=["claim"])
        held = services.EvidenceChange(
            operation=EvidenceOperation.CHANGE if change else EvidenceOperation.ADD,
            fields=fields,
            evidence=obj if change else None,
            seen_updated_at=form.seen_version() if change else None,
        )
        claim = obj.claim if change else form.cleaned_data["claim"]
        if self.hold_evidence(request, held, claim):
            return
        if change:
            saved = evidence_update(
                evidence=obj,
                user=request.user,
                fields=fields,
                updated_at=form.seen_version(),
                reason=ChangeReason.CHANGED_ADMIN,
            )
        else:
            saved = evidence_create(
                claim=form.cleaned_data["claim"],
                user=request.user,
                fields=fields,
                reason=ChangeReason.ADDED_ADMIN,
            )
        adopt(obj, saved)

    @admin.action(description=_("Check the selected links now"))
    def check_now(self, request, queryset) -> None:
        ids = list(queryset.exclude(url="").values_list("pk", flat=True))
        try:
            send_evidence_checks(ids)
        except QueueUnavailable as error:
            self.message_user(
                request,
                _(
                    "The link checks could not be queued: the task queue is "
                    "not answering. %(queued)d of %(total)d were queued; the "
                    "rest will be checked at the next scheduled round."
                )
                % {"queued": error.queued, "total": len(ids)},
                messages.ERROR,
            )
            return
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
