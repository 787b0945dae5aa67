"""Each account's own e-mail settings: the language its mails are written in."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from claims.models import EditorProfile
from claims.services.profiles import editor_profile_get, editor_profile_update


def _signed_in_staff(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.is_staff)


@admin.register(EditorProfile)
class EditorProfileAdmin(admin.ModelAdmin):
    """Everyone who signs in to the admin edits their own settings here, and
    nobody else's: the list opens the signed-in account's own form."""

    fields = ["user", "language"]
    readonly_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user_id=request.user.pk)

    def has_module_permission(self, request) -> bool:
        return _signed_in_staff(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return _signed_in_staff(request) and (
            obj is None or obj.user_id == request.user.pk
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        if not _signed_in_staff(request):
            return super().changelist_view(request, extra_context)
        profile = editor_profile_get(user=request.user)
        return HttpResponseRedirect(
            reverse("admin:claims_editorprofile_change", args=[profile.pk])
        )

    def save_model(self, request, obj, form, change) -> None:
        saved = editor_profile_update(
            user=request.user, language=form.cleaned_data["language"]
        )
        obj.pk = saved.pk
