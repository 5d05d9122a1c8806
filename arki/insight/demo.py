"""The insight part of the Kainuu demo: 160 enrolled, 110 returned diaries (brief §2.2).

The population comes from `demo_data.generate_population`; the profile label it plants is
deliberately dropped here, so the analysts of the demo must find the profiles themselves.
"""

from __future__ import annotations

import importlib
from typing import Any

from arki.core.demo import FIRST_WORKSHOP, DemoContext
from arki.core.enums import ConsentMethod, ConsentPurpose
from arki.core.models import Municipality
from arki.core.services.people import consent_record, person_create

from . import services
from .demo_data import generate_population
from .models import Service
from .selectors import insight_workshop

ENROLLED = 160


def ensure_catalogue() -> None:
    """Re-add the shared catalogue if it is missing (a flushed test database)."""
    from django.apps import apps

    seed = importlib.import_module("arki.insight.migrations.0002_seed_catalogue").seed
    seed(apps, None)


def _payload(person: dict[str, Any], services_by_name: dict[str, int]) -> dict[str, Any]:
    rows = [
        {
            "service": services_by_name.get(row["service"]),
            "service_text": "" if row["service"] in services_by_name else row["service"],
            **{k: row[k] for k in ("frequency", "channel", "travel_mode", "travel_minutes")},
            "distance_km": str(row["distance_km"]),
        }
        for row in person["map"]
    ]
    days = {
        str(day): {
            **answers,
            "services": [services_by_name[s] for s in answers["services"] if s in services_by_name],
        }
        for day, answers in person["diary"].items()
    }
    return {"map": rows, "days": days}


def load_demo(ctx: DemoContext) -> None:
    process = ctx.process
    assert process is not None, "the core demo step creates the process first"
    workshop = insight_workshop(process)
    staff = ctx.users["fasilitaattori"]
    municipalities = {m.code: m for m in Municipality.objects.filter(processes=process)}
    ensure_catalogue()
    services_by_name = dict(Service.objects.filter(process__isnull=True).values_list("name", "pk"))
    given_on = workshop.date or FIRST_WORKSHOP
    for index, person_data in enumerate(generate_population(ENROLLED, ctx.rng)):
        person = person_create(
            process=process,
            municipality=municipalities[person_data["municipality_code"]],
            age_band=person_data["age_band"],
            full_name=person_data["full_name"],
            email=person_data["email"],
            phone=person_data["phone"],
            language=person_data["language"],
            created_by=staff,
        )
        minor = person.is_minor
        purposes = [ConsentPurpose.PARTICIPATION, ConsentPurpose.DIARY_RESEARCH]
        if person_data["reminders"]:
            purposes.append(ConsentPurpose.REMINDERS)
        # Every second resident also ticked "anonymous quotes may be published" on the form,
        # so the public persona cards and decision trails show some quotes and hide others.
        if index % 2 == 0:
            purposes.append(ConsentPurpose.QUOTES)
        for purpose in purposes:
            consent_record(
                person=person,
                purpose=purpose,
                text_version="2014-1",
                given_on=given_on,
                method=ConsentMethod.PAPER,
                recorded_by=staff,
                by_guardian=minor,
                guardian_name="Huoltaja" if minor else "",
            )
        participant = services.participant_enrol(
            person=person, workshop=workshop, channel=person_data["channel"], by=staff
        )
        payload = _payload(person_data, services_by_name)
        if person_data["channel"] == "paper" and person_data["returned"]:
            services.kit_apply(participant=participant, payload=payload, by=staff)
            continue
        catalogue = {s.pk: s for s in Service.objects.filter(pk__in=services_by_name.values())}
        for row in payload["map"]:
            services.service_use_add(
                participant=participant,
                service=catalogue.get(row["service"]),
                **services.service_use_fields(row),
            )
        services.service_map_submit(participant=participant)
        if person_data["returned"]:
            for day, values in payload["days"].items():
                services.diary_day_save(participant=participant, day=int(day), values=values)
            services.diary_submit(participant=participant)
    ctx.log(
        f"    insight: {ENROLLED} participants enrolled, diaries returned by "
        f"{workshop.insight_participants.filter(diary_returned_at__isnull=False).count()}"
    )
