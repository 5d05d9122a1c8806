"""Scheduled reminders of the help exchange (through the core's scheduler, clock moved):
the day before a confirmed task its helper and the older person get one reminder each, with no
address in it; the day before a group activity everyone signed up gets one."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from arki.core.messaging import MemorySmsGateway
from arki.core.models import OutboxMessage
from arki.core.outbox.engine import messages_send_due
from arki.helpexchange import services

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    MemorySmsGateway.outbox.clear()
    yield
    MemorySmsGateway.outbox.clear()


def english(*people) -> None:
    for person in people:
        person.language = "en"
        person.save()


def noon_the_day_before(moment: datetime.datetime) -> datetime.datetime:
    day = timezone.localtime(moment).date() - datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_the_day_before_a_confirmed_task_helper_and_older_person_are_reminded_once(
    process, make_user
):
    coordinator = f.coordinator(make_user, process)
    volunteer = f.active_volunteer(process, email="ville@example.org")
    help_request = f.help_request(process, hours_from_now=72)
    offer = services.assignment_offer(
        help_request=help_request, volunteers=[volunteer], by=coordinator
    )[0]
    services.assignment_accept(assignment=offer)
    english(volunteer.person, help_request.recipient.person)
    mail.outbox.clear()
    MemorySmsGateway.outbox.clear()

    now = noon_the_day_before(help_request.window_start)
    assert messages_send_due(now=now - datetime.timedelta(days=1)).enqueued == 0
    messages_send_due(now=now)
    messages_send_due(now=now + datetime.timedelta(hours=3))

    assert [m.to for m in mail.outbox] == [["ville@example.org"]]
    assert "tomorrow" in mail.outbox[0].body and "/apu/" in mail.outbox[0].body
    older = [m for m in MemorySmsGateway.outbox if "a helper comes" in m.text]
    assert len(older) == 1
    for text in [m.body for m in mail.outbox] + [m.text for m in MemorySmsGateway.outbox]:
        assert "Salaisentie" not in text  # never an address in a message
    assert OutboxMessage.objects.filter(kind="helpexchange.task_reminder").count() == 2


def test_the_day_before_a_group_activity_everyone_signed_up_is_reminded(process, municipalities):
    event = f.event(process, municipalities["Kajaani"])
    volunteer = f.active_volunteer(process, email="nuori@example.org")
    services.event_signup(event=event, person=volunteer.person, role="young")
    volunteer.person.language = "sv"
    volunteer.person.save()
    now = noon_the_day_before(event.starts_at)
    messages_send_due(now=now)
    messages_send_due(now=now)
    assert [m.to for m in mail.outbox] == [["nuori@example.org"]]
    assert mail.outbox[0].subject == "I morgon: Laula kanssain"  # in the person's language
