"""What several admin modules share: the stylesheets, the rating badge, and
handing a form's changes to a service."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext as _

from claims.models import Rating
from claims.services.slugs import save_with_unique_slug, slug_fill

# The badge colours come from /ratings.css (generated from the ratings), the
# shape from claims/admin.css: no inline styles, so the content security
# policy can forbid them.
ADMIN_MEDIA_CSS = {"all": ["claims/admin.css", "/ratings.css"]}


def rating_badge(rating: Rating | None):
    if rating is None:
        return "—"
    return format_html(
        '<span class="rating-badge rating-{}">{}</span>',
        rating.slug,
        rating.label,
    )


def form_changes(form: forms.ModelForm, *, exclude: Iterable[str] = ()) -> dict:
    """The model fields the editor changed on ``form``, with their new values.

    A service gets only these: a field the editor left alone is not written
    back (and on an add form keeps the model's default).
    """
    model_fields = {field.name for field in form._meta.model._meta.get_fields()}
    skipped = set(exclude)
    return {
        name: form.cleaned_data[name]
        for name in form.changed_data
        if name in model_fields and name not in skipped and name in form.cleaned_data
    }


def adopt(obj: models.Model, saved: models.Model) -> None:
    """Make the admin's ``obj`` the row a service saved.

    The admin goes on with its own instance (inlines, the log, the
    redirect), so it takes over the saved row's primary key and values.
    """
    obj.pk = saved.pk
    obj.refresh_from_db()
    obj._state.adding = False


class OptionalSlugForm(forms.ModelForm):
    """A new row's slug may be left empty: it is made on save (``SlugFillMixin``
    or the claim service), from the one rule in ``claims.services.slugs``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("slug")
        if field is not None and self.instance.pk is None:
            field.required = False
            field.help_text = _(
                "Leave empty to have it made from the English name, else the "
                "name or title, when you save: pinyin for Chinese (雷军 becomes "
                "lei-jun), numbered if taken."
            )


class SlugFillMixin:
    """Saves a new row whose slug was left empty under a readable one."""

    form = OptionalSlugForm

    def save_model(self, request, obj, form, change) -> None:
        if obj.slug:
            super().save_model(request, obj, form, change)
            return
        slug_fill(obj)
        save_with_unique_slug(obj, base=obj.slug)
