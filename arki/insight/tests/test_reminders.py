"""Diary reminders on the days a diary is due (scheduled; the clock is moved by `now`): once
per due day to everyone not returned who agreed to reminders, in their language."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from arki.core.enums import ConsentMethod, ConsentPurpose, Role
from arki.core.models import OutboxMessage
from arki.core.outbox.engine import messages_send_due
from arki.core.services.people import consent_record

from .. import services
from . import factories

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2014, 6, day, hour))


def consented(participant):
    consent_record(
        person=participant.person,
        purpose=ConsentPurpose.REMINDERS,
        text_version="1",
        given_on=datetime.date(2014, 5, 1),
        method=ConsentMethod.PAPER,
    )
    return participant


def test_reminders_go_on_each_due_day_once_to_those_not_returned(
    process, municipalities, make_user
):
    kajaani = municipalities["Kajaani"]
    aino = consented(factories.participant(process, kajaani, email="aino@example.org"))
    sven = consented(
        factories.participant(process, kajaani, email="sven@example.org", language="sv")
    )
    factories.participant(process, kajaani, email="no-consent@example.org")
    returned = consented(factories.participant(process, kajaani, email="done@example.org"))
    returned.diary_returned_at = at(1)
    returned.save()
    services.settings_update(
        process=process,
        double_entry=False,
        diary_due_dates=[datetime.date(2014, 6, 5), datetime.date(2014, 6, 12)],
        by=make_user(Role.FACILITATOR, process=process),
    )

    messages_send_due(now=at(4))
    assert mail.outbox == []
    messages_send_due(now=at(5))
    messages_send_due(now=at(5, 15))
    assert sorted(m.to[0] for m in mail.outbox) == ["aino@example.org", "sven@example.org"]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["aino@example.org"].subject == "Palvelupäiväkirjasi"
    assert by_address["sven@example.org"].subject == "Din servicedagbok"
    assert aino.person.code in by_address["aino@example.org"].body

    sven.diary_returned_at = at(8)
    sven.save()
    messages_send_due(now=at(12))
    assert [m.to[0] for m in mail.outbox[2:]] == ["aino@example.org"]
    assert OutboxMessage.objects.filter(kind="insight.diary_reminder").count() == 3


def test_staff_set_the_due_days_in_the_settings(client, process, make_user):
    client.force_login(make_user(Role.FACILITATOR, process=process))
    url = reverse("insight:settings", args=[process.slug])
    response = client.post(url, {"diary_due_dates": "5.6.2014, 2014-06-12"})
    assert response.status_code == 302
    assert services.settings_for(process).diary_due_dates == ["2014-06-05", "2014-06-12"]
    page = client.post(url, {"diary_due_dates": "5.6.2014, huomenna"})
    assert page.status_code == 200 and "huomenna" in page.content.decode()
    assert services.settings_for(process).diary_due_dates == ["2014-06-05", "2014-06-12"]
    assert "5.6.2014, 12.6.2014" in client.get(url).content.decode()
