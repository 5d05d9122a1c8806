"""Forms of the core's staff pages and of joining a live session."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .enums import AgeBand, ConsentMethod, ConsentPurpose, Language, Role, TargetGroup, TaskStatus
from .models import (
    GroupMember,
    Meeting,
    Municipality,
    Process,
    Region,
    RoleAssignment,
    Sitting,
    Task,
    User,
    Workshop,
)
from .phones import PhoneNumberFormField
from .process_templates import TEMPLATES

MAX_TEXT = 5000


def edited_fields(form: forms.ModelForm) -> dict[str, Any]:
    """The values a valid edit form carries, for its model's update service.

    A ModelForm's validation writes the typed values onto its instance; the instance is reloaded
    here so that the service sees the row as stored (what changed, what to audit) and writes
    only through its own validation.
    """
    fields = {name: form.cleaned_data[name] for name in form._meta.fields or ()}
    form.instance.refresh_from_db()
    return fields


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to the field when it has one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def error_text(exc: ValidationError) -> str:
    """A service's ValidationError as one sentence for a message."""
    return " ".join(exc.messages)


#: The set-up page's choices besides the templates.
BLANK, COPY = "blank", "copy"


class RegionCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes grouped into one fieldset per region (its choices are grouped by region).

    Each fieldset carries its region's primary key, so that choosing a region in the form's
    region select shows only that region's municipalities (arki.js; without JavaScript every
    region stays listed).
    """

    template_name = "core/widgets/region_checkboxes.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: group label -> region primary key, set with the choices
        self.region_ids: dict[str, int] = {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["region_groups"] = [
            (group, options, self.region_ids.get(group or ""))
            for group, options, _index in context["widget"]["optgroups"]
        ]
        return context


def municipalities_by_region(queryset) -> list[tuple[str, list[tuple[int, str]]]]:
    """Choices grouped by region, regions and their municipalities in name order."""
    return [(label, options) for label, _pk, options in _grouped(queryset)]


def _grouped(queryset) -> list[tuple[str, int, list[tuple[int, str]]]]:
    groups: dict[int, tuple[str, int, list[tuple[int, str]]]] = {}
    for municipality in queryset.order_by("region__name", "name"):
        region = groups.setdefault(
            municipality.region_id, (str(municipality.region), municipality.region_id, [])
        )
        region[2].append((municipality.pk, str(municipality)))
    return list(groups.values())


class ProcessCreateForm(forms.Form):
    template = forms.ChoiceField(label=_("Template"), choices=())
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Web address"),
        max_length=60,
        help_text=_("Short, lowercase, no spaces: it becomes part of the public address."),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(municipalities__isnull=False).distinct().order_by("name"),
        required=False,
        empty_label=_("All regions"),
        help_text=_(
            "The wellbeing services county whose municipalities the process covers (the City "
            "of Helsinki and Åland are listed as their own). Choosing it lists only its "
            "municipalities below."
        ),
        widget=forms.Select(attrs={"data-region-filter": "id_municipalities"}),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.select_related("region").order_by("name"),
        widget=RegionCheckboxes,
        error_messages={"required": _("Choose at least one municipality.")},
        help_text=_("A process covers one region: choose its municipalities under its name."),
    )
    first_workshop_on = forms.DateField(
        label=_("Date of the first workshop"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
        help_text=_("Workshop dates are counted from this one (not needed for a blank process)."),
    )
    copy_from = forms.ModelChoiceField(
        label=_("Process to copy"),
        queryset=Process.objects.none(),
        required=False,
        help_text=_(
            "Its seasons, phases, workshops and sittings are copied, without people, "
            "groups, answers or results."
        ),
    )
    is_public = forms.BooleanField(label=_("Show on the public website"), required=False)

    def __init__(self, *args, copy_sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [
            *[(t.key, t.label) for t in TEMPLATES.values()],
            (BLANK, _("Blank: no seasons, phases or workshops yet")),
            (COPY, _("Copy the structure of an earlier process")),
        ]
        municipalities = cast(forms.ModelMultipleChoiceField, self.fields["municipalities"])
        groups = _grouped(municipalities.queryset)
        widget = cast(RegionCheckboxes, municipalities.widget)
        widget.choices = [(label, options) for label, _pk, options in groups]
        widget.region_ids = {label: pk for label, pk, _options in groups}
        copy_from = cast(forms.ModelChoiceField, self.fields["copy_from"])
        if copy_sources is not None:
            copy_from.queryset = copy_sources
        self.order_fields(["template", "copy_from"])

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Process.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("This web address is already in use."))
        return slug

    def clean(self):
        cleaned = super().clean()
        municipalities = cleaned.get("municipalities")
        regions = sorted({str(m.region) for m in municipalities or ()})
        region = cleaned.get("region")
        if region and any(m.region_id != region.pk for m in municipalities or ()):
            self.add_error(
                "municipalities",
                _("Choose municipalities of %(region)s only, or choose another region.")
                % {"region": region},
            )
        elif len(regions) > 1:
            self.add_error(
                "municipalities",
                _("Choose the municipalities of one region only; you chose from %(regions)s.")
                % {"regions": ", ".join(regions)},
            )
        start = cleaned.get("template")
        if start == COPY and not cleaned.get("copy_from"):
            self.add_error("copy_from", _("Choose the process to copy."))
        if start != BLANK and not cleaned.get("first_workshop_on"):
            self.add_error("first_workshop_on", _("Give the date of the first workshop."))
        return cleaned


class WorkshopForm(forms.ModelForm):
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Workshop
        fields = [
            "title",
            "title_sv",
            "title_en",
            "date",
            "place",
            "place_sv",
            "place_en",
            "municipality",
            "target_groups",
            "methods",
            "methods_sv",
            "methods_en",
            "agenda",
            "agenda_sv",
            "agenda_en",
            "participant_count",
            "results_summary",
            "results_summary_sv",
            "results_summary_en",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "agenda_sv": forms.Textarea(attrs={"rows": 5}),
            "agenda_en": forms.Textarea(attrs={"rows": 5}),
            "methods": forms.Textarea(attrs={"rows": 3}),
            "methods_sv": forms.Textarea(attrs={"rows": 3}),
            "methods_en": forms.Textarea(attrs={"rows": 3}),
            "results_summary": forms.Textarea(attrs={"rows": 4}),
            "results_summary_sv": forms.Textarea(attrs={"rows": 4}),
            "results_summary_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = self.instance.process.municipalities.all()
        self.fields["municipality"].empty_label = _("Region-wide")
        for base in ("agenda", "methods", "results_summary"):
            for name in (base, f"{base}_sv", f"{base}_en"):
                self.fields[name].max_length = MAX_TEXT


class SittingForm(forms.ModelForm):
    """A local sitting: where and when, who facilitates, how residents take part."""

    class Meta:
        model = Sitting
        fields = [
            "municipality",
            "place",
            "place_sv",
            "place_en",
            "starts_at",
            "ends_at",
            "facilitator",
            "how_to_take_part",
            "how_to_take_part_sv",
            "how_to_take_part_en",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "how_to_take_part": forms.Textarea(attrs={"rows": 3}),
            "how_to_take_part_sv": forms.Textarea(attrs={"rows": 3}),
            "how_to_take_part_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, workshop: Workshop, **kwargs):
        super().__init__(*args, **kwargs)
        process = workshop.process
        municipality = cast(forms.ModelChoiceField, self.fields["municipality"])
        municipality.queryset = process.municipalities.all()
        municipality.empty_label = _("Region-wide")
        staff = RoleAssignment.objects.filter(process=process, role="facilitator").values("user_id")
        facilitator = cast(forms.ModelChoiceField, self.fields["facilitator"])
        facilitator.queryset = User.objects.filter(pk__in=staff, is_active=True)
        for name in ("how_to_take_part", "how_to_take_part_sv", "how_to_take_part_en"):
            self.fields[name].validators.append(MaxLengthValidator(MAX_TEXT))


class GroupMemberForm(forms.ModelForm):
    """A project- or planning-group member; work contact details are public for contact
    persons (shown on the process's contacts page)."""

    class Meta:
        model = GroupMember
        fields = [
            "group",
            "name",
            "organisation",
            "title",
            "title_sv",
            "title_en",
            "municipality",
            "is_contact_person",
            "work_email",
            "work_phone",
        ]

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = cast(forms.ModelChoiceField, self.fields["municipality"])
        municipality.queryset = process.municipalities.all()
        municipality.empty_label = _("No municipality")


class MeetingForm(forms.ModelForm):
    groups = forms.MultipleChoiceField(
        label=_("Groups"),
        choices=[("project", _("Project group")), ("planning", _("Planning group"))],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one group.")},
    )

    class Meta:
        model = Meeting
        fields = ["workshop", "groups", "date", "place", "agenda", "review_notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "review_notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = process.workshops.all()  # type: ignore[attr-defined]


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "owner", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = process.group_members.all()  # type: ignore[attr-defined]


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)


class PersonForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)
    age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices)
    full_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = PhoneNumberFormField(label=_("Phone"))
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    text_version = forms.CharField(label=_("Version of the consent text"), max_length=20)
    given_on = forms.DateField(label=_("Given on"), widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("How given"), choices=ConsentMethod.choices)
    by_guardian = forms.BooleanField(label=_("Given by a guardian"), required=False)
    guardian_name = forms.CharField(label=_("Guardian's name"), max_length=150, required=False)

    def clean_given_on(self) -> datetime.date:
        given_on = self.cleaned_data["given_on"]
        if given_on > datetime.date.today():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return given_on


class EraseConfirmForm(forms.Form):
    confirm_code = forms.CharField(
        label=_("Type the participant's pseudonym code to confirm"), max_length=12
    )

    def __init__(self, *args, expected: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_confirm_code(self) -> str:
        code = self.cleaned_data["confirm_code"].strip().upper()
        if code != self.expected:
            raise forms.ValidationError(_("The code does not match; nothing was erased."))
        return code


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Workshop code"),
        max_length=12,
        help_text=_("Six letters and numbers shown on the screen, e.g. K7M2QP."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class JoinForm(forms.Form):
    label = forms.CharField(
        label=_("Your first name or table (optional)"),
        max_length=40,
        required=False,
        error_messages={"max_length": _("A name can be at most 40 characters.")},
    )
    access_code = forms.CharField(
        label=_("Personal code from your letter (optional)"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class ActivityKindForm(forms.Form):
    kind = forms.ChoiceField(label=_("Activity"), choices=())

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.label) for k in kinds]


class ActivityTitleForm(forms.Form):
    """The activity's question in Swedish and English, for participants who chose those
    languages (Finnish comes from the activity's own set-up and stands in when these are
    empty)."""

    title_sv = forms.CharField(label=_("The question in Swedish"), max_length=300, required=False)
    title_en = forms.CharField(label=_("The question in English"), max_length=300, required=False)


class PaperSeatForm(forms.Form):
    label = forms.CharField(label=_("Name or table on the paper"), max_length=40, required=False)


class SessionSettingsForm(forms.Form):
    anonymous_seats = forms.BooleanField(
        label=_("Participants may join without a personal code"),
        required=False,
        help_text=_(
            "On for open workshops where anyone may come in. Off when only enrolled "
            "participants answer: then each person has exactly one seat."
        ),
    )


class PersonCreateForm(PersonForm):
    """The enrolment form, with a one-time key so that sending it twice enrols one person."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


class RoleForm(forms.Form):
    """A role in a process, optionally limited to one of its municipalities (administrators
    are platform-wide and are not given here)."""

    role = forms.ChoiceField(label=_("Role"), choices=())
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("The whole process"),
        help_text=_("Limit the role to one municipality, e.g. for a municipal contact person."),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (value, label) for value, label in Role.choices if value != Role.ADMIN
        ]
        self.fields["municipality"].queryset = process.municipalities.order_by("name")


class StaffInviteForm(RoleForm):
    """Invite someone by e-mail to one role in a process."""

    email = forms.EmailField(label=_("E-mail address"))
    field_order = ["email", "role", "municipality"]


class StaffFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), required=False, choices=())
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["role"].choices = [("", _("All")), *Role.choices]
        self.fields["municipality"].queryset = process.municipalities.order_by("name")
