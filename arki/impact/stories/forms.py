"""Forms of community reporters' stories: they parse requests; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from arki.core.enums import ConsentMethod
from arki.core.models import Meeting, Process, Workshop

from . import links
from .enums import Decision, MediaKind

#: Stories are told in Finnish, Swedish, English or the reporter's own language.
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("se", _("Northern Sami")),
    ("smn", _("Inari Sami")),
    ("sms", _("Skolt Sami")),
    ("ru", _("Russian")),
    ("et", _("Estonian")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("fa", _("Persian")),
    ("uk", _("Ukrainian")),
]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your personal access code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


def _ref_choices(capability: str, process: Process) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(r.id), r.title) for r in links.refs(capability, process) or ()]


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Your story"), widget=forms.Textarea(attrs={"rows": 12}))
    language = forms.ChoiceField(label=_("Language of the story"), choices=LANGUAGES)
    byline = forms.CharField(
        label=_("Name shown with the story"),
        max_length=100,
        required=False,
        help_text=_("For example your first name, or leave empty to publish without a name."),
    )
    workshop = forms.ModelChoiceField(
        label=_("Workshop the story belongs to"), queryset=Workshop.objects.none(), required=False
    )
    concept_id = forms.TypedChoiceField(
        label=_("Concept"), coerce=int, empty_value=None, required=False, choices=()
    )
    action_id = forms.TypedChoiceField(
        label=_("Action"), coerce=int, empty_value=None, required=False, choices=()
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workshops = Workshop.objects.filter(process=process).order_by("position")
        self.fields["workshop"].queryset = workshops  # type: ignore[attr-defined]
        # Without the decisions tool (or while it offers nothing) these fields are left out.
        for name, capability in (("concept_id", links.CONCEPTS), ("action_id", links.ACTIONS)):
            choices = _ref_choices(capability, process)
            if len(choices) > 1:
                self.fields[name].choices = choices  # type: ignore[attr-defined]
            else:
                del self.fields[name]


class MediaForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MediaKind.choices, widget=forms.RadioSelect)
    file = forms.FileField(label=_("File"))
    alt_text = forms.CharField(
        label=_("For a photo: what the photo shows (alt text)"), max_length=300, required=False
    )
    transcript = forms.CharField(
        label=_("For an audio clip: what is said in it (transcript)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ConsentForm(forms.Form):
    person_name = forms.CharField(label=_("Who gave consent"), max_length=150)
    method = forms.ChoiceField(label=_("How it was given"), choices=ConsentMethod.choices)
    given_on = forms.DateField(label=_("Given on"), widget=DATE)
    is_reporter = forms.BooleanField(label=_("This is my own consent"), required=False)


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.ACCEPT.value, Decision.ACCEPT.label),
            (Decision.CHANGES.value, _("Ask for changes")),
            (Decision.REJECT.value, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required when asking for changes or rejecting)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReporterForm(forms.Form):
    person_code = forms.CharField(label=_("Participant's pseudonym code"), max_length=12)
    trained_on = forms.DateField(label=_("Trained on"), required=False, widget=DATE)
    training = forms.ModelChoiceField(
        label=_("Training event (a meeting of the process)"),
        queryset=Meeting.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.process = process
        meetings = Meeting.objects.filter(process=process)
        self.fields["training"].queryset = meetings  # type: ignore[attr-defined]

    def clean_person_code(self) -> Any:
        code = self.cleaned_data["person_code"].strip().upper()
        person = self.process.people.filter(code=code, erased_at__isnull=True).first()
        if person is None:
            raise ValidationError(_("No participant of this process has that code."))
        return person
