from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency, TargetKind


class FollowForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, initial=Frequency.IMMEDIATE
    )
    kind = forms.ChoiceField(choices=TargetKind.choices, widget=forms.HiddenInput)
    value = forms.CharField(max_length=500, widget=forms.HiddenInput)


class ManageForm(forms.Form):
    """The subscriptions to end (none chosen with "end all": every one)."""

    subscriptions = forms.TypedMultipleChoiceField(coerce=int, required=False)
    end_all = forms.BooleanField(required=False)

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subscriptions"].choices = choices
