"""Permission-checked reads of participants: municipality scope and identity access."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet
from django.http import Http404

from ..enums import AuditAction
from ..models import AuditEntry, Person, Process, User
from ..permissions import can, municipality_scope, require
from ..services.audit import audit_record


def people_for_user(user: User | AnonymousUser, process: Process) -> QuerySet[Person]:
    """Participants the user may see: all of the process, or only their municipality's."""
    scope = municipality_scope(user, "person.view", process)
    people = Person.objects.filter(process=process).select_related("municipality")
    if scope is None:
        return people
    return people.filter(municipality_id__in=scope)


def get_person_for_user(
    user: User | AnonymousUser, process: Process, code: str, action: str = "person.view"
) -> Person:
    person = people_for_user(user, process).filter(code=code).first()
    if person is None:
        raise Http404
    require(user, action, process, person.municipality_id)
    return person


def person_detail_for_user(user: User | AnonymousUser, process: Process, code: str) -> dict:
    """A participant's page; viewing identity fields is recorded in the audit log."""
    person = get_person_for_user(user, process, code)
    shows_identity = can(user, "person.identity", process, person.municipality_id)
    if shows_identity:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            subject=f"Participant {person.code}",
            person=person,
        )
    return {
        "person": person,
        "shows_identity": shows_identity,
        "consents": list(person.consents.select_related("recorded_by")),
    }


def municipality_counts(people: QuerySet[Person]) -> list[dict[str, object]]:
    rows = (
        people.values("municipality__name", "age_band")
        .annotate(count=Count("pk"))
        .order_by("municipality__name", "age_band")
    )
    return [dict(row) for row in rows]


def audit_entries_for_user(user: User | AnonymousUser, process: Process) -> QuerySet[AuditEntry]:
    require(user, "audit.view", process)
    return AuditEntry.objects.filter(process=process).select_related("actor")


def person_for_access_code(code: str, process: Process | int | None = None) -> Person | None:
    """The person a typed personal access code belongs to: the one lookup every code entry uses.

    An erased person's code opens nothing: erasure also replaces the stored code with one no
    one can type, and this filter holds even for rows erased before that was done.
    """
    if not code:
        return None
    people = Person.objects.filter(access_code=code, erased_at__isnull=True)
    if process is not None:
        people = people.filter(process=process)
    return people.select_related("process").first()
