"""The welfare-voucher ballot as a live-session activity (phones, paper entry, projector).

The core calls `answer_form`, `submit` and `results`; gifting and paper tallies do not fit
that interface (they involve a second participant or a second staff member), so they are the
tool's own views, linked from this activity's templates.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from arki.core.activities import Activity, ActivityError
from arki.core.enums import Channel
from arki.core.models import LiveSession, Seat, SessionActivity, User

from . import selectors, services
from .forms import BallotForm, RoundChoiceForm


class VoucherBallot(Activity):
    key = services.ACTIVITY_KEY
    label = _("Welfare-voucher ballot")
    description = _(
        "Participants split their vouchers between services or projects and may give "
        "vouchers to each other."
    )
    participant_template = "budgeting/activities/ballot.html"
    projector_template = "budgeting/activities/projector.html"
    config_form_class = RoundChoiceForm

    @classmethod
    def config_form(cls, *, session: LiveSession, data: Any = None) -> forms.Form:
        """Offer only the open rounds of this session's workshop."""
        form = RoundChoiceForm(data)
        field = form.fields["round"]
        field.queryset = field.queryset.filter(workshop=session.workshop)  # type: ignore[attr-defined]
        return form

    @classmethod
    def config_from_form(cls, cleaned_data: dict[str, Any]) -> dict[str, Any]:
        round_ = cleaned_data["round"]
        return {"round": round_.pk, "title": round_.title}

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        # A posted ballot needs only the round's numbers and its items' ids and names.
        round_ = (
            selectors.round_for_activity(activity)
            if data is None
            else selectors.round_for_ballot(activity)
        )
        # The wallet is read lazily: a posted ballot is checked against the balance under a
        # row lock in `ballot_cast`, and a successful vote redirects without rendering it.
        wallet = SimpleLazyObject(lambda: selectors.wallet_of(round_, seat)) if seat else None
        form = BallotForm(
            data=data,
            initial={f"item-{pk}": n for pk, n in wallet.allocations.items()}
            if wallet is not None and data is None
            else {},
            prefix=f"a{activity.pk}",
            items=list(round_.items.all()),
        )
        form.wallet = wallet
        form.round = round_
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
        round_ = selectors.round_for_ballot(activity)
        counts = {
            int(name.split("-", 1)[1]): value or 0
            for name, value in cleaned_data.items()
            if name.startswith("item-")
        }
        try:
            _account, created = services.ballot_cast(
                round_=round_,
                seat=seat,
                allocations=counts,
                abstain=bool(cleaned_data.get("abstain")),
                channel=Channel.PAPER if entered_by is not None else seat.channel,
                entered_by=entered_by,
            )
        except ValidationError as error:
            raise ActivityError(" ".join(error.messages)) from error
        return created

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        round_ = selectors.round_for_activity(activity)
        return {"round": round_, "totals": selectors.round_totals(round_)}
