"""Forms of the concept workshop and of concepts: they parse requests; services do the writing.

The funnel's limits are checked again in the services, so a hand-made request gets the same
clear message as the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from arki.core.enums import TargetGroup

from .enums import ProblemPickMethod
from .models import SHORT_TEXT, ConceptGroup
from .services.concept import IMPLEMENTATION_MAX


class ConceptStageForm(forms.Form):
    title = forms.CharField(label=_("Title shown to participants"), max_length=300)


class TableForm(forms.Form):
    group = forms.TypedChoiceField(
        label=_("Your table"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your table.")},
    )

    def __init__(self, *args: Any, groups: list[ConceptGroup], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [  # type: ignore[attr-defined]
            (
                g.number,
                f"{g.number}. {g.label}" + (f" · {g.service_area}" if g.service_area else ""),
            )
            for g in groups
        ]


class ProblemForm(forms.Form):
    text = forms.CharField(
        label=_("A problem between the persona and its needs"),
        max_length=SHORT_TEXT,
        error_messages={"required": _("Write the problem.")},
    )


class IdeaForm(forms.Form):
    text = forms.CharField(
        label=_("A solution idea"),
        max_length=SHORT_TEXT,
        error_messages={"required": _("Write the idea.")},
    )


class ImplementationForm(forms.Form):
    text = forms.CharField(
        label=_("How to implement the best idea"),
        max_length=IMPLEMENTATION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write how to implement the idea.")},
    )


def _persona_field(personas: list[tuple[int, str]] | None) -> forms.Field | None:
    if personas is None:
        return None
    return forms.TypedChoiceField(
        label=_("Persona"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), *personas],
        error_messages={
            "invalid_choice": _("Choose a published persona (one with enough supporters).")
        },
    )


class GroupForm(forms.Form):
    """A group's persona, theme, service area and pick method (set up or edited)."""

    number = forms.IntegerField(label=_("Group number"), min_value=1, max_value=50)
    label = forms.CharField(
        label=_("Persona or theme shown to the table"),
        max_length=200,
        required=False,
        help_text=_("Left empty, the persona's name is used."),
    )
    service_area = forms.CharField(
        label=_("Service area"),
        max_length=200,
        required=False,
        help_text=_("Left empty for a new group, the persona's top-budgeted area is suggested."),
    )
    pick_method = forms.ChoiceField(
        label=_("How the three problems are picked"), choices=ProblemPickMethod.choices
    )

    def __init__(
        self, *args: Any, personas: list[tuple[int, str]] | None, editing: bool = False, **kw: Any
    ):
        super().__init__(*args, **kw)
        field = _persona_field(personas)
        if field is not None:
            self.fields = {"persona": field, **self.fields}
        if editing:
            del self.fields["number"]


class LinesForm(forms.Form):
    lines = forms.CharField(
        label=_("One per line, as written on the sheet"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=15 * (SHORT_TEXT + 2),
        error_messages={"required": _("Write at least one line.")},
    )


class ConceptForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    aim = forms.CharField(label=_("Aim"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    aim_sv = forms.CharField(
        label=_("Aim in Swedish"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    aim_en = forms.CharField(
        label=_("Aim in English"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    ideas: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Best ideas it gathers"),
        queryset=None,  # type: ignore[arg-type]  # set per process
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    problems: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Other problems it answers"),
        queryset=None,  # type: ignore[arg-type]
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The problems of its ideas are counted anyway."),
    )

    def __init__(self, *args: Any, ideas: Any, problems: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].queryset = ideas  # type: ignore[attr-defined]
        self.fields["ideas"].label_from_instance = lambda i: (  # type: ignore[attr-defined]
            f"{_('Group')} {i.problem.group.number}: {i.text}"
        )
        self.fields["problems"].queryset = problems  # type: ignore[attr-defined]
        self.fields["problems"].label_from_instance = lambda p: (  # type: ignore[attr-defined]
            f"{_('Group')} {p.group.number}: {p.text}"
        )

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "name_sv": data["name_sv"],
            "name_en": data["name_en"],
            "aim": data["aim"],
            "aim_sv": data["aim_sv"],
            "aim_en": data["aim_en"],
            "target_groups": list(data["target_groups"]),
            "ideas": list(data["ideas"]),
            "problems": list(data["problems"]),
        }
