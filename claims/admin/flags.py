"""The review queue: open flags across claims, and resolving them with a note."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from claims import permissions
from claims.admin.actions import CheckedSelectionMixin, action_form_page
from claims.admin.common import ADMIN_MEDIA_CSS, adopt
from claims.fetching.diffs import Change, DiffLine, read_unified_diff
from claims.models import Flag, FlagResolution
from claims.services.flags import (
    FlagNoted,
    flag_raise_with_note,
    flag_resolve,
    flag_summary,
)


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


_PIECE_TAGS = {Change.SAME: "span", Change.INSERTED: "ins", Change.DELETED: "del"}


def _diff_line(line: DiffLine):
    if line.gap:
        return format_html('<div class="diff-gap">{}</div>', "⋯")
    if line.cut:
        return format_html('<div class="diff-cut">{}</div>', _("(diff cut)"))
    return format_html(
        '<div class="diff-line">{}</div>',
        format_html_join(
            "",
            "<{}>{}</{}>",
            (
                (_PIECE_TAGS[p.change], p.text, _PIECE_TAGS[p.change])
                for p in line.pieces
            ),
        )
        or "\u00a0",
    )


def evidence_diff(diff: str):
    """The stored diff of an evidence text, words inserted (``<ins>``) and
    deleted (``<del>``) marked within each line."""
    return format_html(
        '<div class="flag-diff">{}</div>',
        format_html_join(
            "", "{}", ((_diff_line(line),) for line in read_unified_diff(diff))
        ),
    )


def flag_why(flag: Flag, *, with_diff: bool = True):
    """The flag's reason in words, with the evidence text diff when there is one."""
    summary = flag_summary(flag)
    diff = (flag.detail or {}).get("diff") if with_diff else None
    if not diff:
        return summary
    return format_html(
        '<div class="flag-why">{}<details><summary>{}</summary>{}</details></div>',
        summary,
        _("What changed"),
        evidence_diff(diff),
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


class FlagAdminForm(forms.ModelForm):
    """An editor's flag, raised by hand with a note saying what to look at.

    For a flag that is open already the note is added to it (see
    ``flag_raise_with_note``) instead of opening a second one.
    """

    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_(
            "Required: what needs another look, and why. If the same flag is "
            "open already, your note is added to it."
        ),
    )

    class Meta:
        model = Flag
        fields = ["claim", "reason", "evidence"]

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None and not (cleaned_data.get("note") or "").strip():
            self.add_error(
                "note", _("Write a note: say what needs another look, and why.")
            )
        evidence, claim = cleaned_data.get("evidence"), cleaned_data.get("claim")
        if evidence is not None and claim is not None and evidence.claim_id != claim.pk:
            self.add_error("evidence", _("This evidence belongs to another claim."))
        return cleaned_data


@admin.register(Flag)
class FlagAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    """The review queue: open flags across claims, newest first."""

    form = FlagAdminForm

    class Media:
        css = ADMIN_MEDIA_CSS

    # The reason opens the flag; the claim's own column links to the claim
    # (never a link inside the flag's link, which a browser would break).
    list_display = [
        "reason",
        "claim_column",
        "why",
        "raised_column",
        "resolution",
    ]
    list_display_links = ["reason"]
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
        "note",
        "why",
        "raised_by",
        "raised_at",
        "resolution",
        "resolved_by",
        "resolved_at",
        "resolution_note",
    ]

    def get_list_display(self, request):
        """Open flags (the queue) have no resolution yet: no column for it."""
        shown = super().get_list_display(request)
        if request.GET.get(FlagStatusFilter.parameter_name, "open") == "open":
            return [name for name in shown if name != "resolution"]
        return shown

    def get_readonly_fields(self, request, obj=None):
        if obj is None:  # an editor raising a flag by hand names these four
            return [
                name
                for name in self.fields
                if name not in ("claim", "reason", "evidence", "note")
            ]
        return [name for name in self.fields if name != "note"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return [name for name in self.fields if name != "note"]

    def save_model(self, request, obj, form, change) -> None:
        """An editor's new flag is raised with its note
        (``flag_raise_with_note``); an open flag like it takes the note
        instead of a duplicate being opened.

        A flag's fields cannot be changed here: it is resolved with the
        "Resolve" action, so a change form saves nothing.
        """
        if change:
            return
        flag, outcome = flag_raise_with_note(
            claim=obj.claim,
            reason=obj.reason,
            user=request.user,
            note=form.cleaned_data["note"],
            evidence=obj.evidence,
        )
        if outcome != FlagNoted.CREATED:
            self.message_user(request, outcome.label, messages.INFO)
        adopt(obj, flag)

    @admin.display(description=_("claim"), ordering="claim__text")
    def claim_column(self, flag: Flag):
        """The claim, linked to its form, and who made it."""
        text = flag.claim.text
        return format_html(
            '<a href="{}">{}</a><div class="quiet">{}</div>',
            reverse("admin:claims_claim_change", args=[flag.claim_id]),
            text if len(text) <= 60 else text[:59] + "…",
            flag.claim.speaker,
        )

    @admin.display(description=_("why"))
    def why(self, flag: Flag):
        return flag_why(flag)

    @admin.display(description=_("raised"), ordering="raised_at")
    def raised_column(self, flag: Flag):
        """How long ago, and by whom (a task's name or an editor)."""
        return format_html(
            '<time datetime="{}" title="{}">{}</time><div class="quiet">{}</div>',
            flag.raised_at.isoformat(),
            date_format(timezone.localtime(flag.raised_at), "DATETIME_FORMAT"),
            _("%(age)s ago") % {"age": timesince(flag.raised_at)},
            flag.raised_by,
        )

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
                    resolved = flag_resolve(
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
                    told = self._tell_held_deadlines(request, form, flags)
                    if resolved or not told:
                        self.message_user(
                            request,
                            ngettext(
                                "%(n)d flag resolved.",
                                "%(n)d flags resolved.",
                                resolved,
                            )
                            % {"n": resolved},
                            messages.SUCCESS,
                        )
                    return None
        if form is None:
            form = FlagResolveForm()
        return action_form_page(
            self,
            request,
            template="admin/claims/flag/resolve_flags.html",
            title=_("Resolve flags"),
            form=form,
            flags=queryset.select_related("claim", "evidence"),
            open_count=queryset.open().count(),
        )

    def _tell_held_deadlines(self, request, form, flags) -> bool:
        """A new deadline of a public claim waits for a second reviewer (its
        flags stay open until then); True when the editor was told so."""
        if form.cleaned_data["resolution"] != FlagResolution.DEADLINE_EXTENDED:
            return False
        held = {
            flag.claim_id
            for flag in flags
            if permissions.changes_held_for_review(request.user, flag.claim)
        }
        if held:
            self.message_user(
                request,
                ngettext(
                    "The new deadline of %(n)d public claim waits for a second "
                    "reviewer: readers see the old one, and its flags stay open, "
                    "until it is approved.",
                    "The new deadlines of %(n)d public claims wait for a second "
                    "reviewer: readers see the old ones, and their flags stay "
                    "open, until they are approved.",
                    len(held),
                )
                % {"n": len(held)},
                messages.WARNING,
            )
        return bool(held)
