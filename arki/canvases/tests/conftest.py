from dataclasses import dataclass

import pytest
from django.utils import translation

from arki.core.enums import ActivityState, Role
from arki.core.models import LiveSession, Seat, SessionActivity
from arki.core.services import live as live_services

from .. import services
from ..models import Canvas


@dataclass
class LiveCanvas:
    session: LiveSession
    activity: SessionActivity
    seat1: Seat
    secret1: str
    seat2: Seat
    secret2: str
    canvas1: Canvas
    canvas2: Canvas


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


def make_live_canvas(process, facilitator, kind: str = "empathy_map") -> LiveCanvas:
    workshop = process.workshops.order_by("position").first()
    session = live_services.session_open(workshop=workshop, by=facilitator)
    activity = live_services.activity_add(
        session=session,
        kind=f"canvases.{kind}",
        title="Empathy map",
        config={"title": "Empathy map", "groups": ["Eino, 78", "Aino, 16"]},
        by=facilitator,
    )
    live_services.activity_set_state(activity=activity, state=ActivityState.OPEN, by=facilitator)
    seat1, secret1 = live_services.seat_join(session=session)
    seat2, secret2 = live_services.seat_join(session=session)
    canvas1 = services.canvas_join(activity=activity, seat=seat1, group=1)
    canvas2 = services.canvas_join(activity=activity, seat=seat2, group=2)
    return LiveCanvas(session, activity, seat1, secret1, seat2, secret2, canvas1, canvas2)


@pytest.fixture
def live(process, facilitator) -> LiveCanvas:
    """An open empathy-map activity with two tables; seat1 at table 1, seat2 at table 2."""
    return make_live_canvas(process, facilitator)


@pytest.fixture(autouse=True)
def english():
    """Tests match messages in English (the source language); the UI default is Finnish."""
    with translation.override("en"):
        yield
