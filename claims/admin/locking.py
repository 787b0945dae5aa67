"""Evidence forms that refuse a save based on a version someone else has since
replaced, as the claim form does: the editor's input stays on the form, with
an error above it that says what changed and who changed it.

Evidence carries no version number: its ``updated_at`` serves as one, as in
the API (``claims.services.evidence.evidence_update``). The link checker
writes its bookkeeping with ``QuerySet.update``, which leaves ``updated_at``
alone, so a background check never makes an editor's form stale.
"""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from claims.models import Evidence
from claims.selectors.history import evidence_changes_since
from claims.services.evidence import EVIDENCE_FIELDS


class SeenVersionField(forms.CharField):
    """The version the editor's form was loaded at, carried in a hidden input.

    It is never the editor's change: a form differs from the stored row by
    this field alone when it is stale, and must not count as changed for it.
    """

    widget = forms.HiddenInput

    def has_changed(self, initial, data) -> bool:
        return False


def version_token(updated_at: datetime) -> str:
    return updated_at.isoformat()


def current_version(evidence_id: int) -> datetime | None:
    """The evidence's version, its row locked until the admin's transaction
    ends: nobody can save it between the check and the save."""
    return (
        Evidence.objects.select_for_update()
        .filter(pk=evidence_id)
        .values_list("updated_at", flat=True)
        .first()
    )


def stale_message(*, evidence: Evidence, seen: datetime | None) -> str:
    message = _(
        "Someone else saved this evidence (“%(title)s”) after you opened it, so "
        "your changes were not saved. They are still in the form below."
    ) % {"title": evidence.title}
    changes = (
        evidence_changes_since(evidence_id=evidence.pk, since=seen) if seen else None
    )
    if changes and changes.fields:
        message += " " + _(
            "Changed since you opened it: %(fields)s (by %(users)s)."
        ) % {
            "fields": ", ".join(changes.fields),
            "users": ", ".join(changes.users) or _("a program"),
        }
    return (
        message
        + " "
        + _(
            "Open the evidence in a new tab to see the current version, then "
            "apply your changes to it and save again."
        )
    )


class EvidenceForm(forms.ModelForm):
    """The evidence change form, refused when the evidence changed since it
    was opened."""

    seen_updated_at = SeenVersionField(required=False)

    class Meta:
        model = Evidence
        fields = ["claim", *EVIDENCE_FIELDS]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.initial["seen_updated_at"] = version_token(self.instance.updated_at)

    def seen_version(self) -> datetime | None:
        """The version the form was loaded at, as posted."""
        field = self["seen_updated_at"]
        return parse_datetime(field.data or "") if self.is_bound else None

    def checks_version(self) -> bool:
        return bool(self.instance.pk)

    def stale_error(self) -> ValidationError | None:
        """The error to show if the evidence changed since the form was loaded."""
        if not self.checks_version():
            return None
        current = current_version(self.instance.pk)
        seen = self.seen_version()
        if current is None or seen == current:
            return None
        return ValidationError(
            stale_message(evidence=self.instance, seen=seen), code="stale"
        )

    def clean(self):
        cleaned_data = super().clean()
        if (error := self.stale_error()) is not None:
            raise error
        return cleaned_data


class EvidenceInlineForm(EvidenceForm):
    """A row of the claim form's evidence inline: only a row the editor
    changed is written, so only such a row is checked."""

    def checks_version(self) -> bool:
        return super().checks_version() and self.has_changed()


class EvidenceInlineFormSet(BaseInlineFormSet):
    """Refuses to delete evidence someone changed since the form was loaded
    (a formset ignores the errors of the rows marked for deletion)."""

    def clean(self) -> None:
        super().clean()
        errors = [
            error
            for form in self.deleted_forms
            if isinstance(form, EvidenceForm)
            and (error := form.stale_error()) is not None
        ]
        if errors:
            raise ValidationError(errors)
