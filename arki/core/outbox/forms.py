"""Forms of scheduled messages: a sitting's invitation and a person's message settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import AgeGroup, MessageChannel


class SittingInviteForm(forms.Form):
    age_groups = forms.MultipleChoiceField(
        label=_("Only these age groups"),
        choices=AgeGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to invite everyone."),
    )
    send_at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to send at the next run (within a few minutes, 8–21)."),
    )


class PreferenceForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Preferred way to get messages"),
        choices=[
            ("", _("Automatic: e-mail, else text message, else letter")),
            *list(MessageChannel.choices),
        ],
        required=False,
    )
    no_email = forms.BooleanField(label=_("No e-mail messages"), required=False)
    no_sms = forms.BooleanField(label=_("No text messages"), required=False)
    no_letter = forms.BooleanField(label=_("No letters"), required=False)


class StaffPreferenceForm(PreferenceForm):
    postal_address = forms.CharField(
        label=_("Postal address for letters"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
