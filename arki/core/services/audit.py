from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
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


#: Seconds within which a repeated identical identity view (same user, same page, same
#: subject) is not written again: htmx fragments that poll every second would otherwise add
#: an entry per second and bury the views that matter.
IDENTITY_VIEW_REPEAT_WINDOW = 60


def audit_identity_view(
    request: HttpRequest,
    *,
    subject: str,
    process: Process | None = None,
    person: Person | None = None,
    detail: dict[str, Any] | None = None,
    dedupe: bool = False,
) -> AuditEntry | None:
    """Record that this request showed identities (name, e-mail, phone, street address or
    personal access code) to its user: docs/architecture.md promises an entry for every such
    view, and views call this one helper so the entries look alike (`detail.path` says where).

    `dedupe=True` is for polling fragments that repeat the page's identities: a repeat of the
    same user, path and subject within `IDENTITY_VIEW_REPEAT_WINDOW` seconds writes nothing
    (the shared cache remembers the last entry), so the log keeps one entry per page view.
    """
    key = ""
    if dedupe:
        user_key = request.user.pk if request.user.is_authenticated else "anon"
        key = (
            "arki-audit-view:"
            + hashlib.sha256(f"{user_key}|{request.path}|{subject}".encode()).hexdigest()
        )
        if not cache.add(key, 1, IDENTITY_VIEW_REPEAT_WINDOW):
            return None
    return audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        subject=subject,
        process=process,
        person=person,
        detail={"path": request.path, **(detail or {})},
    )
