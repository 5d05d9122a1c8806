"""The concept workshop's live activities: problems (and their pick of three) and ideas.

The core's interface is one answer per seat; here that answer is the participant's table.
Writing problems, dots, ideas and the best idea needs more than one form, so those are the
tool's own pages (arki/decisions/views/concept_participant.py), linked from the activity and
recognised by the same seat secret, as the canvases tool does.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from arki.core.activities import Activity, ActivityError
from arki.core.models import LiveSession, Seat, SessionActivity, User

from ..concept_forms import ConceptStageForm, TableForm
from ..models import ConceptGroup
from ..selectors import group_of_seat, group_of_seat_in_session, workshop_funnels
from ..services import concept as services


class ConceptTableActivity(Activity):
    participant_template = "decisions/concept/activities/choose_table.html"
    projector_template = "decisions/concept/activities/projector.html"
    config_form_class = ConceptStageForm

    @classmethod
    def config_form(cls, *, session: LiveSession, data: Any = None) -> forms.Form:
        return ConceptStageForm(data, initial={"title": str(cls.label)})

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        groups = ConceptGroup.objects.filter(workshop_id=activity.session.workshop_id).order_by(
            "number"
        )
        initial = {}
        if seat is not None and data is None:
            group = group_of_seat(activity, seat) or group_of_seat_in_session(seat)
            if group is not None:
                initial = {"group": group.number}
        return TableForm(data, groups=list(groups), prefix=f"a{activity.pk}", initial=initial)

    @classmethod
    def submit(
        cls,
        *,
        activity: SessionActivity,
        seat: Seat,
        cleaned_data: dict[str, Any],
        entered_by: User | None = None,
    ) -> bool:
        try:
            services.group_join(activity=activity, seat=seat, number=cleaned_data["group"])
        except ValidationError as error:
            raise ActivityError(" ".join(error.messages)) from error
        return True

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        return {"funnels": workshop_funnels(activity.session.workshop), "stage": cls.key}


class ProblemsActivity(ConceptTableActivity):
    key = services.PROBLEMS_KEY
    label = _("Concept workshop: problems")
    description = _(
        "Each table lists at most 15 problems between its persona and its needs and picks "
        "the three most challenging with a dot vote (or the facilitator picks them)."
    )


class IdeasActivity(ConceptTableActivity):
    key = services.IDEAS_KEY
    label = _("Concept workshop: ideas")
    description = _(
        "Each table writes five solution ideas for each of its three problems, picks the best "
        "idea for each and sketches how to implement it."
    )


ACTIVITIES = [ProblemsActivity, IdeasActivity]
