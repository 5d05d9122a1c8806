"""Fixtures of the concept-workshop tests (imported explicitly by those test modules).

Personas and voucher results come through registry capabilities; the tests stand in for the
analysis and budgeting tools by replacing what their manifests provide, so a test says
exactly which personas exist and how they budgeted.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation

from arki.core.enums import ActivityState, Role
from arki.core.models import LiveSession, Seat, SessionActivity
from arki.core.registry import registry
from arki.core.services import live as live_services

from ..models import ConceptGroup
from ..services import concept as services

#: The fixtures, for `from .concept_fixtures import *` in the test modules.
__all__ = ["english", "facilitator", "personas", "tables"]


@dataclass(frozen=True)
class FakePersona:
    id: int
    name: str
    publishable: bool = True


PERSONAS = [
    FakePersona(101, "Rutinoituneet"),
    FakePersona(102, "Vähään tyytyvät"),
    FakePersona(103, "Me-eläjät"),
    FakePersona(104, "Piilotettu", publishable=False),
]
AREAS = {
    101: [("Health services", 40), ("Culture and education", 20)],
    102: [("Sports and exercise", 30), ("Health services", 25)],
    103: [("Health services", 12)],
}


@pytest.fixture(autouse=True)
def english():
    """Tests match messages in English (the source language); the UI default is Finnish."""
    with translation.override("en"):
        yield


@pytest.fixture
def personas(monkeypatch):
    """Three publishable personas and a hidden one, with their voucher results."""
    monkeypatch.setitem(
        registry.tool("analysis").provides, "personas.of_process", lambda process: PERSONAS
    )
    monkeypatch.setitem(
        registry.tool("budgeting").provides, "budgeting.areas_by_persona", lambda process: AREAS
    )
    return PERSONAS


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


@dataclass
class Tables:
    session: LiveSession
    problems: SessionActivity
    ideas: SessionActivity
    group1: ConceptGroup
    group2: ConceptGroup
    seat1: Seat
    secret1: str
    seat2: Seat
    secret2: str
    seat3: Seat
    secret3: str


def workshop4(process):
    return process.workshops.get(position=4)


def make_tables(process, facilitator) -> Tables:
    """Workshop 4 in a live session with both stages open and two tables: seats 1 and 3 at
    table 1, seat 2 at table 2."""
    workshop = workshop4(process)
    group1 = services.group_create(
        workshop=workshop, number=1, label="Rutinoituneet", service_area="Health", by=facilitator
    )
    group2 = services.group_create(workshop=workshop, number=2, label="Me-eläjät", by=facilitator)
    session = live_services.session_open(workshop=workshop, by=facilitator)
    activities = []
    for key in services.CONCEPT_KEYS:
        activity = live_services.activity_add(
            session=session, kind=key, title=key, config={"title": key}, by=facilitator
        )
        live_services.activity_set_state(
            activity=activity, state=ActivityState.OPEN, by=facilitator
        )
        activities.append(activity)
    seats = [live_services.seat_join(session=session) for _ in range(3)]
    for (seat, _secret), number in zip(seats, (1, 2, 1), strict=True):
        for activity in activities:
            services.group_join(activity=activity, seat=seat, number=number)
    return Tables(
        session, activities[0], activities[1], group1, group2, *seats[0], *seats[1], *seats[2]
    )


@pytest.fixture
def tables(process, facilitator) -> Tables:
    return make_tables(process, facilitator)


def seated(tables: Tables, secret: str) -> Client:
    client = Client()
    session = client.session
    session["arki_seats"] = {str(tables.session.pk): secret}
    session.save()
    return client
