"""Fixtures of the criteria vote and concept selection tests (imported explicitly)."""

from __future__ import annotations

from arki.core.enums import ActivityState, Channel
from arki.core.services import live as live_services
from arki.decisions.demo_criteria import CRITERIA
from arki.decisions.models import Concept
from arki.decisions.services import criteria as criteria_services
from arki.decisions.services import selection as selection_services

SEED_TABLE = [(fi, important, not_important) for fi, _sv, _en, important, not_important in CRITERIA]


def workshop_with(process, key):
    return next(w for w in process.workshops.order_by("position") if key in (w.activities or []))


def open_vote(process, by, *, propose=False, texts=None):
    """A criteria vote open in a live session of workshop 5, with its criteria."""
    workshop = workshop_with(process, criteria_services.CRITERIA_VOTE)
    session = live_services.session_open(workshop=workshop, by=by)
    live_services.session_configure(session=session, anonymous_seats=True, by=by)
    activity = live_services.activity_add(
        session=session,
        kind=criteria_services.CRITERIA_VOTE,
        title="Kriteerit",
        config={"title": "Kriteerit", "participants_propose": propose},
        by=by,
    )
    live_services.activity_set_state(activity=activity, state=ActivityState.OPEN, by=by)
    criteria = [
        criteria_services.criterion_propose(activity=activity, text=text, by=by)
        for text in (texts if texts is not None else [row[0] for row in SEED_TABLE])
    ]
    return activity, criteria


def seat(session, label="", channel=Channel.ONLINE):
    made, _secret = live_services.seat_join(session=session, label=label, channel=channel)
    return made


def concept(process, name):
    return Concept.objects.create(process=process, name=name)


def open_selection(process, by, criteria, concepts, **options):
    """A concept selection scored in an open live session of workshop 6."""
    selection = selection_services.selection_create(
        process=process,
        title="Valinta",
        concepts=concepts,
        criteria=criteria,
        by=by,
        **options,
    )
    workshop = workshop_with(process, selection_services.CONCEPT_SELECT)
    session = live_services.session_open(workshop=workshop, by=by)
    live_services.session_configure(session=session, anonymous_seats=True, by=by)
    activity = live_services.activity_add(
        session=session,
        kind=selection_services.CONCEPT_SELECT,
        title="Valinta",
        config={"selection": selection.pk, "title": "Valinta"},
        by=by,
    )
    live_services.activity_set_state(activity=activity, state=ActivityState.OPEN, by=by)
    return selection, activity
