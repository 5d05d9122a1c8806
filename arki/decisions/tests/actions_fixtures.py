"""Helpers of the actions, user-testing and co-planning tests (import them explicitly)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from arki.core.enums import ActivityState, Role
from arki.core.models import LiveSession, Process, SessionActivity
from arki.core.services import live as live_services

from ..enums import ActionLevel
from ..models import Action
from ..services import actions as services


@pytest.fixture
def english():
    """Tests match messages in English (the source language); the UI default is Finnish."""
    with translation.override("en"):
        yield


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


def make_action(process: Process, by: Any = None, **fields: Any) -> Action:
    values: dict[str, Any] = {
        "title": "Kauppakassiapu",
        "level": ActionLevel.EASY_ENCOUNTERS,
        "owner": "Kainuun 4H-yhdistys",
    }
    values.update(fields)
    return services.action_create(process=process, by=by, **values)


@dataclass
class Live:
    session: LiveSession
    activity: SessionActivity


def open_activity(process: Process, by: Any, kind: str, position: int, config=None) -> Live:
    """An open live session of workshop `position` with one open activity of `kind`."""
    workshop = process.workshops.get(position=position)
    session = live_services.session_open(workshop=workshop, by=by)
    activity = live_services.activity_add(
        session=session, kind=kind, title="Aktiviteetti", config=config or {}, by=by
    )
    live_services.activity_set_state(activity=activity, state=ActivityState.OPEN, by=by)
    return Live(session, activity)
