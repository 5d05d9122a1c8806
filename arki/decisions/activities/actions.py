"""Workshop 8: participants propose actions at one of three levels on their phones.

Each proposal becomes an `Action` waiting for review; staff accept, edit or remove it on the
actions page. A participant may propose several: each answer adds one.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from arki.core.activities import Activity, ActivityError
from arki.core.models import LiveSession, Seat, SessionActivity, User

from ..enums import ActionLevel
from ..forms_actions import ProposalForm, TitleSetupForm
from ..models import Action
from ..services import actions as services


class ActionsActivity(Activity):
    key = "decisions.actions"
    label = _("Actions at three levels")
    description = _(
        "Participants propose actions (easy encounters, shared premises, communal operating "
        "models) on their phones; staff review them on the actions page."
    )
    participant_template = "decisions/actions/activities/propose.html"
    projector_template = "decisions/actions/activities/proposals.html"
    config_form_class = TitleSetupForm

    @classmethod
    def config_form(cls, *, session: LiveSession, data: Any = None) -> forms.Form:
        return TitleSetupForm(data, initial={"title": str(cls.label)})

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        return ProposalForm(data, prefix=f"a{activity.pk}")

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
            services.action_propose(
                activity=activity,
                seat=seat,
                level=cleaned_data["level"],
                title=cleaned_data["title"],
                description=cleaned_data.get("description", ""),
            )
        except ValidationError as error:
            raise ActivityError(" ".join(error.messages)) from error
        return True

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        proposals = list(Action.objects.filter(activity=activity).order_by("pk"))
        return {
            "levels": [
                {"label": label, "actions": [a for a in proposals if a.level == value]}
                for value, label in ActionLevel.choices
            ],
            "count": len(proposals),
        }
