"""The page an admin action shows to ask for its input before applying it."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.http import HttpRequest
from django.template.response import TemplateResponse


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
