"""The help exchange in calendars: a volunteer's own tasks (a private, revocable feed) and a
public process's group activities.

A task's address is in the feed only while the helper may see it (`Assignment.sees_address`,
which checks the team in the database): before the team is confirmed the entry names the
village only, and every address the feed shows is written to the audit log, as the task page
does.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.utils.translation import gettext as _

from arki.core.calendar import CalendarEntry
from arki.core.enums import AuditAction
from arki.core.services.audit import audit_record

from .enums import AssignmentStatus
from .models import Assignment, Event, Volunteer
from .services.links import assignment_url

#: Tasks already done more than this long ago drop out of the feed.
FEED_PAST = datetime.timedelta(days=60)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_calendar_secret() -> str:
    return secrets.token_urlsafe(24)


def volunteer_for_secret(secret: str) -> Volunteer | None:
    if not secret:
        return None
    return (
        Volunteer.objects.select_related("person")
        .filter(calendar_secret_hash=secret_hash(secret))
        .first()
    )


def task_entries(volunteer: Volunteer, *, now: datetime.datetime) -> list[CalendarEntry]:
    """The volunteer's accepted and done tasks with a time window (flexible ones have none)."""
    assignments = (
        Assignment.objects.filter(
            volunteer=volunteer,
            status__in=[AssignmentStatus.ACCEPTED, AssignmentStatus.DONE],
            request__flexible=False,
            request__window_start__isnull=False,
            request__window_start__gte=now - FEED_PAST,
        )
        .select_related("request__village", "request__recipient__person")
        .order_by("request__window_start")
    )
    entries = []
    for assignment in assignments:
        help_request = assignment.request
        if help_request.window_start is None:  # excluded by the query; for the type checker
            continue
        place = help_request.village.name
        if assignment.sees_address and help_request.recipient.address:
            place = f"{help_request.recipient.address}, {place}"
            audit_record(
                actor=None,
                action=AuditAction.VIEW,
                subject=f"Address in the calendar of helper {volunteer.person.code}",
                person=help_request.recipient.person,
                detail={"field": "address", "assignment": assignment.pk, "via": "calendar"},
            )
        summary = _("Help: %(task)s") % {"task": help_request.get_task_type_display()}
        if not assignment.sees_address:
            summary = _("%(summary)s (not confirmed yet)") % {"summary": summary}
        entries.append(
            CalendarEntry(
                uid=f"arki-help-task-{assignment.pk}@arki",
                summary=summary,
                start=help_request.window_start,
                end=help_request.window_end,
                location=place,
                description=_("Open the task: %(url)s") % {"url": assignment_url(assignment)},
                url=assignment_url(assignment),
                changed=max(assignment.modified_at, help_request.modified_at),
            )
        )
    return entries


def event_entries(events) -> list[CalendarEntry]:
    return [
        CalendarEntry(
            uid=f"arki-help-event-{event.pk}@arki",
            summary=event.title,
            start=event.starts_at,
            location=f"{event.place}, {event.village.name}",
            description=event.description,
            changed=event.modified_at,
        )
        for event in events
    ]


def public_events(process, *, now: datetime.datetime):
    """Group activities of a public process from a month back on (what residents can join)."""
    return (
        Event.objects.filter(process=process, starts_at__gte=now - datetime.timedelta(days=30))
        .select_related("village")
        .order_by("starts_at")
    )
