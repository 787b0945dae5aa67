"""The verdict crosswalk: which rating another fact-checker's label means."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from claims.admin.common import ADMIN_MEDIA_CSS, rating_badge
from claims.exceptions import InvalidInput, StaleUpdate
from claims.models import VerdictLabel
from claims.selectors.verdicts import claims_waiting_for, verdict_labels_with_waiting
from claims.services.verdicts import verdict_label_apply


class MappedFilter(admin.SimpleListFilter):
    title = _("mapped")
    parameter_name = "mapped"

    def lookups(self, request, model_admin):
        return [("no", _("Not mapped yet")), ("yes", _("Mapped"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(rating__isnull=True)
        if self.value() == "yes":
            return queryset.filter(rating__isnull=False)
        return queryset


@admin.register(VerdictLabel)
class VerdictLabelAdmin(admin.ModelAdmin):
    """Imported reviews whose label is not mapped wait here as rows with an
    empty rating: choose the rating, save, then rate the waiting claims."""

    list_display = ["label", "language", "badge", "waiting"]
    list_filter = [MappedFilter, "language", "rating"]
    search_fields = ["label", "key"]
    list_select_related = ["rating"]
    fields = ["label", "language", "rating", "key"]
    readonly_fields = ["key"]
    actions = ["rate_waiting_claims"]

    class Media:
        css = ADMIN_MEDIA_CSS

    def get_queryset(self, request):
        return verdict_labels_with_waiting(super().get_queryset(request))

    @admin.display(description=_("rating"), ordering="rating__position")
    def badge(self, label: VerdictLabel):
        return rating_badge(label.rating)

    @admin.display(description=_("claims waiting"), ordering="waiting_count")
    def waiting(self, label: VerdictLabel) -> int:
        return label.waiting_count

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        waiting = claims_waiting_for(obj).count()
        if waiting and obj.rating is not None:
            self.message_user(
                request,
                ngettext(
                    "%(count)d imported claim waits for this label: select it "
                    "and run “Rate the claims waiting for these labels”.",
                    "%(count)d imported claims wait for this label: select it "
                    "and run “Rate the claims waiting for these labels”.",
                    waiting,
                )
                % {"count": waiting},
                messages.WARNING,
            )

    @admin.action(
        description=_("Rate the claims waiting for these labels"),
        permissions=["change"],
    )
    def rate_waiting_claims(self, request, queryset) -> None:
        rated = 0
        for label in queryset.select_related("rating"):
            if label.rating is None:
                self.message_user(
                    request,
                    _("“%(label)s” has no rating yet: choose one first.")
                    % {"label": label.label},
                    messages.ERROR,
                )
                continue
            try:
                rated += verdict_label_apply(verdict_label=label, user=request.user)
            except (InvalidInput, PermissionDenied, StaleUpdate) as error:
                self.message_user(request, f"{label.label}: {error}", messages.ERROR)
        self.message_user(
            request,
            ngettext(
                "%(count)d claim rated; its flag is resolved.",
                "%(count)d claims rated; their flags are resolved.",
                rated,
            )
            % {"count": rated},
            messages.SUCCESS,
        )
