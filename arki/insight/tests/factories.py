"""Test data builders for the insight tool."""

from __future__ import annotations

from typing import Any

from arki.core.models import Person, Process
from arki.core.services.people import person_create

from .. import services
from ..models import Participant, Service
from ..selectors import insight_workshop


def service(name: str = "Terveysasema") -> Service:
    return Service.objects.get(process__isnull=True, name=name)


def participant(
    process: Process, municipality: Any, age_band: str = "75-84", **fields: Any
) -> Participant:
    person = person_create(process=process, municipality=municipality, age_band=age_band, **fields)
    return services.participant_enrol(person=person, workshop=insight_workshop(process))


def map_row(**overrides: Any) -> dict[str, Any]:
    row = {
        "service": service().pk,
        "service_text": "",
        "frequency": "monthly",
        "channel": "on_site",
        "distance_km": "12.5",
        "travel_minutes": 20,
        "travel_mode": "bus",
    }
    row.update(overrides)
    return row


def day_values(**overrides: Any) -> dict[str, Any]:
    values = {
        "did_today": "Kävin terveysasemalla.",
        "where_went": "Terveysasemalla.",
        "with_whom": "Naapurin kanssa.",
        "services": [service().pk],
        "services_text": "",
        "served": "well",
        "served_text": "Hyvin.",
        "help_from": ["neighbour"],
        "help_received_text": "Naapuri vei autolla.",
        "help_needed_text": "Lumitöissä.",
        "wishes_text": "Oma koti loppuun asti.",
    }
    values.update(overrides)
    return values


def kit_payload(days: int = 7, **map_overrides: Any) -> dict[str, Any]:
    return {
        "map": [map_row(**map_overrides)],
        "days": {str(n): day_values() for n in range(1, days + 1)},
    }


def person_of(participant: Participant) -> Person:
    return participant.person
