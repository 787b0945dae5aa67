"""What the admin's list actions share: the version check on every row they
change, and the page an action shows to ask for its input before applying it."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from claims.admin.history import LocalHistoryMixin

# The largest primary key or version number a checkbox may carry (bigint).
_LARGEST_ID = 2**63 - 1


def _is_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and int(text) <= _LARGEST_ID


class CheckedSelectionMixin:
    """List actions refuse, with a message, a selection no list could send.

    An action must be one the list offers (django-concurrency's change list
    otherwise ignores an unknown one without a word). A checkbox carries a
    row's primary key (or, under django-concurrency, "pk,version"); anything
    else (text, NUL characters, a number too large for the database) would
    otherwise fail in a query, as a server error.
    """

    def response_action(self, request: HttpRequest, queryset) -> HttpResponse | None:
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(all(map(_is_id, value.split(","))) for value in selected):
            self.message_user(
                request,
                _("The selected rows were not understood. Nothing was changed."),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        if _chosen_action(request) not in self.get_actions(request):
            self.message_user(
                request,
                _("No such action: choose one from the list. Nothing was changed."),
                messages.WARNING,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class HistoryIdMixin(LocalHistoryMixin):
    """A history entry asked for by an id that is not one is not found (not
    a server error when the database is asked for it); changes are shown in
    the site's time zone and the active language's formats, and the history
    list without inline styles (the content security policy forbids them)."""

    object_history_list_template = "admin/claims/object_history_list.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not _is_id(version_id):
            raise Http404(_("No such version."))
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )


class VersionedActionsMixin(CheckedSelectionMixin):
    """List actions that act only on rows at the version the user saw.

    Each checkbox carries "pk,version". A checked row someone changed since
    the list was shown is left alone and named in a message; the action goes
    on with the others. (django-concurrency's ``ConcurrentModelAdmin`` would
    abort the whole action with a message naming nothing.) "Select all N"
    (``select_across``) would act on rows the user never saw: the actions
    named in ``versioned_actions`` refuse it.
    """

    versioned_actions: tuple[str, ...] = ()

    def response_action(self, request: HttpRequest, queryset) -> HttpResponse | None:
        action = _chosen_action(request)
        if action in self.versioned_actions and _selects_across(request):
            self.message_user(
                request,
                _(
                    "This action cannot be applied to all matching rows, only to "
                    "the rows you select on the page: it must check that each "
                    "one is still the version you saw. Nothing was changed."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        if action in self.versioned_actions:
            refused = self._leave_out_changed_rows(request)
            if refused is not None:
                return refused
        return super().response_action(request, queryset)

    def row_name(self, obj) -> str:
        """How a message names a row."""
        return str(obj)

    def _leave_out_changed_rows(self, request: HttpRequest) -> HttpResponse | None:
        """Drop the checked rows changed since the list was shown from the
        selection, naming them; a redirect when none is left to act on."""
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not selected or not all(
            all(map(_is_id, value.split(","))) for value in selected
        ):
            return None  # nothing chosen, or refused as not understood
        seen = [value.split(",") for value in selected]
        if any(len(pair) != 2 for pair in seen):
            self.message_user(
                request,
                _(
                    "The selected rows do not say which version you saw. Reload "
                    "the list and select them again. Nothing was changed."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        versions = {int(pk): int(version) for pk, version in seen}
        field = self.model._concurrencymeta.field.attname
        current = dict(
            self.model._default_manager.filter(pk__in=versions).values_list("pk", field)
        )
        changed = [pk for pk, version in versions.items() if current.get(pk) != version]
        if not changed:
            return None
        names = self.model._default_manager.in_bulk(changed)
        self.message_user(
            request,
            _(
                "Not changed, because someone else saved or deleted them after "
                "the list was shown: %(rows)s. Reload the list to see them as "
                "they are now."
            )
            % {
                "rows": rows_named(
                    self.row_name(names[pk]) if pk in names else f"#{pk}"
                    for pk in changed
                )
            },
            messages.WARNING,
        )
        kept = [value for value in selected if int(value.split(",")[0]) not in changed]
        if not kept:
            return HttpResponseRedirect(request.get_full_path())
        request.POST = request.POST.copy()
        request.POST.setlist(helpers.ACTION_CHECKBOX_NAME, kept)
        return None


def rows_named(names: Iterable[str]) -> str:
    """Rows by name, for a message: “小米AI团队超过1200人。”, “…”."""
    quoted = []
    for name in names:
        quoted.append("“" + (name if len(name) <= 40 else name[:39] + "…") + "”")
    return ", ".join(quoted)


def _chosen_action(request: HttpRequest) -> str | None:
    """The action whose button was pushed (there is a form above and below
    the list), read as ``ModelAdmin.response_action`` reads it."""
    try:
        index = int(request.POST.get("index", 0))
    except ValueError:
        index = 0
    chosen = request.POST.getlist("action")
    return chosen[index] if 0 <= index < len(chosen) else None


def _selects_across(request: HttpRequest) -> bool:
    return bool(
        forms.BooleanField(required=False).to_python(request.POST.get("select_across"))
    )


def action_form_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    *,
    template: str,
    title: str,
    form: forms.Form,
    **context,
) -> TemplateResponse:
    """Show the action's form, carrying the selected rows through to "apply".

    The template posts the same action back with the selection (the hidden
    action checkboxes and ``select_across``) and an ``apply`` button: the
    action sees ``"apply" in request.POST`` and applies the form that time.
    """
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "opts": model_admin.model._meta,
            "form": form,
            **context,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
        },
    )
