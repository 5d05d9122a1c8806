"""Turning database rows into the plain facts of `matching` (one query per kind of row)."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils import timezone

from arki.core.models import Process

from .enums import AssignmentStatus, VolunteerStatus
from .matching import RequestFacts, VolunteerFacts
from .models import Assignment, HelpRequest, Volunteer

LOAD_WINDOW = datetime.timedelta(days=30)


def active_volunteers(process: Process, municipality_ids: Iterable[int] | None = None):
    volunteers = Volunteer.objects.filter(
        process=process, status=VolunteerStatus.ACTIVE
    ).select_related("person", "village", "organisation")
    if municipality_ids is not None:
        volunteers = volunteers.filter(village__municipality_id__in=list(municipality_ids))
    since = timezone.now() - LOAD_WINDOW
    return volunteers.annotate(
        recent_load=Count(
            "assignments",
            filter=Q(
                assignments__status__in=[AssignmentStatus.ACCEPTED, AssignmentStatus.DONE],
                assignments__responded_at__gte=since,
            ),
        )
    )


def helped_counts(volunteer_ids: Iterable[int]) -> dict[int, Counter]:
    """volunteer id -> Counter(recipient id -> tasks done together)."""
    helped: dict[int, Counter] = {}
    rows = Assignment.objects.filter(
        volunteer_id__in=list(volunteer_ids), status=AssignmentStatus.DONE
    ).values_list("volunteer_id", "request__recipient_id")
    for volunteer_id, recipient_id in rows:
        helped.setdefault(volunteer_id, Counter())[recipient_id] += 1
    return helped


def volunteer_facts(
    volunteers: list[Volunteer], today: datetime.date | None = None, capacity: int = 2
) -> list[VolunteerFacts]:
    helped = helped_counts(v.pk for v in volunteers)
    return [
        VolunteerFacts(
            id=v.pk,
            lat=v.village.latitude,
            lon=v.village.longitude,
            age=v.age(today),
            weekdays=frozenset(v.weekdays),
            skills=frozenset(v.skills),
            max_km=float(v.max_km),
            load=getattr(v, "recent_load", 0),
            capacity=capacity,
            helped=dict(helped.get(v.pk, {})),
        )
        for v in volunteers
    ]


def request_facts(help_request: HelpRequest) -> RequestFacts:
    start = help_request.window_start
    return RequestFacts(
        id=help_request.pk,
        lat=help_request.village.latitude,
        lon=help_request.village.longitude,
        task_type=help_request.task_type,
        recipient_id=help_request.recipient_id,
        weekday=None
        if help_request.flexible or start is None
        else timezone.localtime(start).weekday(),
    )
