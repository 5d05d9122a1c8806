"""The help exchange's scheduled messages (the manifest's `scheduled_messages`): the day
before a confirmed help task, its helpers and the older person (proxies keep getting only the
immediate messages of `services/notify.py`); the day before a group activity, everyone
signed up. The core's scheduler sends each once per person, in their
language and by their channel (arki.core.outbox).

Texts never carry an address: the confirmed helper reads it on the task page behind the signed
link, as in `services/notify.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from arki.core.outbox.due import DueMessage, local_date, starting_on

from .enums import AssignmentStatus, RequestStatus
from .models import Assignment, EventSignup, HelpRequest
from .services.links import assignment_url
from .services.notify import _when


def _helper_text(assignment: Assignment) -> Callable[[], tuple[str, str]]:
    def render() -> tuple[str, str]:
        help_request = assignment.request
        body = _(
            "A reminder: tomorrow, %(when)s, you help with %(task)s in %(village)s. The address "
            "and notes are on your task page: %(url)s"
        ) % {
            "when": _when(help_request),
            "task": help_request.get_task_type_display(),
            "village": help_request.village.name,
            "url": assignment_url(assignment),
        }
        return _("Arjen pelastajat: your help task tomorrow"), body

    return render


def _older_person_text(help_request: HelpRequest) -> Callable[[], tuple[str, str]]:
    def render() -> tuple[str, str]:
        body = _("A reminder: tomorrow, %(when)s, a helper comes for %(task)s.") % {
            "when": _when(help_request),
            "task": help_request.get_task_type_display(),
        }
        return _("Arjen pelastajat: help tomorrow"), body

    return render


def task_reminders_due(now: datetime.datetime) -> Iterator[DueMessage]:
    start, end = starting_on(local_date(now) + datetime.timedelta(days=1))
    requests = HelpRequest.objects.filter(
        status=RequestStatus.ASSIGNED, window_start__gte=start, window_start__lt=end
    ).select_related("village", "recipient__person__message_preference")
    for help_request in requests:
        key = f"helpexchange:task-reminder:{help_request.pk}"
        yield DueMessage(
            key,
            "helpexchange.task_reminder",
            help_request.recipient.person,
            _older_person_text(help_request),
        )
        helpers = help_request.assignments.filter(status=AssignmentStatus.ACCEPTED).select_related(
            "volunteer__person__message_preference"
        )
        for assignment in helpers:
            assignment.request = help_request
            yield DueMessage(
                key,
                "helpexchange.task_reminder",
                assignment.volunteer.person,
                _helper_text(assignment),
            )


def event_reminders_due(now: datetime.datetime) -> Iterator[DueMessage]:
    start, end = starting_on(local_date(now) + datetime.timedelta(days=1))
    signups = EventSignup.objects.filter(
        event__starts_at__gte=start, event__starts_at__lt=end
    ).select_related("event", "person__message_preference")
    for signup in signups:
        event = signup.event

        def render(event=event) -> tuple[str, str]:
            when = timezone.localtime(event.starts_at)
            values = {
                "title": event.title,
                "date": date_format(when, "DATE_FORMAT"),
                "time": date_format(when, "TIME_FORMAT"),
                "place": event.place,
            }
            body = (
                _("A reminder: “%(title)s” is tomorrow, %(date)s at %(time)s, %(place)s. Welcome!")
                % values
            )
            return _("Tomorrow: %(title)s") % values, body

        yield DueMessage(
            f"helpexchange:event-reminder:{event.pk}",
            "helpexchange.event_reminder",
            signup.person,
            render,
        )


def messages_due(now: datetime.datetime) -> Iterator[DueMessage]:
    yield from task_reminders_due(now)
    yield from event_reminders_due(now)
