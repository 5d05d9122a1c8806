"""iCalendar (RFC 5545) files and feeds, built with the `icalendar` library.

Pages hand over `CalendarEntry` rows; this module turns them into one VCALENDAR with a stable
UID per entry (so a subscribed calendar updates an event instead of duplicating it), times in
UTC, and the calendar's name and language. Views return it with `calendar_response`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

#: How long an entry lasts when the source gives only a start (a sitting or an event).
DEFAULT_LENGTH = datetime.timedelta(hours=2)
PRODID = "-//Arki//Resident-driven development of local services//FI"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    summary: str
    #: A date alone makes an all-day entry (a workshop day with no sittings set yet).
    start: datetime.datetime | datetime.date
    end: datetime.datetime | None = None
    location: str = ""
    description: str = ""
    url: str = ""
    #: When the entry last changed (DTSTAMP); now if unknown.
    changed: datetime.datetime | None = None


def calendar_bytes(name: str, entries: Iterable[CalendarEntry], *, language: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    now = timezone.now()
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", entry.changed or now)
        if isinstance(entry.start, datetime.datetime):
            end = entry.end or entry.start + DEFAULT_LENGTH
            event.add("dtstart", entry.start.astimezone(datetime.UTC))
            event.add("dtend", end.astimezone(datetime.UTC))
        else:
            event.add("dtstart", entry.start)
            event.add("dtend", entry.start + datetime.timedelta(days=1))
        event.add("summary", entry.summary, parameters={"language": language})
        if entry.location:
            event.add("location", entry.location, parameters={"language": language})
        if entry.description:
            event.add("description", entry.description, parameters={"language": language})
        if entry.url:
            event.add("url", entry.url)
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_response(
    name: str, entries: Iterable[CalendarEntry], *, language: str, filename: str
) -> HttpResponse:
    response = HttpResponse(
        calendar_bytes(name, entries, language=language),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
