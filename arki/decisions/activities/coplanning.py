"""Workshop 10: every participant picks at least one action to take forward, for a party.

The projector (and the facilitator's console through it) shows who has not picked yet, by
seat, and each party's picks for the presentation round.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from arki.core.activities import Activity, ActivityError
from arki.core.models import LiveSession, Seat, SessionActivity, User

from ..forms_actions import PickForm, TitleSetupForm
from ..models import Action, ActionPick
from ..selectors import pickable_actions, picks_by_party, seats_without_pick
from ..services import actions as services


class ActionPickActivity(Activity):
    key = "decisions.action_pick"
    label = _("Co-planning: pick an action to take forward")
    description = _(
        "Every participant picks at least one action and names the party they speak for; "
        "the projector shows who has not picked yet and each party's picks."
    )
    participant_template = "decisions/actions/activities/pick.html"
    projector_template = "decisions/actions/activities/picks.html"
    config_form_class = TitleSetupForm

    @classmethod
    def config_form(cls, *, session: LiveSession, data: Any = None) -> forms.Form:
        return TitleSetupForm(data, initial={"title": str(cls.label)})

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        actions = list(pickable_actions(activity.session.workshop.process))
        initial = {}
        if seat is not None and data is None:
            last = ActionPick.objects.filter(activity=activity, seat=seat).order_by("-pk").first()
            if last is not None:
                initial = {"party": last.party}
        form = PickForm(data, actions=actions, prefix=f"a{activity.pk}", initial=initial)
        if seat is not None:
            mine = ActionPick.objects.filter(activity=activity, seat=seat).select_related("action")
            form.my_picks = [p.action for p in mine]  # type: ignore[attr-defined]
        return form

    @classmethod
    def submit(
        cls,
        *,
        activity: SessionActivity,
        seat: Seat,
        cleaned_data: dict[str, Any],
        entered_by: User | None = None,
    ) -> bool:
        process = activity.session.workshop.process
        action = Action.objects.filter(process=process, pk=cleaned_data["action"]).first()
        if action is None:
            raise ActivityError(str(_("This action is not one of this process's actions.")))
        try:
            _pick, created = services.action_pick(
                activity=activity, seat=seat, action=action, party=cleaned_data["party"]
            )
        except ValidationError as error:
            raise ActivityError(" ".join(error.messages)) from error
        return created

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        waiting = seats_without_pick(activity)
        return {
            "waiting": waiting,
            "parties": picks_by_party(ActionPick.objects.filter(activity=activity)),
        }
