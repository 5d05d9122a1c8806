"""Reads of live sessions for facilitators (permission-checked) and participants (by seat)."""

from __future__ import annotations

import math

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from ..enums import ActivityState
from ..models import LiveSession, SessionActivity, User
from ..permissions import require
from ..registry import registry
from ..services.live import normalise_code


def find_session(code: str) -> LiveSession | None:
    return (
        LiveSession.objects.select_related("workshop__process")
        .filter(code=normalise_code(code))
        .first()
    )


def get_session_for_user(user: User | AnonymousUser, code: str, action: str) -> LiveSession:
    session = find_session(code)
    if session is None:
        raise Http404
    require(user, action, session.workshop.process)
    return session


def open_activities(session: LiveSession) -> list[SessionActivity]:
    return list(session.activities.filter(state=ActivityState.OPEN))


def get_open_activity(session: LiveSession, pk: int) -> SessionActivity:
    activity = session.activities.filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity


def projector_view(session: LiveSession, chosen: str | None = None) -> dict:
    """The projector's current activity (large) and the earlier ones (one click away).

    The current one is the activity chosen by the facilitator (`?activity=`), else the last
    open one, else the last one closed; the others are listed by title only.
    """
    started = list(session.activities.exclude(state=ActivityState.DRAFT))
    current = None
    if chosen and chosen.isdigit():
        current = next((a for a in started if a.pk == int(chosen)), None)
    if current is None:
        opened = [a for a in started if a.state == ActivityState.OPEN]
        current = (opened or started)[-1] if started else None
    row = None
    if current is not None:
        kind = registry.activity(current.kind)
        row = {
            "activity": current,
            "template": kind.projector_template,
            "results": kind.results(current),
        }
    return {"current": row, "others": [a for a in started if a is not current]}


def participant_activities(session: LiveSession) -> list[SessionActivity]:
    """The activities a participant's page may show (open ones, shared results): one query."""
    return list(session.activities.exclude(state=ActivityState.DRAFT))


def shared_results(
    session: LiveSession, activities: list[SessionActivity] | None = None
) -> list[dict]:
    """Results the facilitator chose to show on participants' phones (`activities`: the
    session's started activities when the caller has them already)."""
    if activities is None:
        activities = participant_activities(session)
    rows = []
    for activity in (a for a in activities if a.show_results):
        kind = registry.activity(activity.kind)
        rows.append(
            {
                "activity": activity,
                "template": kind.projector_template,
                "results": kind.results(activity),
            }
        )
    return rows


def timer_left(session: LiveSession) -> int | None:
    """Seconds left on the facilitator's timer (0 when it has run out; None when none runs)."""
    if session.timer_ends_at is None:
        return None
    return max(0, math.ceil((session.timer_ends_at - timezone.now()).total_seconds()))
