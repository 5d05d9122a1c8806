"""Forms of the analysis tool: they parse requests, services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from arki.core.enums import AgeBand, AgeGroup
from arki.core.models import Municipality, User

from .enums import ClusterMethod, DiaryField
from .models import PERSONA_TEXTS, Code, Persona


class _Fields:
    """Typed access to a bound form's fields (django-stubs types them as bare `Field`)."""

    fields: dict[str, Any]

    def _field(self, name: str) -> Any:
        return self.fields[name]


class CodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Code) -> str:
        return f"{'– ' * getattr(obj, 'depth', 0)}{obj}"


def code_field(codes: list[Code], **kwargs: Any) -> CodeChoiceField:
    field = CodeChoiceField(
        queryset=Code.objects.filter(pk__in=[c.pk for c in codes]), label=_("Code"), **kwargs
    )
    field.choices = [
        ("", "---------"),
        *((c.pk, f"{'– ' * getattr(c, 'depth', 0)}{c}") for c in codes),
    ]
    return field


class ChunkCodingForm(_Fields, forms.Form):
    """Keyboard way: tick sentences of one answer and apply a code to them."""

    chunks = forms.TypedMultipleChoiceField(
        label=_("Sentences"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, codes: list[Code], spans: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"] = code_field(codes)
        self._field("chunks").choices = [(i, str(i)) for i in range(spans)]


class SpanCodingForm(forms.Form):
    """Selection way: start and end offsets (set by script from a text selection)."""

    start = forms.IntegerField(label=_("Start"), min_value=0)
    end = forms.IntegerField(label=_("End"), min_value=1)

    def __init__(self, *args: Any, codes: list[Code], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"] = code_field(codes)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and end <= start:
            raise forms.ValidationError(_("The end must come after the start."))
        return data


class MemoForm(forms.Form):
    text = forms.CharField(
        label=_("New memo"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class CodeForm(_Fields, forms.ModelForm):
    class Meta:
        model = Code
        fields = ["name", "name_sv", "name_en", "parent", "description", "color"]
        widgets = {
            "color": forms.TextInput(attrs={"type": "color"}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, process: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.process = process
        self._field("parent").queryset = Code.objects.filter(process=process)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search words"), max_length=100)


class ApplyHitsForm(_Fields, forms.Form):
    q = forms.CharField(widget=forms.HiddenInput, max_length=100)
    hits = forms.MultipleChoiceField(label=_("Hits to code"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, codes: list[Code], tokens: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"] = code_field(codes)
        self._field("hits").choices = [(t, t) for t in tokens]


class AssignForm(_Fields, forms.Form):
    analysts = forms.ModelMultipleChoiceField(
        label=_("Analysts"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    per_diary = forms.IntegerField(
        label=_("Analysts per diary"), min_value=1, max_value=5, initial=2
    )

    def __init__(self, *args: Any, analysts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._field("analysts").queryset = analysts


class RedactTextForm(forms.Form):
    text = forms.CharField(
        label=_("Text to hide everywhere in this diary"),
        max_length=100,
        help_text=_("For example a name or an address the resident wrote."),
    )


class RedactSpanForm(forms.Form):
    day = forms.IntegerField(label=_("Day"), min_value=1, max_value=7)
    field = forms.ChoiceField(label=_("Answer"), choices=DiaryField.choices)
    start = forms.IntegerField(label=_("Start"), min_value=0)
    end = forms.IntegerField(label=_("End"), min_value=1)


class ClusterRunForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=ClusterMethod.choices)
    k_min = forms.IntegerField(
        label=_("Fewest groups to try"), min_value=2, max_value=20, initial=2
    )
    k_max = forms.IntegerField(label=_("Most groups to try"), min_value=2, max_value=20, initial=6)
    k_override = forms.IntegerField(
        label=_("Number of groups (override)"),
        min_value=1,
        max_value=20,
        required=False,
        help_text=_("Leave empty to use the number the silhouette score proposes."),
    )
    pooled_age_groups = forms.MultipleChoiceField(
        label=_("Age groups clustered across all municipalities"),
        choices=AgeGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In Kainuu the young people's answers were too few per municipality."),
    )
    merge_small_groups = forms.BooleanField(
        label=_("Merge small groups with the same age group's small groups elsewhere"),
        required=False,
        initial=True,
        help_text=_("Otherwise groups too small to publish are kept as unpublishable."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("k_min") and data.get("k_max") and data["k_max"] < data["k_min"]:
            raise forms.ValidationError(_("The most groups must not be fewer than the fewest."))
        return data


class PersonaCreateForm(forms.Form):
    name = forms.CharField(label=_("Name of the persona"), max_length=80)


class PersonaForm(_Fields, forms.ModelForm):
    quotes = forms.MultipleChoiceField(
        label=_("Representative quotes"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Persona
        fields = [
            "name",
            "description",
            "age_band",
            "municipalities",
            "typical_week",
            "pains",
            "gains",
            "needs",
            *(f"{f}_{lang}" for f in PERSONA_TEXTS for lang in ("sv", "en")),
        ]
        widgets = {
            "municipalities": forms.CheckboxSelectMultiple,
            **{
                f"{f}{suffix}": forms.Textarea(attrs={"rows": 3})
                for f in ("description", "typical_week", "pains", "gains", "needs")
                for suffix in ("", "_sv", "_en")
            },
        }

    def __init__(self, *args: Any, quote_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._field("age_band").choices = [("", _("Several")), *AgeBand.choices]
        self._field("municipalities").queryset = Municipality.objects.filter(
            processes=self.instance.process
        )
        self._field("quotes").choices = quote_choices
        self.fields["quotes"].initial = list(self.instance.quotes.values_list("pk", flat=True))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("REFI-QDA project (.qdpx)"))
