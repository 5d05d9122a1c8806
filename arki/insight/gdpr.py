"""GDPR hooks: everything the insight tool holds about one person, and its erasure.

Erasure blanks the free text (which may identify the writer) but keeps the structured rows
and the return dates, so published counts and the return rate stay true.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from arki.core.models import Person

from .models import DiaryDay, Participant, ServiceUse
from .prompts import PROMPT_FIELDS


def personal_data_export(person: Person) -> dict[str, Any]:
    participations = Participant.objects.filter(person=person).select_related("workshop")
    return {
        "participations": [
            {
                "workshop": str(p.workshop),
                "channel": p.channel,
                "map_returned_at": p.map_submitted_at,
                "diary_returned_at": p.diary_returned_at,
                "service_map": [
                    {
                        "service": use.service_name,
                        "frequency": use.frequency,
                        "channel": use.channel,
                        "distance_km": str(use.distance_km),
                        "travel_minutes": use.travel_minutes,
                        "travel_mode": use.travel_mode,
                    }
                    for use in p.service_uses.select_related("service")
                ],
                "diary": [
                    {
                        "day": day.day,
                        **{field: getattr(day, field) for field in PROMPT_FIELDS},
                        "served": day.served,
                        "help_from": day.help_from,
                        "services": [str(s) for s in day.services.all()],
                        "unsaved_draft": day.draft,
                    }
                    for day in p.days.prefetch_related("services")
                ],
                "paper_entries": [e.payload for e in p.paper_entries.all()],
            }
            for p in participations
        ]
    }


@transaction.atomic
def personal_data_erase(person: Person) -> dict[str, int]:
    participants = Participant.objects.filter(person=person)
    days = DiaryDay.objects.filter(participant__in=participants)
    texts = days.update(**dict.fromkeys(PROMPT_FIELDS, ""), draft={})
    free_names = ServiceUse.objects.filter(participant__in=participants).exclude(service_text="")
    names = free_names.update(service_text="")
    entries = 0
    for participant in participants:
        entries += participant.paper_entries.all().delete()[0]
    return {"diary_days_blanked": texts, "free_text_services": names, "paper_entries": entries}
