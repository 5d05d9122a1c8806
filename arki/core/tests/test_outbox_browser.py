"""Scheduled messages in real Chromium, axe on every page: a facilitator sees a text message
that failed, sends it again, invites a sitting and sets a person's channel to letters; the
person stops e-mail from the settings link in their message.

One test, two browser contexts (staff and the person), to keep the browser suite short."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from arki.core.enums import MessageChannel, OutboxStatus, Role
from arki.core.models import MessagePreference, OutboxMessage
from arki.core.outbox.engine import messages_send_due, sitting_invite
from arki.core.outbox.links import preferences_url
from arki.core.services.processes import sitting_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class FailingGateway:
    """A text-message gateway that is down."""

    def send(self, message):
        raise ConnectionError("gateway answered 503")


def at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2014, month, day, hour))


def test_messages_pages_and_the_persons_own_settings_are_accessible(
    live_server, new_context, login, axe_check, process, municipalities, make_person, make_user,
    settings,
):  # fmt: skip
    kajaani = municipalities["Kajaani"]
    sitting = sitting_create(
        workshop=process.workshops.get(position=2),
        municipality=kajaani,
        place="Kaukametsä",
        starts_at=at(9, 10, 17),
    )
    aino = make_person(process, kajaani, email="aino@example.org", language="fi")
    sven = make_person(process, kajaani, phone="+358401234567", language="sv")
    settings.ARKI_SMS_BACKEND = f"{__name__}.FailingGateway"
    settings.ARKI_MESSAGE_MAX_ATTEMPTS = 1
    sitting_invite(sitting=sitting, send_at=at(9, 1, 9))
    messages_send_due(now=at(9, 1, 10))
    failed = OutboxMessage.objects.get(person=sven)
    assert failed.status == OutboxStatus.FAILED
    settings.ARKI_SMS_BACKEND = "arki.core.messaging.MemorySmsGateway"

    page = new_context().new_page()
    login(page, make_user(Role.FACILITATOR, process=process))
    base = f"{live_server.url}/en/staff/{process.slug}"

    # The failed text message is listed by the person's code, and sent again.
    page.goto(f"{base}/messages/")
    row = page.locator("tbody tr", has_text=sven.code)
    expect(row).to_contain_text("Failed")
    axe_check(page)
    row.get_by_role("button", name="Send again").click()
    expect(page.get_by_text("The message will be sent again within a few minutes.")).to_be_visible()
    expect(page.get_by_text("No failed messages.")).to_be_visible()
    axe_check(page)
    assert OutboxMessage.objects.get(pk=failed.pk).status == OutboxStatus.PENDING

    # A sitting's invitation page: the invitation made is listed.
    page.goto(f"{base}/workshops/2/sittings/{sitting.pk}/invite/")
    expect(page.locator("main ul li")).to_have_count(1)
    axe_check(page)

    # A person's channel set to letters, with the postal address.
    page.goto(f"{base}/people/{aino.code}/messages/")
    expect(page.locator("tbody tr")).to_contain_text("Sent")
    axe_check(page)
    page.select_option("#id_channel", MessageChannel.LETTER)
    page.fill("#id_postal_address", "Kauppakatu 1\n87100 KAJAANI")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The message settings were saved.")).to_be_visible()
    axe_check(page)
    assert MessagePreference.objects.get(person=aino).channel == MessageChannel.LETTER

    # The person's own page, from the link in their message: no log-in, in their Swedish.
    resident = new_context().new_page()
    resident.goto(live_server.url + urlsplit(preferences_url(sven)).path)
    expect(resident.locator("h1")).to_have_text("Dina meddelandeinställningar")
    axe_check(resident)
    resident.check("#id_no_sms")
    resident.get_by_role("button", name="Spara").click()
    expect(resident.get_by_role("status")).to_contain_text("Sparat.")
    axe_check(resident)
    assert MessagePreference.objects.get(person=sven).no_sms is True
