"""Writes of user testing (workshop 9): sessions and testers' feedback cards.

A card is about a concept or an action of the session's process and rates feasibility 1–5;
anything else is refused with a message and nothing is written. Cards come from phones
(through the live activity, with the seat) and from paper (typed in by staff).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from arki.core.enums import ActivityState
from arki.core.models import Process, Seat, SessionActivity, User, Workshop
from arki.core.services.writes import create_clean

from ..enums import TesterGroup
from ..models import Action, Concept, Feedback, TestSession

FEASIBILITY_MIN, FEASIBILITY_MAX = 1, 5


@transaction.atomic
def test_session_create(
    *,
    process: Process,
    title: str,
    by: User | None,
    held_on: datetime.date | None = None,
    concept: Concept | None = None,
    workshop: Workshop | None = None,
    activity: SessionActivity | None = None,
    title_sv: str = "",
    title_en: str = "",
) -> TestSession:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the session a title.")})
    if concept is not None and concept.process_id != process.pk:
        raise ValidationError({"concept": _("This concept belongs to another process.")})
    return create_clean(
        TestSession,
        by=by,
        process=process,
        title=title,
        title_sv=(title_sv or "").strip(),
        title_en=(title_en or "").strip(),
        held_on=held_on,
        concept=concept,
        workshop=workshop,
        activity=activity,
    )


def _check_feasibility(value: object) -> int:
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        number = 0
    if not FEASIBILITY_MIN <= number <= FEASIBILITY_MAX or str(value).strip() != str(number):
        raise ValidationError(
            {
                "feasibility": _("Rate the feasibility from %(min)d to %(max)d.")
                % {"min": FEASIBILITY_MIN, "max": FEASIBILITY_MAX}
            }
        )
    return number


@transaction.atomic
def feedback_add(
    *,
    session: TestSession,
    tester_group: str,
    feasibility: object,
    concept: Concept | None = None,
    action: Action | None = None,
    obstacle: str = "",
    opportunity: str = "",
    intermediate_step: str = "",
    seat: Seat | None = None,
    activity: SessionActivity | None = None,
    by: User | None = None,
) -> Feedback:
    """A feedback card; from paper when `by` (staff) types it in, else from `seat`'s phone."""
    number = _check_feasibility(feasibility)
    if tester_group not in TesterGroup.values:
        raise ValidationError({"tester_group": _("Choose the group of testers.")})
    if (concept is None) == (action is None):
        raise ValidationError({"target": _("Choose the concept or the action the card is about.")})
    target = concept or action
    assert target is not None
    if target.process_id != session.process_id or (action is not None and action.needs_review):
        raise ValidationError({"target": _("This is not a concept or action of this process.")})
    texts = [(t or "").strip() for t in (obstacle, opportunity, intermediate_step)]
    if not any(texts):
        raise ValidationError(
            _("Write at least one of: an obstacle, an opportunity or an intermediate step.")
        )
    if seat is not None:
        if activity is None or seat.session_id != activity.session_id:
            raise ValidationError(_("This seat belongs to another session."))
        if activity.config.get("test_session") != session.pk:
            raise ValidationError(_("This card belongs to another testing session."))
        if by is None and (not activity.session.is_open or activity.state != ActivityState.OPEN):
            raise ValidationError(_("This activity is not open for answers right now."))
        if session.activity_id is None:
            session.activity = activity  # the live activity the session ran in
            session.save(update_fields=["activity", "modified_at"])
    return create_clean(
        Feedback,
        by=by,
        session=session,
        seat=seat,
        tester_group=tester_group,
        concept=concept,
        action=action,
        obstacle=texts[0],
        opportunity=texts[1],
        intermediate_step=texts[2],
        feasibility=number,
        paper_entered=by is not None,
    )
