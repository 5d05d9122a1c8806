"""Forms of the impact tool: they parse requests; services do the writing."""

from __future__ import annotations

# --- metrics (imetrics) ---
import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from arki.core.models import Process
from arki.core.registry import registry

from .enums import SourceKind
from .models import Metric, StatisticSeries


def source_ref_choices(process: Process) -> list[tuple[Any, Any]]:
    figures = [(m.key, f"{m.label} ({m.unit})") for m in registry.metrics()]
    series = [
        (str(s.pk), f"{s.name} ({s.source})")
        for s in StatisticSeries.objects.filter(process=process)
    ]
    return [
        ("", _("Not connected yet")),
        (_("Arki's own figures"), figures),
        (_("Official statistics"), series),
    ]


class MetricForm(forms.ModelForm):
    """A row of the metric plan; the criterion is chosen from the decisions tool's chosen
    criteria when that tool is installed, else typed."""

    criterion = forms.TypedChoiceField(label=_("Criterion"), coerce=int, required=False)
    source_ref = forms.ChoiceField(label=_("Figure or statistic"), required=False)
    other_ref = forms.CharField(
        label=_("Other source reference (survey question, diary measure)"),
        required=False,
        max_length=200,
    )
    follow_up_dates = forms.CharField(
        label=_("Follow-up dates"),
        required=False,
        help_text=_("Dates as YYYY-MM-DD, separated by commas or one per line."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Metric
        fields = [
            "criterion_text",
            "criterion_text_sv",
            "criterion_text_en",
            "name",
            "name_sv",
            "name_en",
            "how_measured",
            "how_measured_sv",
            "how_measured_en",
            "source",
            "unit",
            "unit_sv",
            "unit_en",
            "direction",
            "baseline",
            "baseline_on",
            "target",
            "target_on",
        ]
        widgets = {
            "how_measured": forms.Textarea(attrs={"rows": 2}),
            "how_measured_sv": forms.Textarea(attrs={"rows": 2}),
            "how_measured_en": forms.Textarea(attrs={"rows": 2}),
            "baseline_on": forms.DateInput(attrs={"type": "date"}),
            "target_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, process: Process, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.fields["source_ref"].choices = source_ref_choices(process)  # type: ignore[attr-defined]
        instance = self.instance
        if criteria is None:
            del self.fields["criterion"]
            self.fields["criterion_text"].required = True
        else:
            del self.fields["criterion_text"]
            self.fields["criterion"].choices = [("", "—")] + [  # type: ignore[attr-defined]
                (c[0], c[1]) for c in criteria
            ]
            self.fields["criterion"].required = True
            if instance.pk:
                self.initial["criterion"] = instance.criterion_id
        if instance.pk:
            choices = self.fields["source_ref"].choices  # type: ignore[attr-defined]
            refs = {str(value) for value, _label in self._flat(choices)}
            if instance.source_ref in refs:
                self.initial["source_ref"] = instance.source_ref
            else:
                self.initial["other_ref"] = instance.source_ref
            self.initial["follow_up_dates"] = ", ".join(instance.follow_up_dates)

    @staticmethod
    def _flat(choices):
        for value, label in choices:
            if isinstance(label, list | tuple):
                yield from label
            else:
                yield value, label

    def clean_follow_up_dates(self) -> list[str]:
        text = self.cleaned_data.get("follow_up_dates") or ""
        dates = []
        for part in text.replace("\n", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                dates.append(datetime.date.fromisoformat(part).isoformat())
            except ValueError:
                raise forms.ValidationError(
                    _("“%(value)s” is not a date (write YYYY-MM-DD).") % {"value": part}
                ) from None
        return sorted(set(dates))

    def clean(self):
        data = super().clean()
        source = data.get("source")
        ref, other = data.get("source_ref") or "", (data.get("other_ref") or "").strip()
        if source in (SourceKind.SURVEY, SourceKind.DIARY):
            data["source_ref"] = other or ref
        else:
            data["source_ref"] = ref
        return data

    def plan_fields(self) -> dict:
        """The cleaned values as the metric services take them."""
        data = dict(self.cleaned_data)
        data.pop("other_ref", None)
        if self.criteria is not None:
            chosen = data.pop("criterion")
            data["criterion_id"] = chosen
            data["criterion_text"] = {c[0]: c[1] for c in self.criteria}.get(chosen, "")
        else:
            data.pop("criterion", None)
            data["criterion_id"] = None
        return data

    def _post_clean(self):
        # The services validate the row (with the plan's rules); the ModelForm must not write
        # onto the instance here.
        pass


class StatisticsUploadForm(forms.Form):
    KINDS = [
        ("jsonstat", _("JSON-stat 2 (Statistics Finland PxWeb, THL Sotkanet)")),
        ("csv", "CSV"),
    ]

    file = forms.FileField(label=_("File"), required=False)
    content = forms.CharField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Format"), choices=KINDS)
    name = forms.CharField(label=_("Name of the statistic"), max_length=200)
    name_sv = forms.CharField(
        label=_("Name of the statistic in Swedish"), max_length=200, required=False
    )
    name_en = forms.CharField(
        label=_("Name of the statistic in English"), max_length=200, required=False
    )
    source = forms.CharField(
        label=_("Source"), max_length=300, help_text=_("Who published the figures, and where.")
    )
    licence = forms.CharField(label=_("Licence"), max_length=120, initial="CC BY 4.0")
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    municipality_field = forms.CharField(
        label=_("Municipality dimension or column"),
        max_length=100,
        required=False,
        help_text=_("Leave empty to use the dataset's geographic dimension."),
    )
    period_field = forms.CharField(
        label=_("Period dimension or column"),
        max_length=100,
        required=False,
        help_text=_("Leave empty to use the dataset's time dimension."),
    )
    value_field = forms.CharField(
        label=_("Value column (CSV only)"), max_length=100, required=False
    )

    MAX_BYTES = 2_000_000

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError(_("The file is larger than 2 MB."))
            try:
                data["content"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        if not data.get("content"):
            raise forms.ValidationError(_("Choose a file."))
        return data
