"""Factories and small builders for budgeting tests."""

from __future__ import annotations

from arki.core.enums import Channel
from arki.core.services import live as live_services
from arki.insight.models import Service

from .. import services

HEALTH_CENTRE, SWIMMING_HALL, LIBRARY, BUS = (
    "Terveysasema",
    "Uimahalli",
    "Kirjasto",
    "Linja-auto",
)


#: Category and sector of the catalogue services tests use (transactional tests flush the
#: migration's seed, so the services are re-created when missing).
KNOWN = {
    HEALTH_CENTRE: ("health", "public"),
    SWIMMING_HALL: ("sports", "public"),
    LIBRARY: ("culture", "public"),
    BUS: ("transport", "public"),
    "Apteekki": ("health", "private"),
    "Kampaamo": ("everyday", "private"),
    "Urheiluseura": ("sports", "third"),
}


def catalogue(*names: str) -> list[Service]:
    services_ = []
    for name in names:
        category, sector = KNOWN[name]
        service, _created = Service.objects.get_or_create(
            process=None, name=name, defaults={"category": category, "sector": sector}
        )
        services_.append(service)
    return services_


def make_round(
    process, facilitator, *, names=(HEALTH_CENTRE, SWIMMING_HALL, LIBRARY, BUS), vouchers=10
):
    """A services round in workshop 3, running in an open live session."""
    workshop = process.workshops.get(position=3)
    round_ = services.round_create(
        workshop=workshop,
        title="Hyvinvointisetelit",
        vouchers_per_participant=vouchers,
        services=catalogue(*names),
        by=facilitator,
    )
    session = live_services.session_open(workshop=workshop, by=facilitator)
    activity = services.round_start_live(round_=round_, session=session, by=facilitator)
    return round_, session, activity


def join(session, label="", channel=Channel.ONLINE, person=None):
    seat, _secret = live_services.seat_join(
        session=session, label=label, channel=channel, person=person
    )
    return seat
