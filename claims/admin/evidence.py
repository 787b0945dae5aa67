"""Evidence links, their health, and the snapshots taken when they are checked."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Evidence, EvidenceSnapshot
from claims.tasks import enqueue_evidence_checks


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
