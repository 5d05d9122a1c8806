"""Forms of the surveys: they parse requests; `services.surveys` does the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from arki.core.enums import Channel
from arki.core.models import Municipality, Process

from .definitions import SURVEYS
from .enums import QuestionKind, RespondentGroup
from .models import Question

MAX_TEXT = 500


def _language() -> str:
    return (get_language() or "fi")[:2]


class SurveyCreateForm(forms.Form):
    key = forms.ChoiceField(label=_("Survey"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = _language()
        self.fields["key"].choices = [  # type: ignore[attr-defined]
            (key, spec["title"].get(language, spec["title"]["fi"])) for key, spec in SURVEYS.items()
        ]


class RoundForm(forms.Form):
    label = forms.CharField(label=_("Round"), max_length=80, help_text=_("e.g. Baseline 2015"))
    label_sv = forms.CharField(label=_("Round in Swedish"), max_length=80, required=False)
    label_en = forms.CharField(label=_("Round in English"), max_length=80, required=False)
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class RespondentForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)
    group = forms.ChoiceField(label=_("Group"), choices=RespondentGroup.choices)
    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=200, initial=1)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = process.municipalities.order_by("name")  # type: ignore[attr-defined]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your survey code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper().replace(" ", "").replace("-", "")


def answer_fields(questions: list[Question]) -> dict[str, forms.Field]:
    """One field per question, named ``q<pk>``, in the active language."""
    language = _language()
    fields: dict[str, forms.Field] = {}
    for question in questions:
        label = question.tr("text")
        if question.kind == QuestionKind.TEXT:
            fields[f"q{question.pk}"] = forms.CharField(
                label=label,
                required=question.required,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        else:
            fields[f"q{question.pk}"] = forms.ChoiceField(
                label=label,
                required=question.required,
                choices=[(str(o["value"]), o.get(language) or o["fi"]) for o in question.options],
                widget=forms.RadioSelect,
            )
    return fields


class AnswerForm(forms.Form):
    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(answer_fields(questions))

    def answers(self) -> dict[str, str]:
        return {
            name[1:]: str(value or "")
            for name, value in self.cleaned_data.items()
            if name.startswith("q")
        }


class EntryForm(AnswerForm):
    """Staff typing a paper kit or a phone call's answers: the code and the channel first."""

    code = forms.CharField(label=_("Respondent code"), max_length=16)
    channel = forms.ChoiceField(
        label=_("Answers given"),
        choices=[(Channel.PAPER, Channel.PAPER.label), (Channel.PHONE, Channel.PHONE.label)],
        widget=forms.RadioSelect,
    )

    field_order = ["code", "channel"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["code", "channel"])

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper().replace(" ", "").replace("-", "")
