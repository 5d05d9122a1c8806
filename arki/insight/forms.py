"""Forms of the insight tool: residents' map and diary, staff entry, import, catalogue."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from arki.core.models import Municipality

from .compute.diff import Difference
from .enums import Frequency, HelpFrom, Served, ServiceCategory, TravelMode, UseChannel
from .models import DiaryDay, Service, ServiceUse
from .prompts import prompt

MAX_TEXT = 3000
PAPER_MAP_ROWS = 15


def service_choices(services: QuerySet[Service] | list[Service]) -> list[Any]:
    """Catalogue services grouped by category (optgroups keep the long list findable)."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for service in services:
        groups.setdefault(service.category, []).append((service.pk, str(service)))
    labels = dict(ServiceCategory.choices)
    return [("", _("– not in the list –"))] + [
        (labels[key], sorted(items, key=lambda item: item[1])) for key, items in groups.items()
    ]


class AccessCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your personal access code"),
        max_length=20,
        help_text=_("The code is printed on the first page of your diary kit."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).upper()


class ServiceUseForm(forms.ModelForm):
    """One service-map row; the model's plausibility rules give the error messages."""

    class Meta:
        model = ServiceUse
        fields = [
            "service",
            "service_text",
            "frequency",
            "channel",
            "distance_km",
            "travel_minutes",
            "travel_mode",
        ]
        widgets = {
            "distance_km": forms.NumberInput(
                attrs={"step": "0.1", "min": "0", "inputmode": "decimal"}
            ),
            "travel_minutes": forms.NumberInput(attrs={"min": "0", "inputmode": "numeric"}),
        }

    def __init__(
        self,
        *args: Any,
        services: QuerySet[Service],
        choices: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """`choices` lets a page with many rows build the grouped list only once."""
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services
        field.choices = choices if choices is not None else service_choices(services)
        field.required = False
        for name in ("frequency", "channel", "travel_mode"):
            choice_field = self.fields[name]
            assert isinstance(choice_field, forms.ChoiceField)
            options = list(cast(Iterable[Any], choice_field.choices))
            choice_field.choices = [("", "–"), *options[1:]]

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "service": data["service"].pk if data.get("service") else None,
            "service_text": data.get("service_text", ""),
            "frequency": data["frequency"],
            "channel": data["channel"],
            "distance_km": str(data.get("distance_km") or 0),
            "travel_minutes": data.get("travel_minutes") or 0,
            "travel_mode": data["travel_mode"],
        }


def _text(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DiaryDayForm(forms.Form):
    """The eight prompts of one day, in the active language; every answer is optional."""

    def __init__(
        self, *args: Any, services: QuerySet[Service] | list[Service], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        language = (get_language() or "fi")[:2]
        self.fields["did_today"] = _text(prompt("did_today", language))
        self.fields["where_went"] = _text(prompt("where_went", language))
        self.fields["with_whom"] = _text(prompt("with_whom", language))
        self.fields["services"] = forms.MultipleChoiceField(
            label=prompt("services_text", language),
            required=False,
            choices=[(str(s.pk), str(s)) for s in services],
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Tick the services you used; write any others below."),
        )
        self.fields["services_text"] = _text(_("Other services, in your own words"))
        self.fields["served"] = forms.ChoiceField(
            label=prompt("served_text", language),
            required=False,
            choices=Served.choices,
            widget=forms.RadioSelect,
        )
        self.fields["served_text"] = _text(_("Tell more about how you were served"))
        self.fields["help_from"] = forms.MultipleChoiceField(
            label=prompt("help_received_text", language),
            required=False,
            choices=HelpFrom.choices,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Tick who helped you, if anyone."),
        )
        self.fields["help_received_text"] = _text(_("What did they help you with?"))
        self.fields["help_needed_text"] = _text(prompt("help_needed_text", language))
        self.fields["wishes_text"] = _text(prompt("wishes_text", language))

    def values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values["services"] = [int(pk) for pk in values.get("services") or []]
        return values


class DiaryDayPaperForm(DiaryDayForm):
    """A diary day as typed from paper: the catalogue is a compact multi-select list."""

    def __init__(self, *args: Any, services: QuerySet[Service] | list[Service], **kwargs: Any):
        super().__init__(*args, services=services, **kwargs)
        self.fields["services"].widget = forms.SelectMultiple(attrs={"size": 6})
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 2


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file contains"),
        choices=[("maps", _("Service maps")), ("diaries", _("Diaries"))],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("Use the columns of the export. Nothing is imported if any row is wrong."),
    )

    def clean_file(self) -> Any:
        """Refuse what cannot be imported before it is stored: the wrong kind of file, one
        too large, or one that is no table (a binary file renamed .csv)."""
        from arki.core.uploads import upload_too_large

        from .transfer import SNIFF_BYTES, upload_problem

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if too_large := upload_too_large(upload):
            raise forms.ValidationError(too_large)
        upload.seek(0)
        problem = upload_problem(upload.read(SNIFF_BYTES), upload.name)
        upload.seek(0)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class KitBatchForm(forms.Form):
    """Whom to print for: everyone in the user's scope, one municipality, or a list of codes
    (a lost kit, the late enrolments); large print and language apply to all of them."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("All municipalities"),
    )
    codes = forms.CharField(
        label=_("Only these participants"),
        help_text=_("Participant codes separated by spaces, commas or lines; empty for all."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    large_print = forms.BooleanField(label=_("Large print"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[
            ("", _("Each participant's own language")),
            ("fi", _("Finnish")),
            ("sv", _("Swedish")),
            ("en", _("English")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, participants: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = participants
        field = cast(forms.ModelChoiceField, self.fields["municipality"])
        field.queryset = Municipality.objects.filter(
            pk__in=participants.values("person__municipality")
        ).order_by("name")

    def clean_codes(self) -> list[str]:
        codes = [c for c in self.cleaned_data["codes"].replace(",", " ").upper().split() if c]
        known = set(
            self.participants.filter(person__code__in=codes).values_list("person__code", flat=True)
        )
        unknown = [code for code in dict.fromkeys(codes) if code not in known]
        if unknown:
            raise forms.ValidationError(
                _("No enrolled participant you may print for has the code: %(codes)s"),
                params={"codes": ", ".join(unknown)},
            )
        return list(dict.fromkeys(codes))

    def selected(self) -> QuerySet[Any]:
        """The chosen participants (call after `is_valid()`)."""
        chosen = self.participants
        if self.cleaned_data.get("municipality"):
            chosen = chosen.filter(person__municipality=self.cleaned_data["municipality"])
        if self.cleaned_data.get("codes"):
            chosen = chosen.filter(person__code__in=self.cleaned_data["codes"])
        return chosen


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "name_sv", "name_en", "category", "sector"]


class MergeForm(forms.Form):
    texts = forms.MultipleChoiceField(
        label=_("Names written by residents"), widget=forms.CheckboxSelectMultiple
    )
    service = forms.ModelChoiceField(label=_("Catalogue service"), queryset=Service.objects.none())

    def __init__(self, *args: Any, texts: list[str], services: QuerySet[Service], **kwargs: Any):
        super().__init__(*args, **kwargs)
        text_field, service_field = self.fields["texts"], self.fields["service"]
        assert isinstance(text_field, forms.MultipleChoiceField)
        assert isinstance(service_field, forms.ModelChoiceField)
        text_field.choices = [(t, t) for t in texts]
        service_field.queryset = services


class SettingsForm(forms.Form):
    double_entry = forms.BooleanField(
        label=_("Double entry of paper kits"),
        required=False,
        help_text=_(
            "A second person enters every paper kit again; differences are resolved before "
            "the kit counts as returned."
        ),
    )
    diary_due_dates = forms.CharField(
        label=_("Days the diary is due"),
        required=False,
        help_text=_(
            "Dates separated by commas, e.g. 5.6.2014, 12.6.2014. On each, everyone who has "
            "not returned the diary and agreed to reminders gets one reminder."
        ),
    )

    def clean_diary_due_dates(self) -> list[datetime.date]:
        days = []
        for text in self.cleaned_data["diary_due_dates"].replace(";", ",").split(","):
            text = text.strip()
            if not text:
                continue
            for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
                try:
                    days.append(datetime.datetime.strptime(text, fmt).date())
                    break
                except ValueError:
                    continue
            else:
                raise forms.ValidationError(
                    _("“%(text)s” is not a date; write it as 5.6.2014."), params={"text": text}
                )
        return days


class ResolveForm(forms.Form):
    """One choice per difference between the two entries of a paper kit."""

    def __init__(self, *args: Any, differences: list[Difference], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(Service.objects.values_list("pk", "name"))
        for difference in differences:
            field = difference.where[2]
            first = shown_value(field, difference.first, names)
            second = shown_value(field, difference.second, names)
            self.fields[difference.key] = forms.ChoiceField(
                label=field_label(field),
                choices=[
                    ("1", _("First entry: %(value)s") % {"value": first}),
                    ("2", _("Second entry: %(value)s") % {"value": second}),
                ],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose which entry is right.")},
            )


CHOICE_LABELS: dict[str, Any] = {
    "frequency": Frequency,
    "channel": UseChannel,
    "travel_mode": TravelMode,
    "served": Served,
    "help_from": HelpFrom,
}


def field_label(field: str) -> str:
    """A kit field's name as staff know it (the form's label)."""
    for model in (ServiceUse, DiaryDay):
        try:
            return str(getattr(model._meta.get_field(field), "verbose_name", field))
        except FieldDoesNotExist:
            continue
    return field


def shown_value(field: str, value: Any, service_names: dict[int, str]) -> str:
    """An entered value in words: service names for ids, labels for codes."""
    if value in (None, "", []):
        return "(–)"
    values = value if isinstance(value, list) else [value]
    if field in ("service", "services"):
        words = [service_names.get(int(v), str(v)) for v in values]
    elif field in CHOICE_LABELS:
        labels = dict(CHOICE_LABELS[field].choices)
        words = [str(labels.get(v, v)) for v in values]
    else:
        words = [str(v) for v in values]
    return ", ".join(words)
