"""The claim form's inlines: evidence, further appearances, flags.

Their rows are saved through the services (``inline_formset_save``), with
the same allow-lists and history as the API's writes.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.models import AbstractBaseUser
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from claims.admin.common import adopt, form_changes
from claims.admin.flags import flag_why
from claims.admin.language import EnglishFieldsMixin
from claims.admin.locking import EvidenceInlineForm, EvidenceInlineFormSet
from claims.models import Appearance, Claim, Evidence, ExternalReview, Flag
from claims.reasons import ChangeReason
from claims.services.appearances import appearance_create, appearance_update
from claims.services.evidence import evidence_create, evidence_delete, evidence_update


class EvidenceInline(EnglishFieldsMixin, admin.StackedInline):
    model = Evidence
    # Each source's title marked with the language it is shown in.
    template = "admin/claims/evidence/stacked.html"
    # A row changed (or deleted) since the claim form was opened is refused.
    form = EvidenceInlineForm
    formset = EvidenceInlineFormSet
    extra = 0
    fields = [
        ("title", "language", "stance"),
        "title_en",
        ("url",),
        ("publisher", "publisher_en"),
        ("published_on", "date_text"),
        ("note", "note_en"),
        ("health", "http_status", "last_checked_at"),
        "seen_updated_at",
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


class ExternalReviewInline(admin.StackedInline):
    """The review an imported claim came from, as its publisher wrote it."""

    model = ExternalReview
    extra = 0
    can_delete = False
    fields = [
        "reviewer_name",
        "reviewer_url",
        "review_url",
        "reviewed_on",
        "verdict_label",
        "rating_value",
        "best_rating",
        "worst_rating",
        "imported_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


def _evidence_create(claim: Claim, user: AbstractBaseUser, fields: dict) -> Evidence:
    return evidence_create(
        claim=claim, user=user, fields=fields, reason=ChangeReason.ADDED_ADMIN
    )


def _evidence_update(
    evidence: Evidence,
    user: AbstractBaseUser,
    fields: dict,
    form: EvidenceInlineForm,
) -> Evidence:
    return evidence_update(
        evidence=evidence,
        user=user,
        fields=fields,
        updated_at=form.seen_version(),
        reason=ChangeReason.CHANGED_ADMIN,
    )


def _appearance_create(
    claim: Claim, user: AbstractBaseUser, fields: dict
) -> Appearance:
    return appearance_create(claim=claim, user=user, fields=fields)


def _appearance_update(
    appearance: Appearance, user: AbstractBaseUser, fields: dict, form: forms.Form
) -> Appearance:
    return appearance_update(appearance=appearance, user=user, fields=fields)


WRITERS = {
    Evidence: (_evidence_create, _evidence_update),
    Appearance: (_appearance_create, _appearance_update),
}


def inline_formset_save(formset: BaseInlineFormSet, *, user: AbstractBaseUser) -> None:
    """Save an inline's new and changed rows through their services, and
    delete the rows marked for deletion."""
    if formset.model in (Flag, ExternalReview):  # read-only here
        formset.save()  # saves nothing; the admin's change message reads it
        return
    create, update = WRITERS[formset.model]
    formset.save(commit=False)  # fills new_objects, changed_objects, deleted_objects
    for obj in formset.deleted_objects:
        if isinstance(obj, Evidence):
            evidence_delete(evidence=obj, user=user)
        else:
            obj.delete()
    new = {id(obj) for obj in formset.new_objects}
    changed = {id(obj) for obj, _names in formset.changed_objects}
    for inline_form in formset.forms:
        obj = inline_form.instance
        if id(obj) not in new | changed:
            continue
        fields = form_changes(inline_form, exclude=["id", formset.fk.name])
        if id(obj) in new:
            adopt(obj, create(formset.instance, user, fields))
        else:
            adopt(obj, update(obj, user, fields, inline_form))
