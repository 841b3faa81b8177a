"""The notification settings form: parses and checks what the person typed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Event

LANGUAGE_CHOICES = [
    ("", _("The language I applied in")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]


class PreferenceForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Write the email address like name@example.se.")},
    )
    events = forms.MultipleChoiceField(
        label=_("Send me an email when"),
        choices=Event.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("Language of the emails"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean(self):
        data = super().clean()
        if data.get("events") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Write an email address, or untick the emails you want."))
        return data
