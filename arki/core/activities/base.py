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

    @classmethod
    def config_initial(cls, config: dict[str, Any]) -> dict[str, Any]:
        """The set-up form's initial values for editing `config` (lists become lines)."""
        return {
            key: "\n".join(str(v) for v in value) if isinstance(value, list) else value
            for key, value in config.items()
        }

    @classmethod
    def export_rows(cls, activity: SessionActivity) -> list[list[Any]] | None:
        """The results as spreadsheet rows, header first (None: this activity has no export).

        The view passes every row through `safe_row`."""
        return None

    @classmethod
    def has_answers(cls, activity: SessionActivity) -> bool:
        """Whether anything was answered: an activity with answers is no longer edited or
        deleted (close and duplicate it instead)."""
        return activity.responses.exists()


def store_response(
    *,
    activity: SessionActivity,
    seat: Seat,
    payload: dict[str, Any],
    entered_by: User | None = None,
) -> bool:
    """Store a seat's one answer in `ActivityResponse` (replacing an earlier one); True when
    it is the seat's first answer.

    A changed answer is one `UPDATE`; a first answer is an `INSERT` (in a savepoint). Two
    first answers of one seat at the same instant meet the unique constraint: the later one
    then replaces the earlier, as a change would. This is the hottest write of a workshop
    (a room answering a scale at once), hence no `update_or_create` and its extra reads.
    """
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from ..enums import Channel
    from ..models import ActivityResponse

    channel = Channel.PAPER if entered_by is not None else seat.channel
    fields = {"payload": payload, "channel": channel, "entered_by": entered_by}
    mine = ActivityResponse.objects.filter(activity=activity, seat=seat)
    if mine.update(**fields, modified_at=timezone.now()):
        return False
    try:
        with transaction.atomic():
            ActivityResponse.objects.create(activity=activity, seat=seat, **fields)
    except IntegrityError:
        if not mine.update(**fields, modified_at=timezone.now()):
            raise  # not the one-answer constraint: a real error
        return False
    return True


def previous_payload(activity: SessionActivity, seat: Seat | None, data: Any) -> dict[str, Any]:
    """The seat's earlier answer, to show in a fresh (unbound) answer form."""
    from ..models import ActivityResponse

    if seat is None or data is not None:
        return {}
    previous = ActivityResponse.objects.filter(activity=activity, seat=seat).first()
    return dict(previous.payload) if previous is not None else {}
