"""The admin in the editor's language, content marked with its own.

- The admin's JavaScript strings come from Django's catalogue and, for the
  ones it leaves untranslated (the multiple-choice widget), from this
  project's (``claims/locale/*/djangojs.po``).
- The inputs of English fields (``*_en``) carry ``lang="en"``, so a Chinese
  page marks the English text an editor typed as English.
"""

from __future__ import annotations

from django.contrib import admin
from django.views.i18n import JavaScriptCatalog


def i18n_javascript(request, extra_context=None):
    return JavaScriptCatalog.as_view(packages=["django.contrib.admin", "claims"])(
        request
    )


admin.site.i18n_javascript = i18n_javascript


class EnglishFieldsMixin:
    """Model admins and inlines: ``lang="en"`` on the inputs of English
    fields (a name ending in ``_en``)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name.endswith("_en"):
            field.widget.attrs["lang"] = "en"
        return field
