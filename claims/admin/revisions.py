"""Pending revisions in the admin: the list for reviewers, the panel on the
claim form with each revision's diff, and the approve / reject / withdraw
buttons (each a POST to its own address, answered by the services)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from claims import permissions, selectors, services
from claims.admin.common import ADMIN_MEDIA_CSS, form_changes
from claims.exceptions import StaleUpdate
from claims.models import (
    PUBLIC_STATES,
    Claim,
    ClaimRevision,
    Evidence,
    EvidenceOperation,
    Flag,
    RevisionStatus,
    Topic,
)
from claims.reasons import ChangeReason
from claims.services.flags import flag_summary


def revisions_panel(request: HttpRequest, revisions) -> SafeString:
    """Each revision's diff and, for those allowed, its buttons."""
    items = []
    for revision in revisions:
        topics = (
            [str(topic) for topic in Topic.objects.filter(pk__in=revision.topics)]
            if revision.topics is not None
            else []
        )
        own = revision.author_id == request.user.pk
        items.append(
            {
                "revision": revision,
                "fields": revision.field_diff(),
                "topics": topics,
                "evidence": revision.evidence_diff(),
                "flags": _flags_to_close(revision),
                "stale": revision.is_pending
                and revision.is_stale(claim_version=revision.claim.version),
                "own": own,
                "can_decide": permissions.can_decide_revision(
                    request.user, author_id=revision.author_id
                ),
                "can_withdraw": permissions.can_withdraw_revision(
                    request.user, author_id=revision.author_id
                ),
                "approve_url": _url("approve", revision),
                "reject_url": _url("reject", revision),
                "withdraw_url": _url("withdraw", revision),
                "preview_url": reverse(
                    "claims:revision-preview", kwargs={"pk": revision.pk}
                ),
            }
        )
    return render_to_string(
        "admin/claims/claimrevision/_revisions.html",
        {"revisions": items},
        request=request,
    )


def _flags_to_close(revision: ClaimRevision) -> list[str]:
    """The flags the revision's new rating closes when it is approved."""
    if revision.resolve_flags is True:
        return [_("its open “deadline passed” and “review overdue” flags")]
    flags = Flag.objects.filter(pk__in=revision.resolve_flags or []).order_by("pk")
    return [f"{flag.get_reason_display()}: {flag_summary(flag)}" for flag in flags]


def _url(decision: str, revision: ClaimRevision) -> str:
    return reverse(f"admin:claims_claimrevision_{decision}", args=[revision.pk])


class RevisionStatusFilter(admin.SimpleListFilter):
    """Pending revisions unless another status is asked for."""

    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*RevisionStatus.choices, ("all", gettext_lazy("All"))]

    def choices(self, changelist):
        current = self.value() or RevisionStatus.PENDING
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value}
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or RevisionStatus.PENDING
        if value == "all":
            return queryset
        return queryset.filter(status=value)


@admin.register(ClaimRevision)
class ClaimRevisionAdmin(admin.ModelAdmin):
    """Read-only list and pages: revisions are proposed by saving a public
    claim and decided with the buttons."""

    list_display = ["__str__", "claim", "author", "created_at", "status", "decided_by"]
    list_filter = [RevisionStatusFilter]
    list_select_related = ["claim", "author", "decided_by"]
    search_fields = ["claim__text", "claim__slug", "author__username"]
    fields = [
        "claim",
        "author",
        "created_at",
        "base_version",
        "status",
        "decided_by",
        "decided_at",
        "changes",
    ]
    readonly_fields = fields

    class Media:
        css = ADMIN_MEDIA_CSS

    @admin.display(description=gettext_lazy("changes"))
    def changes(self, revision: ClaimRevision):
        return getattr(revision, "panel", "")

    def get_object(self, request, object_id, from_field=None):
        revision = super().get_object(request, object_id, from_field)
        if revision is not None:  # the buttons depend on who looks
            revision.panel = revisions_panel(request, [revision])
        return revision

    def has_module_permission(self, request) -> bool:
        return permissions.sees_unpublished(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return permissions.sees_unpublished(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        decide = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/approve/",
                decide(self.approve_view),
                name="claims_claimrevision_approve",
            ),
            path(
                "<int:pk>/reject/",
                decide(self.reject_view),
                name="claims_claimrevision_reject",
            ),
            path(
                "<int:pk>/withdraw/",
                decide(self.withdraw_view),
                name="claims_claimrevision_withdraw",
            ),
            *super().get_urls(),
        ]

    def _decide(self, request: HttpRequest, pk: int, decision) -> HttpResponseRedirect:
        revision = get_object_or_404(ClaimRevision, pk=pk)
        note = request.POST.get(f"revision_note_{pk}", "")
        try:
            done = decision(revision, note)
        except StaleUpdate as error:
            self.message_user(request, str(error), messages.ERROR)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        back = request.POST.get("next") or request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("admin:claims_claim_change", args=[revision.claim_id])
        return HttpResponseRedirect(back)

    def approve_view(self, request: HttpRequest, pk: int):
        return require_POST(self._approve)(request, pk)

    def reject_view(self, request: HttpRequest, pk: int):
        return require_POST(self._reject)(request, pk)

    def withdraw_view(self, request: HttpRequest, pk: int):
        return require_POST(self._withdraw)(request, pk)

    def _approve(self, request, pk):
        def approve(revision, note):
            services.revision_approve(revision=revision, user=request.user, note=note)
            return _("Revision %(id)s approved: readers see it now.") % {"id": pk}

        return self._decide(request, pk, approve)

    def _reject(self, request, pk):
        def reject(revision, note):
            services.revision_reject(revision=revision, user=request.user, note=note)
            return _("Revision %(id)s rejected.") % {"id": pk}

        return self._decide(request, pk, reject)

    def _withdraw(self, request, pk):
        def withdraw(revision, note):
            services.revision_withdraw(revision=revision, user=request.user)
            return _("Revision %(id)s withdrawn.") % {"id": pk}

        return self._decide(request, pk, withdraw)


def _evidence_changes(formset) -> list[services.EvidenceChange]:
    """The evidence inline's rows the editor added, changed or marked for
    removal, as changes a revision holds."""
    changes = []
    for form in formset.forms:
        evidence = form.instance if form.instance.pk else None
        if formset.can_delete and formset._should_delete_form(form):
            if evidence is not None:
                changes.append(
                    services.EvidenceChange(
                        operation=EvidenceOperation.REMOVE,
                        evidence=evidence,
                        seen_updated_at=form.seen_version(),
                    )
                )
            continue
        if not form.has_changed():
            continue
        operation = EvidenceOperation.CHANGE if evidence else EvidenceOperation.ADD
        changes.append(
            services.EvidenceChange(
                operation=operation,
                fields=form_changes(form, exclude=["id", formset.fk.name]),
                evidence=evidence,
                seen_updated_at=form.seen_version() if evidence else None,
            )
        )
    return changes


class HeldChangesMixin:
    """The claim form of a public claim: what the editor changed (fields,
    topics, evidence rows) becomes one pending revision when
    ``permissions.changes_held_for_review`` says so, and the form shows the
    claim's pending revisions with their diff and buttons."""

    def get_object(self, request, object_id, from_field=None):
        claim = super().get_object(request, object_id, from_field)
        if claim is not None:
            pending = list(selectors.revision_list_for_claim(claim=claim))
            for revision in pending:
                revision.claim = claim
            claim.pending_revisions_panel = (
                revisions_panel(request, pending) if pending else ""
            )
        return claim

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting a public claim to an old version from its history would
        write it (and its topics) at once: refused; the change is made on the
        claim's form, where it waits for a second reviewer."""
        if request.method == "POST" and str(object_id).isdigit():
            claim = Claim.objects.filter(pk=int(object_id)).first()
            if claim is not None and permissions.changes_held_for_review(
                request.user, claim
            ):
                self.message_user(
                    request,
                    _(
                        "A public claim is not reverted from its history. Make "
                        "the change on the claim's form: it waits for a second "
                        "reviewer there."
                    ),
                    messages.ERROR,
                )
                return HttpResponseRedirect(request.path)
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )

    @admin.display(description=gettext_lazy("pending revisions"))
    def pending_revisions(self, claim: Claim):
        return getattr(claim, "pending_revisions_panel", "")

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "pending_revisions"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and getattr(obj, "pending_revisions_panel", ""):
            fieldsets.insert(
                0,
                (
                    gettext_lazy("Pending revisions"),
                    {
                        "fields": ["pending_revisions"],
                        "description": gettext_lazy(
                            "Readers see the published version until a reviewer "
                            "other than the author approves a revision."
                        ),
                    },
                ),
            )
        return fieldsets

    def get_view_on_site_url(self, obj=None):
        if obj is not None and obj.state not in PUBLIC_STATES:
            return reverse("claims:preview", kwargs={"slug": obj.slug})
        return super().get_view_on_site_url(obj)

    def hold_change(self, request, obj, form, change) -> bool:
        """Called first by ``save_model``: True when the form's changes are
        held (the readers' part is kept for ``hold_related``), False when
        the claim is saved as usual."""
        if not (change and permissions.changes_held_for_review(request.user, obj)):
            return False
        fields = form_changes(form, exclude=["version", "topics"])
        version = form.cleaned_data["version"]
        held = services.held_fields(obj, fields)
        direct = {name: value for name, value in fields.items() if name not in held}
        if direct:
            version = services.claim_update(
                claim=obj,
                user=request.user,
                version=version,
                fields=direct,
                reason=ChangeReason.CHANGED_ADMIN,
            ).version
        request.held_change = {
            "version": version,
            "fields": {name: fields[name] for name in held},
            "topics": form.cleaned_data["topics"]
            if "topics" in form.changed_data
            else None,
            "change_kind": form.cleaned_data.get("change_kind") or "",
            "change_reason": form.cleaned_data.get("change_reason") or "",
            "change_reason_en": form.cleaned_data.get("change_reason_en") or "",
            "resolve_flags": form.flags_to_close(),
        }
        return True

    def hold_related(self, request, form, formsets, change) -> bool:
        """Called first by ``save_related``: for a held change, the inlines'
        evidence rows join the field changes in one pending revision (other
        inlines save as usual). False when nothing is held."""
        held = getattr(request, "held_change", None)
        if held is None:
            return False
        evidence_changes = []
        for formset in formsets:
            if formset.model is Evidence:
                evidence_changes += _evidence_changes(formset)
                # Nothing of it is saved now (the admin's log reads these).
                formset.new_objects, formset.changed_objects = [], []
                formset.deleted_objects = []
            else:
                self.save_formset(request, form, formset, change=change)
        request.held_revision = services.revision_propose(
            claim=form.instance,
            user=request.user,
            evidence_changes=evidence_changes,
            **held,
        )
        form.instance.refresh_from_db()  # the published values, not the proposal
        return True

    def response_change(self, request, obj):
        revision = getattr(request, "held_revision", None)
        if revision is None:
            return super().response_change(request, obj)
        self.message_user(request, held_message(revision), messages.WARNING)
        return HttpResponseRedirect(request.path)


def held_message(revision: ClaimRevision) -> str:
    return _(
        "Your change waits for a second reviewer (revision %(id)s). "
        "Readers see the published version until a reviewer other "
        "than you approves it."
    ) % {"id": revision.pk}


class HeldEvidenceMixin:
    """The evidence form: a change to a public claim's evidence (added,
    edited, deleted) becomes a pending revision of the claim."""

    def hold_evidence(self, request, change: services.EvidenceChange, claim) -> bool:
        """True when the change is held (and proposed); False to write it."""
        if not permissions.changes_held_for_review(request.user, claim):
            return False
        request.held_revision = services.revision_propose(
            claim=claim,
            user=request.user,
            version=claim.version,
            evidence_changes=[change],
        )
        return True

    def _held_response(self, request) -> HttpResponseRedirect | None:
        """Back to the claim, saying the change waits; None if nothing is held."""
        revision = getattr(request, "held_revision", None)
        if revision is None:
            return None
        self.message_user(request, held_message(revision), messages.WARNING)
        return HttpResponseRedirect(
            reverse("admin:claims_claim_change", args=[revision.claim_id])
        )

    def response_add(self, request, obj, post_url_continue=None):
        held = self._held_response(request)
        return held or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._held_response(request) or super().response_change(request, obj)

    def response_delete(self, request, obj_display, obj_id):
        held = self._held_response(request)
        return held or super().response_delete(request, obj_display, obj_id)

    def delete_model(self, request, obj) -> None:
        change = services.EvidenceChange(
            operation=EvidenceOperation.REMOVE, evidence=obj
        )
        if not self.hold_evidence(request, change, obj.claim):
            services.evidence_delete(evidence=obj, user=request.user)

    def log_addition(self, request, obj, message):
        if obj.pk is None:  # held: nothing was added yet
            return None
        return super().log_addition(request, obj, message)

    def log_deletions(self, request, queryset):
        # Called before delete_model: a held removal deletes nothing yet.
        if any(
            permissions.changes_held_for_review(request.user, obj.claim)
            for obj in queryset
        ):
            return []
        return super().log_deletions(request, queryset)

    def get_actions(self, request):
        # "Delete selected" would remove public evidence without a second
        # person; evidence is removed one at a time (its delete page, the
        # claim form's inline), where a public claim's removal is held.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
