"""Forms of the help exchange; they parse input, services validate the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from arki.core.enums import AgeBand, ConsentMethod
from arki.core.models import Person
from arki.core.phones import PhoneNumberFormField

from .enums import (
    EventKind,
    IncidentSeverity,
    ProxyRelation,
    Recurrence,
    RequestChannel,
    SignupRole,
    Smiley,
    TaskType,
)
from .models import Organisation, Recipient, Volunteer

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
UNKNOWN_AREA = _("Unknown area: choose a village or area from the list.")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        return value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value


def person_label(person: Person) -> str:
    """A person in a drop-down, for those allowed to see names: "Name (CODE)"."""
    return f"{person.full_name} ({person.code})" if person.full_name else person.code


class VillageField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": UNKNOWN_AREA}

    def label_from_instance(self, obj):
        return f"{obj.municipality} – {obj.name}"


class RequestDetailsForm(forms.Form):
    """What is needed and when: the same on every channel."""

    task_type = forms.ChoiceField(label=_("Task"), choices=TaskType.choices)
    description = forms.CharField(
        label=_("What is needed"), widget=forms.Textarea(attrs={"rows": 3})
    )
    flexible = forms.BooleanField(label=_("The time is flexible"), required=False)
    window_start = forms.DateTimeField(label=_("Earliest"), required=False, widget=DateTimeInput)
    window_end = forms.DateTimeField(label=_("Latest"), required=False, widget=DateTimeInput)
    recurrence = forms.ChoiceField(label=_("How often"), choices=Recurrence.choices)
    notes_for_helper = forms.CharField(
        label=_("Notes for the helper"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example hearing or mobility."),
    )


class RequestForm(RequestDetailsForm):
    """A phone call in one form: the person (existing or new) and what they need."""

    recipient: forms.ModelChoiceField[Recipient] = forms.ModelChoiceField(
        label=_("Older person already registered"),
        queryset=None,
        required=False,
        help_text=_("Leave empty to register a new person below."),
    )
    full_name = forms.CharField(label=_("Name of a new person"), max_length=150, required=False)
    phone = PhoneNumberFormField(label=_("Phone"), help_text=_("Never shown to volunteers."))
    age_band = forms.ChoiceField(label=_("Age"), choices=AgeBand.choices, initial=AgeBand.Y75_84)
    village = VillageField(label=_("Village or area"), queryset=None)
    address = forms.CharField(
        label=_("Street address"),
        max_length=200,
        required=False,
        help_text=_("Shown only to the confirmed helper."),
    )
    channel = forms.ChoiceField(
        label=_("The request came"), choices=RequestChannel.choices, initial=RequestChannel.PHONE
    )
    field_order = ["recipient", "full_name", "phone", "age_band", "village", "address"]

    def __init__(self, *args, recipients, villages, show_names=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients
        if show_names:
            self.fields["recipient"].label_from_instance = lambda r: person_label(r.person)
        self.fields["village"].queryset = villages

    def clean(self):
        data = super().clean()
        if not data.get("recipient") and not (data.get("full_name") or "").strip():
            self.add_error(
                "full_name", _("Choose a registered person or give a new person's name.")
            )
        return data


class OwnRequestForm(RequestDetailsForm):
    """An older person, or their proxy, asks for help on the web."""

    recipient: forms.ModelChoiceField[Recipient] = forms.ModelChoiceField(
        label=_("Help for"), queryset=None, empty_label=None
    )
    field_order = ["recipient"]

    def __init__(self, *args, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients
        self.fields["recipient"].label_from_instance = lambda r: r.person.full_name or r.person.code


class VolunteerForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=150)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    village = VillageField(label=_("Home village or area"), queryset=None)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = PhoneNumberFormField(
        label=_("Mobile phone"),
        help_text=_("For task offers by text message. Never shown to others."),
    )
    skills = forms.MultipleChoiceField(
        label=_("Likes to help with"),
        choices=TaskType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Usually free on"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    max_km = forms.IntegerField(
        label=_("Longest trip (km)"), min_value=1, max_value=100, initial=15
    )
    interests = forms.CharField(label=_("Other interests"), max_length=200, required=False)

    def __init__(self, *args, organisations, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["village"].queryset = villages


class ConsentForm(forms.Form):
    given_on = forms.DateField(label=_("Given on"), widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("How given"), choices=ConsentMethod.choices)
    guardian_name = forms.CharField(
        label=_("Guardian's name"),
        max_length=150,
        required=False,
        help_text=_("Required when the volunteer is under 18."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ChooseVolunteersForm(forms.Form):
    volunteers: forms.ModelMultipleChoiceField[Volunteer] = forms.ModelMultipleChoiceField(
        label=_("Volunteers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one volunteer.")},
    )

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteers"].queryset = volunteers


class FeedbackForm(forms.Form):
    answer = forms.TypedChoiceField(
        label=_("Did this make your day easier?"),
        choices=Smiley.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Anything else?"), max_length=500, required=False)


class IncidentForm(forms.Form):
    severity = forms.ChoiceField(label=_("Severity"), choices=IncidentSeverity.choices)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DoneForm(forms.Form):
    duration_minutes = forms.IntegerField(
        label=_("How long did it take (minutes)?"),
        min_value=1,
        max_value=720,
    )


class ProxyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    relation = forms.ChoiceField(label=_("Relation"), choices=ProxyRelation.choices)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = PhoneNumberFormField(label=_("Phone"))
    receives_notifications = forms.BooleanField(
        label=_("Receives the messages"), required=False, initial=True
    )


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=150)
    organisation = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Organisation.objects.none()
    )
    village = VillageField(label=_("Village or area"), queryset=None)
    place = forms.CharField(label=_("Place"), max_length=150)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500, initial=30)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    title_sv = forms.CharField(label=_("Title in Swedish"), max_length=150, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=150, required=False)
    place_sv = forms.CharField(label=_("Place in Swedish"), max_length=150, required=False)
    place_en = forms.CharField(label=_("Place in English"), max_length=150, required=False)
    description_sv = forms.CharField(
        label=_("Description in Swedish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["village"].queryset = villages


class SignupForm(forms.Form):
    person: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("Participant"), queryset=None
    )
    role = forms.ChoiceField(label=_("Taking part as"), choices=SignupRole.choices)

    def __init__(self, *args, people, show_names=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        if show_names:
            self.fields["person"].label_from_instance = person_label


class LinkAccountForm(forms.Form):
    """A coordinator links a user account to the older person it acts for."""

    acts_as = forms.ChoiceField(label=_("The account belongs to"))
    email = forms.EmailField(
        label=_("E-mail address of the account"),
        help_text=_("A new address gets a message with a link to set a password."),
    )
    consent = forms.BooleanField(
        label=_("The older person agrees that this account may ask for help for them"),
        required=False,
    )
    consent_method = forms.ChoiceField(
        label=_("How the consent was given"),
        choices=ConsentMethod.choices,
        initial=ConsentMethod.PHONE,
    )
    consent_given_on = forms.DateField(
        label=_("Consent given on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, recipient, **kwargs):
        # Shown on the older person's card under the proxy form, which also has an e-mail
        # field: its own ids keep every label tied to its field.
        kwargs.setdefault("auto_id", "id_link_%s")
        super().__init__(*args, **kwargs)
        choices = []
        if recipient.person.user_id is None:
            choices.append(("self", _("the older person themself")))
        choices += [
            (str(p.pk), _("the proxy %(name)s") % {"name": p.name})
            for p in recipient.proxies.all()
            if p.user_id is None
        ]
        self.fields["acts_as"].choices = choices
