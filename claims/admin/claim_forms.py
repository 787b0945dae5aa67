"""The claim change form: the version check, the public reason for a new
rating or deadline, the workflow note and the flags a re-rating closes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from claims.admin.common import (
    OptionalSlugForm,
)
from claims.admin.workflow import workflow_note_field
from claims.models import Claim, Flag, RatingChange, RatingChangeKind
from claims.services.flags import ANSWERED_BY_RE_RATING, flag_summary


class ClaimAdminForm(OptionalSlugForm):
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
        label=_("Public reason for the new rating or deadline"),
        required=False,
        max_length=RatingChange.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "Needed when the rating or the deadline of a published claim "
            "changes. Shown on the claim's timeline (a new rating also on the "
            "corrections page)."
        ),
    )
    # Read by the workflow buttons (send back, retract), kept on the form
    # when a save is refused.
    workflow_note = workflow_note_field()

    change_reason_en = forms.CharField(
        label=_("Public reason for the new rating (English)"),
        required=False,
        max_length=RatingChange.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60, "lang": "en"}),
    )

    close_flags = forms.ModelMultipleChoiceField(
        label=_("Close these open flags"),
        queryset=Flag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "When you change the rating, the flags ticked here are closed as "
            "“re-rated” with it: in the same save, or for a public claim when "
            "a second reviewer approves the change. Without a new rating they "
            "stay open."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "close_flags" in self.fields and self.instance.pk:
            open_flags = (
                Flag.objects.open()
                .filter(claim=self.instance)
                .select_related("evidence")
                .order_by("raised_at")
            )
            field = self.fields["close_flags"]
            field.queryset = open_flags
            field.label_from_instance = lambda flag: (
                f"{flag.get_reason_display()}: {flag_summary(flag)} "
                f"({flag.raised_at:%Y-%m-%d})"
            )
            field.initial = [
                flag.pk for flag in open_flags if flag.reason in ANSWERED_BY_RE_RATING
            ]
        if "version" in self.fields:
            self.fields["version"].label = _("version")
            self.fields["version"].help_text = _(
                "The version of the claim this form was opened at."
            )

    def flags_to_close(self) -> list[int]:
        """The ticked flags, which close as "re-rated" only with a new
        rating (the help text says so): on the save, or for a public claim
        when a second reviewer approves the revision."""
        if "rating" not in self.changed_data:
            return []
        return [flag.pk for flag in self.cleaned_data.get("close_flags") or []]

    def clean(self):
        cleaned_data = super().clean()
        self.instance.change_kind = cleaned_data.get("change_kind") or ""
        self.instance.change_reason = cleaned_data.get("change_reason") or ""
        self.instance.change_reason_en = cleaned_data.get("change_reason_en") or ""
        if self.instance.pk:
            # Locked until the admin's transaction ends: nobody can save the
            # claim between this check and the save.
            current = (
                Claim.objects.select_for_update()
                .filter(pk=self.instance.pk)
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


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the editor"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Required: what to fix before the claim is submitted again."),
    )
