"""The criteria vote (workshop 5) as a live activity: `decisions.criteria_vote`.

A voter marks each criterion important, not important or leaves it without a mark (see
services/criteria.py for why a blank is allowed); the projector shows the table sorted by
"important" as the seed's figure does. Staff add the criteria (in Finnish, Swedish and
English) on the tool's criteria page; participants may propose more from their phones when
the facilitator allows it in the set-up. Paper ballots go through the core's paper entry,
which uses the same form and the same service.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from arki.core.activities import Activity, ActivityError
from arki.core.models import LiveSession, Seat, SessionActivity, User

from ..models import Criterion, CriterionVote
from ..selectors import criteria_tally, criteria_voters
from ..services import criteria as services

IMPORTANT, NOT_IMPORTANT, NO_MARK = "1", "0", ""
MARKS = {IMPORTANT: True, NOT_IMPORTANT: False, NO_MARK: None}


class CriteriaVoteSetupForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Criteria vote"))
    participants_propose = forms.BooleanField(
        label=_("Participants may propose criteria on their phones"), required=False
    )


class BallotForm(forms.Form):
    """One radio group per criterion: important, not important, no mark."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.ChoiceField(
                label=criterion.tr("text"),
                choices=[
                    (IMPORTANT, _("Important")),
                    (NOT_IMPORTANT, _("Not important")),
                    (NO_MARK, _("No mark")),
                ],
                widget=forms.RadioSelect,
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.criteria and not any(cleaned.get(f"c{c.pk}") for c in self.criteria):
            raise ValidationError(_("Mark at least one criterion important or not important."))
        return cleaned

    def marks(self) -> dict[int, bool | None]:
        return {c.pk: MARKS[self.cleaned_data.get(f"c{c.pk}") or NO_MARK] for c in self.criteria}


class CriteriaVote(Activity):
    key = services.CRITERIA_VOTE
    label = _("Criteria vote")
    description = _(
        "Every voter marks each criterion important or not important; the projector shows "
        "the table sorted by the important marks."
    )
    participant_template = "decisions/criteria/ballot.html"
    projector_template = "decisions/criteria/projector.html"
    config_form_class = CriteriaVoteSetupForm

    @classmethod
    def config_form(cls, *, session: LiveSession, data: Any = None) -> forms.Form:
        return CriteriaVoteSetupForm(data)

    @classmethod
    def config_from_form(cls, cleaned_data: dict[str, Any]) -> dict[str, Any]:
        return {
            "title": cleaned_data["title"],
            "participants_propose": bool(cleaned_data.get("participants_propose")),
        }

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        criteria = list(Criterion.objects.filter(activity=activity).order_by("position", "pk"))
        initial: dict[str, str] = {}
        if seat is not None and data is None:
            for criterion_id, important in CriterionVote.objects.filter(
                criterion__activity=activity, seat=seat
            ).values_list("criterion_id", "important"):
                initial[f"c{criterion_id}"] = IMPORTANT if important else NOT_IMPORTANT
        return BallotForm(data, criteria=criteria, initial=initial, prefix=f"a{activity.pk}")

    @classmethod
    def submit(
        cls,
        *,
        activity: SessionActivity,
        seat: Seat,
        cleaned_data: dict[str, Any],
        entered_by: User | None = None,
    ) -> bool:
        marks = {
            int(name[1:]): MARKS[value or NO_MARK]
            for name, value in cleaned_data.items()
            if name.startswith("c") and name[1:].isdigit()
        }
        try:
            return services.ballot_cast(
                activity=activity, seat=seat, marks=marks, entered_by=entered_by
            )
        except ValidationError as error:
            raise ActivityError(" ".join(error.messages)) from error

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        return {"rows": criteria_tally(activity), "voters": criteria_voters(activity)}
