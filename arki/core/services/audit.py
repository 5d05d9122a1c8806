from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from ..enums import AuditAction
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


def audit_identity_view(
    request: HttpRequest,
    *,
    subject: str,
    process: Process | None = None,
    person: Person | None = None,
    people: Iterable[Person] | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry | None:
    """Record that this request showed identities (a name, e-mail address, phone number,
    street address or personal access code) to its user: docs/architecture.md promises an
    entry for every such view, and views call this one helper so that the entries look alike
    (`detail.path` says which page). One entry per page view: no htmx fragment that polls
    shows identities today, and `tests/test_security_matrix.py` fails for any page or
    fragment that shows one without an entry.

    A list page passes the `people` it shows: their pseudonym codes go into the entry, and an
    empty list showed nobody, so nothing is written.
    """
    if people is not None:
        codes = [p.code for p in people]
        if not codes:
            return None
        detail = {**(detail or {}), "people": codes}
    return audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        subject=subject,
        process=process,
        person=person,
        detail={"path": request.path, **(detail or {})},
    )
