from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from ..models import AuditEntry, Person, Process, User


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    subject: str,
    process: Process | None = None,
    person: Person | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log (who viewed/exported/changed/erased personal data)."""
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=user.get_username() if user is not None else "system",
        action=action,
        subject=subject[:200],
        process=process or (person.process if person is not None else None),
        person=person,
        person_code=person.code if person is not None else "",
        detail=detail or {},
    )
