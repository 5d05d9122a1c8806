"""The concept selection (workshop 6) as a live activity: `decisions.concept_select`.

The facilitator creates the selection on the tool's page (candidate concepts, the chosen
criteria, the scale, the weights) and adds this activity to the live session with it.
Each decision-maker scores every concept against every criterion on their phone (or a paper
sheet typed in through the core's paper entry); the projector shows the weighted totals and
each voter's scores.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from arki.core.activities import Activity, ActivityError
from arki.core.models import LiveSession, Seat, SessionActivity, User

from ..models import Concept, Criterion, Score, Selection
from ..selectors import selection_results
from ..services import selection as services


def selection_of(activity: SessionActivity) -> Selection | None:
    """The selection this activity runs (of the same process), or None."""
    return Selection.objects.filter(
        pk=activity.config.get("selection"),
        process_id=activity.session.workshop.process_id,
    ).first()


class SelectionSetupForm(forms.Form):
    selection = forms.ModelChoiceField(
        label=_("Concept selection"),
        queryset=Selection.objects.none(),
        help_text=_("Create it first on the Decisions pages: concepts, criteria and scale."),
    )

    def __init__(self, *args: Any, process: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["selection"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Selection.objects.filter(process=process, activity__isnull=True)


class ScoreForm(forms.Form):
    """One drop-down per concept and criterion, grouped by concept."""

    def __init__(
        self,
        *args: Any,
        selection: Selection | None,
        concepts: list[Concept],
        criteria: list[Criterion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.concepts, self.criteria = concepts, criteria
        if selection is None:
            return
        scale = range(selection.scale_min, selection.scale_max + 1)
        message = _("A score must be from %(min)d to %(max)d.") % {
            "min": selection.scale_min,
            "max": selection.scale_max,
        }
        for concept in concepts:
            for criterion in criteria:
                self.fields[f"s{concept.pk}_{criterion.pk}"] = forms.TypedChoiceField(
                    label=criterion.tr("text"),
                    choices=[("", "—"), *((str(v), str(v)) for v in scale)],
                    coerce=int,
                    error_messages={
                        "required": _("Score every concept against every criterion."),
                        "invalid_choice": message,
                    },
                )

    def groups(self) -> list[tuple[Concept, list[forms.BoundField]]]:
        return [
            (concept, [self[f"s{concept.pk}_{c.pk}"] for c in self.criteria])
            for concept in self.concepts
            if self.criteria
        ]

    def scores(self) -> dict[tuple[int, int], int]:
        return {
            (concept.pk, criterion.pk): self.cleaned_data[f"s{concept.pk}_{criterion.pk}"]
            for concept in self.concepts
            for criterion in self.criteria
        }


class ConceptSelect(Activity):
    key = services.CONCEPT_SELECT
    label = _("Concept selection")
    description = _(
        "Decision-makers score each candidate concept against each chosen criterion; the "
        "projector shows the weighted totals and each voter's scores."
    )
    participant_template = "decisions/selection/scores.html"
    projector_template = "decisions/selection/projector.html"
    config_form_class = SelectionSetupForm

    @classmethod
    def config_form(cls, *, session: LiveSession, data: Any = None) -> forms.Form:
        return SelectionSetupForm(data, process=session.workshop.process)

    @classmethod
    def config_from_form(cls, cleaned_data: dict[str, Any]) -> dict[str, Any]:
        selection = cleaned_data["selection"]
        return {
            "selection": selection.pk,
            "title": selection.title,
            "title_sv": selection.title_sv,
            "title_en": selection.title_en,
        }

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        selection = selection_of(activity)
        concepts = list(selection.concepts.order_by("name", "pk")) if selection else []
        criteria = list(selection.criteria.order_by("position", "pk")) if selection else []
        initial: dict[str, str] = {}
        if selection is not None and seat is not None and data is None:
            for concept_id, criterion_id, value in Score.objects.filter(
                selection=selection, seat=seat
            ).values_list("concept_id", "criterion_id", "value"):
                initial[f"s{concept_id}_{criterion_id}"] = str(value)
        return ScoreForm(
            data,
            selection=selection,
            concepts=concepts,
            criteria=criteria,
            initial=initial,
            prefix=f"a{activity.pk}",
        )

    @classmethod
    def submit(
        cls,
        *,
        activity: SessionActivity,
        seat: Seat,
        cleaned_data: dict[str, Any],
        entered_by: User | None = None,
    ) -> bool:
        selection = selection_of(activity)
        if selection is None:
            raise ActivityError(str(_("This activity has no concept selection.")))
        scores = {}
        for name, value in cleaned_data.items():
            concept, _sep, criterion = name[1:].partition("_")
            scores[(int(concept), int(criterion))] = value
        try:
            return services.scores_submit(
                selection=selection,
                activity=activity,
                seat=seat,
                scores=scores,
                entered_by=entered_by,
            )
        except ValidationError as error:
            raise ActivityError(" ".join(error.messages)) from error

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        selection = selection_of(activity)
        return {"selection": selection_results(selection) if selection else None}
