from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import Article, Language


class ArticleIntakeForm(forms.Form):
    """Add an article by URL or by pasting its text."""

    url = forms.URLField(
        label=_("Article URL"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text=_("Fetched through the safe fetcher; its main text is used."),
    )
    text = forms.CharField(
        label=_("Article text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90}),
        help_text=_("Or paste the article here (Chinese or English)."),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=500,
        help_text=_("Empty: the first line of the text."),
    )
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=200)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Detect from the text")), *Language.choices],
        required=False,
    )
    written_on = forms.DateField(
        label=_("Article date"),
        initial=timezone.localdate,
        help_text=_("Relative deadlines (明年, next year) count from this day."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    article = forms.ModelChoiceField(
        label=_("Existing article"),
        queryset=Article.objects.all(),
        required=False,
        help_text=_("Leave empty to create the article (or find it by URL/title)."),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("url") and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError(_("Give the article's URL or paste its text."))
        return cleaned
