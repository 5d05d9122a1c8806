"""Scheduled messages on PostgreSQL: schedulers running at the same instant (two workers,
a Celery beat tick beside the database worker) write each message once and send it once."""

from __future__ import annotations

import datetime

from django.core import mail
from django.utils import timezone

from arki.core.enums import OutboxStatus
from arki.core.models import OutboxMessage
from arki.core.outbox.engine import messages_send_due, messages_send_pending, sitting_invite
from arki.core.services.processes import sitting_create

from .parallel import POSTGRES_RACES, run_parallel

pytestmark = POSTGRES_RACES


def at(day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2014, 9, day, hour))


def test_parallel_schedulers_write_and_send_each_message_once(process, municipalities, make_person):
    kajaani = municipalities["Kajaani"]
    people = [make_person(process, kajaani, email=f"p{n}@example.org") for n in range(25)]
    sitting = sitting_create(
        workshop=process.workshops.get(position=2),
        municipality=kajaani,
        place="Kaukametsä",
        starts_at=at(10, 17),
    )
    sitting_invite(sitting=sitting, send_at=at(1, 9))

    runs = run_parallel([lambda: messages_send_due(now=at(1)) for _ in range(4)])

    assert OutboxMessage.objects.count() == len(people)
    assert sum(run.enqueued for run in runs) >= len(people)  # conflicts are ignored, not errors
    assert sum(run.outcome.get("sent", 0) for run in runs) == len(people)
    delivered = [m.to[0] for m in mail.outbox]
    assert sorted(delivered) == sorted(p.email for p in people)
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {(OutboxStatus.SENT, 1)}


def test_parallel_claims_take_each_waiting_message_once(process, municipalities, make_person):
    kajaani = municipalities["Kajaani"]
    people = [make_person(process, kajaani, email=f"q{n}@example.org") for n in range(30)]
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            process=process,
            key="test:race",
            kind="test",
            person=person,
            channel="email",
            language="fi",
            subject="Hei",
            body="Hei!",
            next_attempt_at=at(1),
        )
        for person in people
    )
    outcomes = run_parallel([lambda: messages_send_pending(now=at(1)) for _ in range(5)])
    assert sum(o.get("sent", 0) for o in outcomes) == 30
    assert len(mail.outbox) == 30 and len({m.to[0] for m in mail.outbox}) == 30
