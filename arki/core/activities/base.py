"""The interface every live workshop activity implements (a strategy per activity type).

The core's live-session views call only these methods, so a tool's activity (a voucher
ballot, criteria voting, an empathy map) appears on phones, in the facilitator's paper entry
and on the projector without the core knowing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms

if TYPE_CHECKING:
    from ..models import LiveSession, Seat, SessionActivity, User


class ActivityError(Exception):
    """A participant-facing refusal (closed activity, invalid answer); the message is shown.

    When the answer itself was refused, `form` is the bound form with the reason added, so
    the page shows the answer again as it was typed instead of blank fields.
    """

    form: forms.Form | None = None


class Activity:
    key: ClassVar[str]
    label: ClassVar[Any]
    description: ClassVar[Any] = ""
    #: Rendered inside the participant page and the paper-entry page; gets `activity`, `form`.
    participant_template: ClassVar[str]
    #: Rendered on the projector and refreshed by polling; gets `activity`, `results`.
    projector_template: ClassVar[str]
    #: The facilitator's set-up form when adding the activity to a session.
    config_form_class: ClassVar[type[forms.Form]]

    @classmethod
    def config_form(cls, *, session: LiveSession, data: Any = None) -> forms.Form:
        """The set-up form for this session (override to offer only this workshop's data)."""
        return cls.config_form_class(data)

    @classmethod
    def config_from_form(cls, cleaned_data: dict[str, Any]) -> dict[str, Any]:
        return dict(cleaned_data)

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        raise NotImplementedError

    @classmethod
    def submit(
        cls,
        *,
        activity: SessionActivity,
        seat: Seat,
        cleaned_data: dict[str, Any],
        entered_by: User | None = None,
    ) -> bool:
        """Store the answer; return True if new, False if it replaced the seat's answer."""
        raise NotImplementedError

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        """Aggregates for the projector, in a constant number of queries."""
        raise NotImplementedError
