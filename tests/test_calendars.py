"""Calendar files (RFC 5545): workshop sittings of a public process, a public process's group
activities, and a volunteer's own tasks through a private, revocable address.

Every file is read back with `icalendar` and with a second, independent parser (`vobject`).
The volunteer's feed names the older person's address only once the team is confirmed.
"""

from __future__ import annotations

import datetime

import pytest
import vobject
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from arki.core.enums import Role
from arki.core.models import AuditEntry
from arki.core.services.processes import sitting_create
from arki.helpexchange import services
from arki.helpexchange.models import Volunteer
from arki.helpexchange.tests import factories as f

pytestmark = pytest.mark.django_db


def _parse(content: bytes) -> list[dict]:
    """Both parsers must agree on every event's uid, summary, start and location."""
    calendar = Calendar.from_ical(content)
    first = sorted(
        (
            str(e["uid"]),
            str(e["summary"]),
            e.decoded("dtstart"),
            str(e.get("location", "")),
        )
        for e in calendar.walk("VEVENT")
    )
    second_cal = vobject.readOne(content.decode())
    second = sorted(
        (
            e.uid.value,
            e.summary.value,
            e.dtstart.value,
            e.location.value if hasattr(e, "location") else "",
        )
        for e in getattr(second_cal, "vevent_list", [])
    )
    assert first == second
    assert str(calendar["version"]) == "2.0" and calendar.get("prodid")
    return [{"uid": u, "summary": s, "start": d, "location": loc} for u, s, d, loc in first]


def test_sittings_of_a_public_process(client, process, municipalities, make_user):
    facilitator = make_user(Role.FACILITATOR, process=process, username="Vetäjä Virtanen")
    workshop = process.workshops.order_by("position").first()
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    sitting_create(
        workshop=workshop,
        place="Kuhmon kirjasto",
        municipality=municipalities["Kuhmo"],
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        facilitator=facilitator,
        by=facilitator,
    )

    with translation.override("sv"):
        response = client.get(reverse("site:calendar", args=[process.slug]))
        swedish_title = workshop.tr("title")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _parse(response.content)
    sitting = [e for e in events if e["uid"].startswith("arki-sitting-")]
    assert len(sitting) == 1 and sitting[0]["start"] == start
    assert "Kuhmon kirjasto" in sitting[0]["location"]
    assert swedish_title in sitting[0]["summary"] and swedish_title != workshop.title
    assert "Virtanen" not in response.content.decode()
    # Dated workshops with no sittings yet are all-day entries, one per workshop.
    all_day = [e for e in events if e["uid"].startswith("arki-workshop-")]
    assert len(all_day) == process.workshops.exclude(pk=workshop.pk).exclude(date=None).count()
    assert all(isinstance(e["start"], datetime.date) for e in all_day)


def test_a_process_that_is_not_public_has_no_calendar(client, process):
    process.is_public = False
    process.save(update_fields=["is_public"])

    assert client.get(reverse("site:calendar", args=[process.slug])).status_code == 404
    assert (
        client.get(reverse("helpexchange_public:events_feed", args=[process.slug])).status_code
        == 404
    )


def test_group_activities_of_a_public_process(client, process, municipalities):
    event = f.event(process, municipalities["Kajaani"])

    response = client.get(reverse("helpexchange_public:events_feed", args=[process.slug]))

    [entry] = _parse(response.content)
    assert entry["summary"] == "Laula kanssain"
    assert entry["start"] == event.starts_at.replace(microsecond=0)
    assert "Koulu" in entry["location"]


def _feed(client: Client, secret: str):
    with translation.override("en"):
        return client.get(reverse("helpexchange_public:volunteer_feed", args=[secret]))


def test_the_volunteer_feed_shows_the_address_only_once_confirmed(client, process, make_user):
    coordinator = make_user(Role.COORDINATOR, process=process)
    minor = f.active_volunteer(process, name="Nuori Auttaja", age=15)
    adult = f.active_volunteer(process, name="Aikuinen Auttaja", age=30)
    recipient = f.recipient(process, address="Koivukuja 3")
    # A task inside the home: a 15-year-old may not go alone, so the team waits for a pair.
    help_request = f.help_request(process, recipient, task_type="home_chores")
    services.assignment_pick(help_request=help_request, volunteer=minor, by=None)
    secret = services.volunteer_calendar_new(volunteer=minor, by=None)

    [waiting] = _parse(_feed(client, secret).content)
    assert "Koivukuja" not in waiting["location"] and "(not confirmed yet)" in waiting["summary"]
    assert not AuditEntry.objects.filter(subject__contains="calendar").exists()

    services.assignment_confirm(help_request=help_request, volunteers=[adult], by=coordinator)
    [confirmed] = _parse(_feed(client, secret).content)
    assert confirmed["location"].startswith("Koivukuja 3")
    assert (
        AuditEntry.objects.filter(subject__contains="calendar", person=recipient.person).count()
        == 1
    )


def test_a_new_address_replaces_the_old_one_and_off_stops_it(client, process):
    volunteer = f.active_volunteer(process)
    old = services.volunteer_calendar_new(volunteer=volunteer, by=None)
    new = services.volunteer_calendar_new(volunteer=volunteer, by=None)

    assert _feed(client, old).status_code == 404
    assert _feed(client, new).status_code == 200
    stored = Volunteer.objects.get(pk=volunteer.pk).calendar_secret_hash
    assert stored and new not in stored  # only a hash is kept

    services.volunteer_calendar_off(volunteer=volunteer, by=None)
    assert _feed(client, new).status_code == 404


def test_the_volunteer_makes_and_turns_off_the_address_on_their_page(client, process, make_user):
    user = make_user(Role.VOLUNTEER, process=process)
    volunteer = f.active_volunteer(process, user=user)
    client.force_login(user)
    url = reverse("helpexchange:volunteer_calendar", args=[process.slug])

    page = client.post(url, {"action": "new"}).content.decode()
    volunteer.refresh_from_db()
    assert volunteer.calendar_secret_hash
    feed_path = page.split('value="http://testserver')[1].split('"')[0]
    assert Client().get(feed_path).status_code == 200
    assert "webcal://testserver" in page

    client.post(url, {"action": "off"})
    volunteer.refresh_from_db()
    assert volunteer.calendar_secret_hash == ""
    assert Client().get(feed_path).status_code == 404
