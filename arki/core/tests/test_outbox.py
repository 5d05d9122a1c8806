"""Scheduled messages (issue 19): invitations and day-before reminders go out once each, by
each person's channel and in their language; a failing gateway is retried, then shown to
staff; opting out stops the next message; a scheduler restarted mid-batch sends nothing twice.

The clock is moved by passing `now` to the scheduler: nothing sleeps.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arki.core.enums import AuditAction, MessageChannel, OutboxReason, OutboxStatus, Role
from arki.core.jobs import run_job
from arki.core.messaging import MemorySmsGateway, SmsMessage
from arki.core.models import AuditEntry, Job, MessagePreference, OutboxMessage, Sitting
from arki.core.outbox import engine
from arki.core.outbox.engine import (
    messages_enqueue,
    messages_send_due,
    messages_send_pending,
    preference_set,
    sitting_invite,
)
from arki.core.outbox.links import preferences_token, preferences_url
from arki.core.services.processes import sitting_create
from arki.core.testing_pdf import assert_accessible_pdf

pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2014, month, day, hour, minute))


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    MemorySmsGateway.outbox.clear()
    yield
    MemorySmsGateway.outbox.clear()


@pytest.fixture
def sitting(process, municipalities) -> Sitting:
    return sitting_create(
        workshop=process.workshops.get(position=2),
        municipality=municipalities["Kajaani"],
        place="Kaukametsä",
        starts_at=at(9, 10, 17),
    )


@pytest.fixture
def people(process, municipalities, make_person):
    kajaani = municipalities["Kajaani"]
    found = {
        "email": make_person(process, kajaani, email="aino@example.org", language="fi"),
        "sms": make_person(process, kajaani, phone="+358401234567", language="sv"),
        "letter": make_person(process, kajaani, full_name="Áile Čuđiid", language="en"),
        "nobody": make_person(process, kajaani, language="fi"),
        "kuhmo": make_person(process, municipalities["Kuhmo"], email="kuhmo@example.org"),
    }
    preference_set(person=found["letter"], postal_address="Sáivuonvuotna 3\n88900 KUHMO")
    return found


def sms_texts() -> list[str]:
    return [m.text for m in MemorySmsGateway.outbox]


def rows(**filters) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(**filters).order_by("pk"))


def print_letters(process) -> Job:
    job = Job.objects.create(kind="core.letters", params={"process": process.pk})
    run_job(job.pk)
    job.refresh_from_db()
    return job


def pdf_text(job: Job) -> tuple[str, object]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(job.result_file.read()))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def test_invitation_and_reminder_go_out_once_each_by_channel_and_in_language(
    process, sitting, people
):
    sitting_invite(sitting=sitting, send_at=at(9, 1, 9))

    assert messages_send_due(now=at(9, 1, 8)).enqueued == 0  # not yet time
    run = messages_send_due(now=at(9, 1, 10))
    assert run.enqueued == 4  # Kajaani's four; Kuhmo's participant is not invited
    assert run.outcome == {"sent": 2}

    assert [m.to for m in mail.outbox] == [["aino@example.org"]]
    assert mail.outbox[0].subject.startswith("Kutsu: ")  # Finnish
    assert "Kaukametsä" in mail.outbox[0].body
    assert preferences_url(people["email"]) in mail.outbox[0].body
    assert [m.to for m in MemorySmsGateway.outbox] == ["+358401234567"]
    assert "Välkommen" in sms_texts()[0]  # Swedish
    letter = OutboxMessage.objects.get(person=people["letter"])
    assert (letter.channel, letter.status, letter.language) == ("letter", "pending", "en")
    nobody = OutboxMessage.objects.get(person=people["nobody"])
    assert (nobody.status, nobody.reason) == (OutboxStatus.SKIPPED, OutboxReason.NO_CHANNEL)

    job = print_letters(process)
    assert job.status == "done" and job.result == {"letters": 1}
    text, _reader = pdf_text(job)
    assert "Áile Čuđiid" in text and "Sáivuonvuotna 3" in text and "Welcome" in text
    assert OutboxMessage.objects.get(pk=letter.pk).status == OutboxStatus.SENT

    # Every later run, in any order of days, sends the invitation to nobody again.
    for now in (at(9, 1, 10, 1), at(9, 2), at(9, 5, 20)):
        assert messages_send_due(now=now).enqueued == 0
    assert len(mail.outbox) == 1 and len(MemorySmsGateway.outbox) == 1
    assert print_letters(process).result == {"letters": 0}

    # The reminder letter is written three days ahead, to arrive by post in time…
    assert messages_send_due(now=at(9, 6, 10)).enqueued == 1
    letter_reminder = OutboxMessage.objects.get(person=people["letter"], key__contains="reminder")
    assert letter_reminder.channel == "letter"
    # …the day before, the other two invited get theirs; twice that day is still once.
    run = messages_send_due(now=at(9, 9, 10))
    assert run.enqueued == 2 and run.outcome == {"sent": 2}
    assert messages_send_due(now=at(9, 9, 18)).enqueued == 0
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Kutsu", "Huomenna"]
    assert "i morgon" in sms_texts()[1]
    assert len(sms_texts()) == 2
    text, _reader = pdf_text(print_letters(process))
    assert "tomorrow" in text
    # The day of the sitting: no reminder (it would be "tomorrow" only for the 11th).
    assert messages_send_due(now=at(9, 10, 9)).enqueued == 0
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 6


def test_overlapping_invitations_invite_a_person_once(process, sitting, people):
    sitting_invite(sitting=sitting, send_at=at(9, 1, 9))
    sitting_invite(sitting=sitting, send_at=at(9, 1, 9), age_groups=["older"])
    messages_send_due(now=at(9, 1, 10))
    assert OutboxMessage.objects.filter(person=people["email"]).count() == 1
    assert len(mail.outbox) == 1


def test_invitations_can_be_limited_to_age_groups(process, sitting, people, make_person):
    young = make_person(process, sitting.municipality, age_band="13-17", email="nuori@example.org")
    sitting_invite(sitting=sitting, send_at=at(9, 1, 9), age_groups=["young"])
    messages_send_due(now=at(9, 1, 10))
    assert [m.to for m in mail.outbox] == [[young.email]]


class FailingGateway:
    calls = 0

    def send(self, message: SmsMessage) -> None:
        FailingGateway.calls += 1
        raise ConnectionError("gateway answered 503")


def test_a_failing_gateway_is_retried_with_backoff_then_shown_to_staff(
    process, sitting, people, settings, make_user
):
    settings.ARKI_SMS_BACKEND = "arki.core.tests.test_outbox.FailingGateway"
    settings.ARKI_MESSAGE_MAX_ATTEMPTS = 3
    settings.ARKI_MESSAGE_RETRY_SECONDS = 300
    FailingGateway.calls = 0
    sitting_invite(sitting=sitting, send_at=at(9, 1, 9))

    messages_send_due(now=at(9, 1, 10))
    sms = OutboxMessage.objects.get(channel=MessageChannel.SMS)
    assert (sms.status, sms.attempts, sms.next_attempt_at) == ("pending", 1, at(9, 1, 10, 5))
    assert "503" in sms.error
    messages_send_due(now=at(9, 1, 10, 4))  # too early for the second attempt
    assert FailingGateway.calls == 1
    messages_send_due(now=at(9, 1, 10, 5))
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.next_attempt_at) == ("pending", 2, at(9, 1, 10, 15))
    messages_send_due(now=at(9, 1, 10, 15))
    sms.refresh_from_db()
    assert (sms.status, sms.reason, sms.attempts) == ("failed", OutboxReason.GAVE_UP, 3)
    messages_send_due(now=at(9, 2, 10))
    assert FailingGateway.calls == 3  # given up: no fourth attempt
    assert sms.sent_at is None
    assert engine.messages_summary(process)["sent"] == 1  # the e-mail only

    facilitator = make_user(Role.FACILITATOR, process=process)
    client = Client()
    client.force_login(facilitator)
    page = client.get(reverse("core:outbox", args=[process.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert people["sms"].code in html and "Epäonnistui" in html  # "Failed", in Finnish
    assert "+358401234567" not in html  # no phone numbers on the list

    # Staff send it again once the gateway works; it goes at the next run.
    settings.ARKI_SMS_BACKEND = "arki.core.messaging.MemorySmsGateway"
    response = client.post(reverse("core:outbox_retry", args=[process.slug, sms.pk]))
    assert response.status_code == 302
    messages_send_due(now=timezone.now())
    sms.refresh_from_db()
    assert sms.status == "sent" and len(MemorySmsGateway.outbox) == 1


def test_opting_out_by_the_link_stops_the_next_message(process, sitting, people):
    both = people["sms"]
    both.email = "sven@example.org"
    both.save()
    sitting_invite(sitting=sitting, send_at=at(9, 1, 9))
    messages_send_due(now=at(9, 1, 10))
    assert "sven@example.org" in [m.to[0] for m in mail.outbox]

    # Aino stops e-mail, Sven stops e-mail too (he still gets text messages).
    client = Client()
    for person in (people["email"], both):
        url = reverse("outbox_public:preferences", args=[preferences_token(person)])
        page = client.post(url, {"channel": "", "no_email": "on"})
        assert page.status_code == 200
    mail.outbox.clear()
    run = messages_send_due(now=at(9, 9, 10))
    assert mail.outbox == []
    assert [m.to for m in MemorySmsGateway.outbox if "morgon" in m.text] == ["+358401234567"]
    aino = OutboxMessage.objects.get(person=people["email"], key__startswith="sitting-reminder")
    assert (aino.status, aino.reason) == (OutboxStatus.SKIPPED, OutboxReason.NO_CHANNEL)
    assert run.outcome == {"sent": 1}


def test_an_opt_out_between_queueing_and_sending_is_respected(process, sitting, people):
    sitting_invite(sitting=sitting, send_at=at(9, 1, 9))
    messages_enqueue(engine.messages_due(at(9, 1, 10)), now=at(9, 1, 10))
    preference_set(person=people["email"], no_email=True)
    messages_send_pending(now=at(9, 1, 10))
    message = OutboxMessage.objects.get(person=people["email"])
    assert (message.status, message.reason) == (OutboxStatus.SKIPPED, OutboxReason.OPTED_OUT)
    assert mail.outbox == []


def test_a_scheduler_restarted_mid_batch_sends_nothing_twice(
    process, sitting, make_person, monkeypatch, settings
):
    settings.ARKI_MESSAGE_CLAIM_SECONDS = 600
    for n in range(4):
        make_person(process, sitting.municipality, email=f"p{n}@example.org")
    sitting_invite(sitting=sitting, send_at=at(9, 1, 9))
    real_send_mail = engine.send_mail
    calls = {"n": 0}

    def crashing_send_mail(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("the worker was killed")  # not an Exception: nothing catches it
        return real_send_mail(*args, **kwargs)

    monkeypatch.setattr(engine, "send_mail", crashing_send_mail)
    with pytest.raises(SystemExit):
        messages_send_due(now=at(9, 1, 10))
    statuses = [m.status for m in rows()]
    assert statuses == ["sent", "sending", "pending", "pending"]

    # Started again at once: the rest go, the interrupted one is left alone…
    run = messages_send_due(now=at(9, 1, 10, 1))
    assert run.enqueued == 0 and run.outcome == {"sent": 2}
    # …and once it is clearly abandoned it is reported, never re-sent by itself (it may
    # have arrived: a gateway can fail after delivering).
    run = messages_send_due(now=at(9, 1, 10, 11))
    assert run.recovered == 1 and run.outcome == {}
    assert [m.status for m in rows()] == ["sent", "failed", "sent", "sent"]
    assert rows()[1].reason == OutboxReason.INTERRUPTED
    delivered = [m.to[0] for m in mail.outbox]
    assert len(delivered) == len(set(delivered)) == 3


def test_messages_are_written_only_in_sending_hours(process, sitting, people):
    sitting_invite(sitting=sitting, send_at=at(9, 1, 0))
    assert messages_send_due(now=at(9, 1, 3)).enqueued == 0
    assert messages_send_due(now=at(9, 1, 21, 30)).enqueued == 0
    assert messages_send_due(now=at(9, 2, 8)).enqueued == 4


def test_the_letters_pdf_is_tagged_pdf_ua_with_its_language_and_an_embedded_font(
    process, sitting, people
):
    sitting_invite(sitting=sitting, send_at=at(9, 1, 9))
    messages_send_due(now=at(9, 1, 10))
    job = print_letters(process)
    job.result_file.seek(0)
    reader = assert_accessible_pdf(job.result_file.read(), lang="fi")
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Arki-Sans" in name for name in fonts), fonts  # the repository's DejaVu
    assert b"pdfuaid:part" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()


def test_an_erased_person_gets_nothing_more_and_loses_the_address(process, sitting, people):
    from arki.core.services.gdpr import person_erase

    sitting_invite(sitting=sitting, send_at=at(9, 1, 9))
    messages_enqueue(engine.messages_due(at(9, 1, 10)), now=at(9, 1, 10))
    person_erase(person=people["letter"], by=None)
    assert not MessagePreference.objects.filter(person=people["letter"]).exists()
    letter = OutboxMessage.objects.get(person=people["letter"])
    assert (letter.status, letter.body) == (OutboxStatus.SKIPPED, "")
    assert print_letters(process).result == {"letters": 0}


def test_staff_invite_from_the_sitting_and_set_a_persons_channel(
    process, sitting, people, make_user
):
    facilitator = make_user(Role.FACILITATOR, process=process)
    client = Client()
    client.force_login(facilitator)
    url = reverse("core:sitting_invite", args=[process.slug, 2, sitting.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"age_groups": ["older"], "send_at": ""})
    assert response.status_code == 302
    invitation = sitting.invitations.get()
    assert invitation.age_groups == ["older"] and invitation.created_by == facilitator

    person = people["nobody"]
    url = reverse("core:person_messages", args=[process.slug, person.code])
    page = client.get(url)
    assert page.status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, person=person).exists()
    response = client.post(
        url, {"channel": "letter", "postal_address": "Kauppakatu 1\n87100 KAJAANI"}
    )
    assert response.status_code == 302
    assert engine.channel_for(person) == MessageChannel.LETTER


def test_a_wrong_settings_link_opens_nothing(client, people):
    response = client.get(reverse("outbox_public:preferences", args=["not-a-token"]))
    assert response.status_code == 410
    token = preferences_token(people["email"])
    assert (
        client.post(
            reverse("outbox_public:preferences", args=[token[:-2] + "xx"]), {"no_email": "on"}
        ).status_code
        == 410
    )
    assert not people["email"].outbox_messages.exists()


def test_analysts_and_contact_persons_of_another_municipality_cannot_open_the_pages(
    process, sitting, people, make_user, municipalities
):
    for user in (
        make_user(Role.ANALYST, process=process),
        make_user(Role.CONTACT, process=process, municipality=municipalities["Kuhmo"]),
    ):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("core:outbox", args=[process.slug])).status_code in (403, 404)
        url = reverse("core:person_messages", args=[process.slug, people["email"].code])
        assert client.get(url).status_code in (403, 404)


def test_the_command_the_celery_task_and_the_beat_entry_run_the_scheduler(
    process, sitting, people, settings
):
    from django.core.management import call_command

    from arki.core.tasks import send_due_messages_task

    entry = settings.CELERY_BEAT_SCHEDULE["arki-send-due-messages"]
    assert entry["task"] == send_due_messages_task.name == "arki.send_due_messages"
    sitting.starts_at = timezone.now() + datetime.timedelta(days=30)
    sitting.save()
    sitting_invite(sitting=sitting, send_at=timezone.now() - datetime.timedelta(minutes=1))
    settings.ARKI_MESSAGE_HOURS = (0, 24)
    out = io.StringIO()
    call_command("send_due_messages", stdout=out)
    assert out.getvalue().startswith("4 new message(s); sent: sent 2")
    assert send_due_messages_task.apply().get() == 0  # ran again: nothing new
    assert len(mail.outbox) == 1
