"""GDPR hooks: everything the help exchange holds about one person, and its erasure.

Erasure removes what identifies the person (address, notes, free texts, proxies' contact
details, date of birth down to the year) but keeps requests, tasks, hours and answers so
that the published figures stay true. The tokens behind the person's signed links (task
pages, feedback pages) are replaced, so links already sent open nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from arki.core.models import Person

from .models import (
    Assignment,
    EventSignup,
    Feedback,
    HelpRequest,
    Recipient,
    Volunteer,
    new_token,
)


def _request_row(help_request: HelpRequest) -> dict[str, Any]:
    return {
        "id": help_request.pk,
        "task_type": help_request.task_type,
        "description": help_request.description,
        "window_start": help_request.window_start,
        "window_end": help_request.window_end,
        "village": help_request.village.name,
        "status": help_request.status,
        "channel": help_request.channel,
        "notes_for_helper": help_request.notes_for_helper,
        "created_at": help_request.created_at,
    }


def personal_data_export(person: Person) -> dict[str, Any]:
    data: dict[str, Any] = {}
    recipient = Recipient.objects.filter(person=person).select_related("village").first()
    if recipient is not None:
        data["older_person"] = {
            "village": recipient.village.name,
            "address": recipient.address,
            "notes_for_helper": recipient.notes_for_helper,
            "proxies": [
                {"name": p.name, "relation": p.relation, "email": p.email, "phone": p.phone}
                for p in recipient.proxies.all()
            ],
            "requests": [_request_row(r) for r in recipient.requests.select_related("village")],
            "answers": [
                {
                    "request": f.request_id,
                    "answer": f.answer,
                    "channel": f.channel,
                    "comment": f.comment,
                }
                for f in Feedback.objects.filter(request__recipient=recipient)
            ],
        }
    volunteer = Volunteer.objects.filter(person=person).select_related("village").first()
    if volunteer is not None:
        data["volunteer"] = {
            "date_of_birth": volunteer.date_of_birth,
            "village": volunteer.village.name,
            "skills": volunteer.skills,
            "weekdays": volunteer.weekdays,
            "interests": volunteer.interests,
            "status": volunteer.status,
            # The volunteer's own tasks, without the older people's addresses.
            "tasks": [
                {
                    "request": a.request_id,
                    "task_type": a.request.task_type,
                    "status": a.status,
                    "duration_minutes": a.duration_minutes,
                    "completed_at": a.completed_at,
                }
                for a in Assignment.objects.filter(volunteer=volunteer).select_related("request")
            ],
            "certificates": [
                {"issued_on": c.issued_on, "hours": str(c.hours), "tasks": c.tasks}
                for c in volunteer.certificates.all()
            ],
        }
    signups = EventSignup.objects.filter(person=person).select_related("event")
    if signups:
        data["group_activities"] = [
            {"event": s.event.title, "starts_at": s.event.starts_at, "attended": s.attended}
            for s in signups
        ]
    return data


@transaction.atomic
def personal_data_erase(person: Person) -> dict[str, int]:
    done = {
        "addresses": 0,
        "requests": 0,
        "proxies": 0,
        "volunteer_profiles": 0,
        "links_revoked": 0,
    }
    recipient = Recipient.objects.filter(person=person).first()
    if recipient is not None:
        done["addresses"] = int(bool(recipient.address))
        Recipient.objects.filter(pk=recipient.pk).update(address="", notes_for_helper="")
        done["requests"] = recipient.requests.update(description="", notes_for_helper="")
        Feedback.objects.filter(request__recipient=recipient).update(comment="")
        done["proxies"] = recipient.proxies.all().delete()[0]
        done["links_revoked"] += _tokens_replace(HelpRequest.objects.filter(recipient=recipient))
    volunteer = Volunteer.objects.filter(person=person).first()
    if volunteer is not None:
        Volunteer.objects.filter(pk=volunteer.pk).update(
            date_of_birth=datetime.date(volunteer.date_of_birth.year, 1, 1),
            interests="",
            pause_reason="",
        )
        done["volunteer_profiles"] = 1
        done["links_revoked"] += _tokens_replace(Assignment.objects.filter(volunteer=volunteer))
    return done


def _tokens_replace(rows) -> int:
    """New random tokens for rows whose signed links were sent out (one row at a time: each
    token is unique)."""
    count = 0
    for pk in rows.values_list("pk", flat=True):
        rows.model.objects.filter(pk=pk).update(token=new_token())
        count += 1
    return count
