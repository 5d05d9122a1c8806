"""Reads of live sessions for facilitators (permission-checked) and participants (by seat)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

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


def activities_with_results(session: LiveSession) -> list[dict]:
    """Every started activity with its aggregate results, for the projector."""
    rows = []
    for activity in session.activities.exclude(state=ActivityState.DRAFT):
        kind = registry.activity(activity.kind)
        rows.append(
            {
                "activity": activity,
                "template": kind.projector_template,
                "results": kind.results(activity),
            }
        )
    return rows


def open_activities(session: LiveSession) -> list[SessionActivity]:
    return list(session.activities.filter(state=ActivityState.OPEN))


def get_open_activity(session: LiveSession, pk: int) -> SessionActivity:
    activity = session.activities.filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity
