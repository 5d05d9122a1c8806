"""Forms of actions, progress notes, user testing and co-planning (they parse; services write).

Every rule (dates in order, feasibility 1–5, a party named) is checked again in the services,
so a hand-made request gets the same clear message as the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arki.core.models import Process, User

from .enums import ActionLevel, ActionStatus, TesterGroup
from .models import Action, Concept, TestSession

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FEASIBILITY_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "title",
            "title_sv",
            "title_en",
            "description",
            "description_sv",
            "description_en",
            "level",
            "status",
            "owner",
            "owner_user",
            "partners",
            "starts_on",
            "ends_on",
            "concept",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_sv": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "starts_on": DATE,
            "ends_on": DATE,
        }
        help_texts = {
            "owner": _(
                "The organisation or person who takes the action forward. Leave it empty only "
                "if nobody has taken it on yet: it is then flagged."
            ),
            "partners": _("One per line."),
        }

    def __init__(self, *args: Any, process: Process, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["concept"].queryset = Concept.objects.filter(  # type: ignore[attr-defined]
            process=process
        )
        self.fields["owner_user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role_assignments__process=process, is_active=True
        ).distinct()
        self.fields["owner_user"].required = False
        if self.instance.pk:
            # The status moves with a progress note, so the tracker can say why.
            del self.fields["status"]

    def _post_clean(self) -> None:
        # The service validates (and says clearly what is wrong with the dates); the model's
        # own full_clean here would report the same rule as an anonymous constraint error.
        pass


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Progress note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what happened.")},
    )
    text_sv = forms.CharField(
        label=_("Progress note in Swedish"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    text_en = forms.CharField(
        label=_("Progress note in English"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    status = forms.ChoiceField(
        label=_("New status"),
        required=False,
        choices=[("", _("No change")), *list(ActionStatus.choices)],
    )
    publish = forms.BooleanField(label=_("Publish the note on the action tracker"), required=False)


class ActionFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All levels")), *list(ActionLevel.choices)],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *list(ActionStatus.choices)],
    )
    owner_missing = forms.BooleanField(label=_("Only actions with no owner"), required=False)


class ProposalForm(forms.Form):
    """A participant's proposal in workshop 8."""

    level = forms.ChoiceField(
        label=_("Level"),
        choices=ActionLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the three levels.")},
    )
    title = forms.CharField(
        label=_("Action"),
        max_length=200,
        error_messages={"required": _("Give the action a title.")},
    )
    description = forms.CharField(
        label=_("What would be done, and by whom? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PickForm(forms.Form):
    """A participant takes an action forward in workshop 10."""

    action = forms.TypedChoiceField(
        label=_("The action you take forward"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pick at least one action.")},
    )
    party = forms.CharField(
        label=_("The party you speak for"),
        max_length=200,
        help_text=_("Your organisation or group, e.g. the municipality, an association, a school."),
        error_messages={"required": _("Name the party you speak for.")},
    )

    def __init__(self, *args: Any, actions: list[Action], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [  # type: ignore[attr-defined]
            (a.pk, f"{a.get_level_display()}: {a.tr('title')}") for a in actions
        ]


def target_choices(process: Process) -> list[tuple[str, Any]]:
    """Concepts and actions a card may be about: "c<pk>" and "a<pk>"."""
    concepts = [(f"c{c.pk}", c.tr("name")) for c in Concept.objects.filter(process=process)]
    actions = [
        (f"a{a.pk}", a.tr("title"))
        for a in Action.objects.filter(process=process, needs_review=False).exclude(
            status=ActionStatus.DROPPED
        )
    ]
    choices: list[tuple[str, Any]] = []
    if concepts:
        choices.append((str(_("Concepts")), concepts))
    if actions:
        choices.append((str(pgettext_lazy("action plan", "Actions")), actions))
    return choices


class FeedbackForm(forms.Form):
    """A feedback card, on a phone or typed in from paper."""

    tester_group = forms.ChoiceField(
        label=_("You are testing as"),
        choices=TesterGroup.choices,
        error_messages={"required": _("Choose the group of testers.")},
    )
    target = forms.ChoiceField(
        label=_("The card is about"),
        error_messages={"required": _("Choose the concept or the action the card is about.")},
    )
    obstacle = forms.CharField(
        label=_("Obstacle"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    opportunity = forms.CharField(
        label=_("Opportunity"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    intermediate_step = forms.CharField(
        label=_("Suggested intermediate step"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Any value comes through to the service, which refuses one outside 1–5 clearly.
    feasibility = forms.CharField(
        label=_("Feasibility (1 = hard, 5 = easy)"),
        max_length=3,
        widget=forms.NumberInput(attrs={"min": 1, "max": 5}),
        error_messages={"required": _("Rate the feasibility from 1 to 5.")},
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "—"), *target_choices(process)]  # type: ignore[attr-defined]

    def target_objects(self) -> dict[str, Any]:
        """The chosen concept or action (keyword arguments of `feedback_add`)."""
        value = self.cleaned_data["target"]
        kind, pk = value[0], int(value[1:])
        if kind == "c":
            return {"concept": Concept.objects.filter(pk=pk).first(), "action": None}
        return {"concept": None, "action": Action.objects.filter(pk=pk).first()}


class TestSessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_sv = forms.CharField(label=_("Title in Swedish"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    held_on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    concept = forms.ModelChoiceField(
        label=_("Concept tested"), queryset=Concept.objects.none(), required=False
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["concept"].queryset = Concept.objects.filter(process=process)  # type: ignore[attr-defined]


class TestingSetupForm(forms.Form):
    """The live activity's set-up: which user-testing session the cards belong to."""

    title = forms.CharField(label=_("Title shown to participants"), max_length=300)
    test_session = forms.TypedChoiceField(
        label=_("User-testing session"),
        coerce=int,
        error_messages={
            "required": _("Create the user-testing session on the decisions pages first.")
        },
    )

    def __init__(self, *args: Any, sessions: list[TestSession], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["test_session"].choices = [(s.pk, s.title) for s in sessions]  # type: ignore[attr-defined]


class TitleSetupForm(forms.Form):
    title = forms.CharField(label=_("Title shown to participants"), max_length=300)
