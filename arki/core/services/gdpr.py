"""GDPR for one person: export everything every tool holds, and erase or anonymise it.

The core asks each registered tool through its manifest hooks; it never imports a tool.
Erasure keeps aggregate counts (a returned diary still counts as returned, a ballot's votes
still count) but removes what identifies the person.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ..enums import AuditAction
from ..models import Person, User
from ..registry import registry
from .audit import audit_record


def person_export(*, person: Person, by: User) -> dict[str, Any]:
    """Everything about `person`, by tool; the export itself is audit-logged."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "person": {"code": person.code, "process": person.process.slug},
        "tools": {},
    }
    for tool in registry.tools():
        if tool.personal_data_export is not None:
            data["tools"][tool.name] = {
                "label": str(tool.label),
                "data": tool.personal_data_export(person),
            }
    audit_record(
        actor=by,
        action=AuditAction.EXPORT,
        subject=f"GDPR export of {person.code}",
        person=person,
        detail={"tools": sorted(data["tools"])},
    )
    return data


def person_export_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def person_export_html(data: dict[str, Any]) -> str:
    return render_to_string("core/gdpr/export.html", {"data": data})


@transaction.atomic
def person_erase(*, person: Person, by: User) -> dict[str, dict[str, int]]:
    """Erase or anonymise the person in every tool, then log what was done."""
    report: dict[str, dict[str, int]] = {}
    for tool in registry.tools():
        if tool.personal_data_erase is not None:
            report[tool.name] = dict(tool.personal_data_erase(person))
    audit_record(
        actor=by,
        action=AuditAction.ERASE,
        subject=f"GDPR erasure of {person.code}",
        person=person,
        detail=report,
    )
    return report


def core_personal_data(person: Person) -> dict[str, Any]:
    """The core's part of a GDPR export: identity, consents and live-session answers."""
    return {
        "pseudonym_code": person.code,
        "name": person.full_name,
        "email": person.email,
        "phone": person.phone,
        "language": person.language,
        "municipality": person.municipality.name,
        "age_band": person.age_band,
        "erased_at": person.erased_at,
        "consents": [
            {
                "purpose": c.purpose,
                "text_version": c.text_version,
                "given_on": c.given_on,
                "method": c.method,
                "by_guardian": c.by_guardian,
                "guardian_name": c.guardian_name,
                "withdrawn_on": c.withdrawn_on,
            }
            for c in person.consents.all()
        ],
        "workshop_answers": [
            {
                "workshop": str(r.activity.session.workshop),
                "activity": r.activity.title,
                "answer": r.payload,
                "at": r.created_at,
            }
            for seat in person.seats.select_related("session__workshop")
            for r in seat.responses.select_related("activity__session__workshop")
        ],
    }


def core_personal_data_erase(person: Person) -> dict[str, int]:
    """Blank the identity; keep municipality and age band so aggregate figures stay true."""
    consents = person.consents.count()
    person.consents.all().delete()
    comments = 0
    for seat in person.seats.all():
        for response in seat.responses.all():
            if response.payload.get("comment"):
                response.payload["comment"] = ""
                response.save(update_fields=["payload"])
                comments += 1
        seat.label = ""
        seat.person = None
        seat.save(update_fields=["label", "person"])
    person.full_name = ""
    person.email = ""
    person.phone = ""
    person.user = None
    person.erased_at = timezone.now()
    person.save(update_fields=["full_name", "email", "phone", "user", "erased_at"])
    return {"identity_fields": 3, "consents": consents, "comments": comments}
