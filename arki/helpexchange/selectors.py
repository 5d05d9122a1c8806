"""Permission-checked reads of the help exchange.

Coordinators are scoped to municipalities: every list and detail filters by the
municipality of the village, so a Kuhmo coordinator never sees Sotkamo's older people.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from arki.core.enums import AuditAction
from arki.core.models import Process, User
from arki.core.permissions import can, municipality_scope
from arki.core.services.audit import audit_record

from .enums import RequestStatus, VolunteerStatus
from .facts import active_volunteers, request_facts, volunteer_facts
from .matching import Ranked, rank, travel_km
from .models import (
    Assignment,
    Event,
    HelpRequest,
    Incident,
    Organisation,
    Recipient,
    Village,
    Volunteer,
)

COORDINATE = "helpexchange.coordinate"


def _scoped(queryset, user: User, process: Process, field: str, action: str = COORDINATE):
    scope = municipality_scope(user, action, process)
    queryset = queryset.filter(process=process)
    return queryset if scope is None else queryset.filter(**{f"{field}__in": scope})


def requests_for_user(user: User, process: Process, status: str | None = None):
    queryset = _scoped(HelpRequest.objects, user, process, "village__municipality_id")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related("recipient__person", "village__municipality", "organisation")


def get_request_for_user(user: User, process: Process, pk: int) -> HelpRequest:
    return get_object_or_404(requests_for_user(user, process), pk=pk)


def address_for_user(user: User, recipient: Recipient) -> str:
    """The street address for a coordinator; every look is written to the audit log."""
    if recipient.address:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            subject=f"Address of {recipient.person.code}",
            person=recipient.person,
            detail={"field": "address"},
        )
    return recipient.address


def recipients_for_user(user: User, process: Process):
    return _scoped(Recipient.objects, user, process, "village__municipality_id").select_related(
        "person", "village"
    )


def villages_for_process(process: Process):
    return Village.objects.filter(municipality__in=process.municipalities.all()).select_related(
        "municipality"
    )


def volunteers_for_user(user: User, process: Process, status: str | None = None):
    queryset = _scoped(Volunteer.objects, user, process, "village__municipality_id")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related("person", "village__municipality", "organisation")


def get_volunteer_for_user(user: User, process: Process, pk: int) -> Volunteer:
    return get_object_or_404(volunteers_for_user(user, process), pk=pk)


def ranked_volunteers(help_request: HelpRequest, limit: int = 20) -> list[tuple[Volunteer, Ranked]]:
    """The best volunteers for one request with their reasons (all municipalities: a helper
    across the border may live nearest)."""
    volunteers = {v.pk: v for v in active_volunteers(help_request.process)}
    ranked = rank(
        request_facts(help_request),
        volunteer_facts(list(volunteers.values())),
        help_request.policy,
        limit=limit,
    )
    return [(volunteers[r.volunteer_id], r) for r in ranked]


def volunteer_of_user(user: User, process: Process) -> Volunteer:
    volunteer = (
        Volunteer.objects.filter(process=process, person__user=user)
        .select_related("person", "village", "organisation")
        .first()
    )
    if volunteer is None:
        raise Http404
    return volunteer


def open_requests_near(volunteer: Volunteer) -> list[tuple[HelpRequest, float]]:
    """Open requests within the volunteer's own radius that they may take, nearest first."""
    if volunteer.status != VolunteerStatus.ACTIVE:
        return []
    candidates = HelpRequest.objects.filter(
        process=volunteer.process, status=RequestStatus.OPEN, paused=False
    ).select_related("village", "organisation")
    age = volunteer.age()
    near = []
    for help_request in candidates:
        km = travel_km(
            volunteer.village.latitude,
            volunteer.village.longitude,
            help_request.village.latitude,
            help_request.village.longitude,
        )
        if km <= volunteer.max_km and help_request.policy.may_take(age, help_request.task_type):
            near.append((help_request, round(km, 1)))
    return sorted(near, key=lambda item: (item[1], item[0].pk))


def assignments_of_volunteer(volunteer: Volunteer):
    return volunteer.assignments.select_related("request__village").order_by("-created_at")


def events_for_user(user: User, process: Process):
    return _scoped(Event.objects, user, process, "village__municipality_id").select_related(
        "village", "organisation"
    )


def get_event_for_user(user: User, process: Process, pk: int) -> Event:
    return get_object_or_404(events_for_user(user, process), pk=pk)


def team_of(help_request: HelpRequest) -> list[Assignment]:
    return list(help_request.assignments.select_related("volunteer__person").order_by("created_at"))


def organisations_for_user(user: User, process: Process):
    return _scoped(Organisation.objects, user, process, "municipality_id")


def get_recipient_for_user(user: User, process: Process, pk: int) -> Recipient:
    return get_object_or_404(recipients_for_user(user, process), pk=pk)


def recipients_acting_for(user: User, process: Process):
    """The older people this user may ask help for: themselves, or as their proxy."""
    if not user.is_authenticated:
        return Recipient.objects.none()
    return (
        Recipient.objects.filter(process=process)
        .filter(Q(person__user=user) | Q(proxies__user=user))
        .distinct()
        .select_related("person", "village")
    )


def requests_of_recipients(recipients):
    return (
        HelpRequest.objects.filter(recipient__in=recipients)
        .select_related("village", "recipient__person", "feedback")
        .order_by("-created_at")[:50]
    )


def incidents_for_user(user: User, process: Process):
    """Reports about requests or volunteers in the user's municipalities (and general ones
    only for coordinators of the whole process)."""
    scope = municipality_scope(user, COORDINATE, process)
    incidents = Incident.objects.filter(process=process).select_related(
        "request__village", "volunteer__person"
    )
    if scope is None:
        return incidents
    return incidents.filter(
        Q(request__village__municipality_id__in=scope)
        | Q(volunteer__village__municipality_id__in=scope)
    )


def sees_names(user: User, process: Process) -> bool:
    """Whether drop-downs may show people's names: coordinators of the help exchange (who see
    the names on every request and card) and those allowed to see identities."""
    return can(user, COORDINATE, process) or can(user, "person.identity", process)


def participant_home(user: User) -> str | None:
    """Where a resident or proxy lands after logging in: their own "Ask for help" page,
    when the account acts for an older person and holds no staff role (staff keep their
    dashboard). None otherwise. Offered to the core as "helpexchange.participant_home"."""
    from django.urls import reverse

    from arki.core.enums import Role
    from arki.core.models import RoleAssignment

    if not user.is_authenticated or user.is_superuser:
        return None
    participant_roles = {Role.RESIDENT, Role.VOLUNTEER}
    if RoleAssignment.objects.filter(user=user).exclude(role__in=participant_roles).exists():
        return None
    recipient = (
        Recipient.objects.filter(Q(person__user=user) | Q(proxies__user=user))
        .select_related("process")
        .order_by("pk")
        .first()
    )
    if recipient is None:
        return None
    return reverse("helpexchange:own_requests", kwargs={"slug": recipient.process.slug})
