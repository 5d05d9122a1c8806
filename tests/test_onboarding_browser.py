"""A county sets Arki up without a developer, in real Chromium, axe-checked on every page.

On an empty database the first administrator (made by the one documented first-run command,
`arki createsuperuser`) logs in with a second factor, creates a process for a region that is
not Kainuu, invites a municipality's contact person by e-mail; the contact person sets a
password through the e-mailed link, enrols a second factor, logs in with it and sees only
their municipality's participants; when the administrator withdraws the role, the contact
person's next request is refused.

The region and its municipalities are made through the ORM below: the classification data and
its picker are a separate item of issue #14. The participants are made through the service,
as the enrolment form would.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "Ensimmainen-Paakayttaja-1"
CONTACT_PASSWORD = "Nokian-Yhdyshenkilo-2026"


def _code(user) -> str:
    """The code the user's authenticator app shows now, computed from the device's key."""
    device = TOTPDevice.objects.filter(user=user).order_by("-pk").first()
    return f"{totp(device.bin_key):06d}"


def _enrol(page, user, axe_check):
    """The set-up page of the second factor: type the app's code, keep the recovery codes."""
    assert page.locator("h1").inner_text() == "Ota käyttöön toinen tunnistustekijä"
    assert page.locator(".qr-code svg").count() == 1
    axe_check(page)
    page.fill("#id_token", _code(user))
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#recovery-codes li").count() == 10
    axe_check(page)
    page.click("text=Olen tallentanut koodit, jatka")
    page.wait_for_load_state()


def test_a_county_sets_up_arki_and_a_contact_person_sees_only_their_municipality(
    live_server, new_context, axe_check, monkeypatch
):
    from arki.core.models import Municipality, Person, Process, Region, User
    from arki.core.services.people import person_create

    # An empty database: no account and no process (the Kainuu seed may be there or not).
    assert not User.objects.exists() and not Process.objects.exists()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", ADMIN_PASSWORD)
    call_command(
        "createsuperuser", username="paakayttaja", email="it@pirkanmaa.invalid", interactive=False
    )
    admin = User.objects.get(username="paakayttaja")
    # Every municipality and county ships with Arki (migration core 0013); a transactional
    # test may find the database flushed, so the shipped classification is loaded again.
    from arki.core.classification import read_shipped_classification
    from arki.core.services.places import classification_load

    classification_load(classification=read_shipped_classification())
    pirkanmaa = Region.objects.get(code="08")
    base = live_server.url

    # The first administrator logs in, enrols a second factor and is told what to do next.
    office = new_context().new_page()
    office.goto(f"{base}/login/")
    axe_check(office)
    office.fill("#id_username", "paakayttaja")
    office.fill("#id_password", ADMIN_PASSWORD)
    office.click("main button[type=submit]")
    office.wait_for_load_state()
    _enrol(office, admin, axe_check)
    assert office.locator("#next-steps h2").inner_text() == "Mitä seuraavaksi"
    axe_check(office)

    # ... creates a process for two of Pirkanmaa's municipalities.
    office.click("#next-steps >> text=Luo prosessi")
    office.wait_for_load_state()
    axe_check(office)
    office.fill("#id_name", "Pirkanmaan lähipalvelut")
    office.fill("#id_slug", "pirkanmaa")
    office.select_option("#id_region", label="Pirkanmaan hyvinvointialue")
    office.get_by_label("Tampere", exact=True).check()
    office.get_by_label("Nokia", exact=True).check()
    office.fill("#id_first_workshop_on", "2027-03-01")
    office.click("main button[type=submit]")
    office.wait_for_load_state()
    assert office.locator("h1").inner_text() == "Pirkanmaan lähipalvelut"
    axe_check(office)

    process = Process.objects.get(slug="pirkanmaa")
    assert process.region == pirkanmaa
    nokia, tampere = (
        Municipality.objects.get(name="Nokia"),
        Municipality.objects.get(name="Tampere"),
    )
    at_nokia = person_create(process=process, municipality=nokia, age_band="75-84")
    at_tampere = person_create(process=process, municipality=tampere, age_band="75-84")

    # ... and invites Nokia's contact person.
    office.click("text=Henkilöstö ja roolit")
    office.wait_for_load_state()
    axe_check(office)
    office.click("text=Kutsu työntekijä")
    office.wait_for_load_state()
    axe_check(office)
    office.fill("#id_email", "yhteys@nokia.invalid")
    office.select_option("#id_role", "contact")
    office.select_option("#id_municipality", str(nokia.pk))
    office.click("main button[type=submit]")
    office.wait_for_load_state()
    assert "yhteys@nokia.invalid" in office.locator("#staff-roles").inner_text()
    axe_check(office)

    # The contact person follows the e-mailed link and sets a password.
    (message,) = mail.outbox
    assert message.to == ["yhteys@nokia.invalid"]
    path = "/" + re.search(r"https?://\S+", message.body).group(0).split("/", 3)[3]
    contact = User.objects.get(email="yhteys@nokia.invalid")
    phone = new_context().new_page()
    phone.goto(base + path)
    axe_check(phone)
    phone.fill("#id_new_password1", CONTACT_PASSWORD)
    phone.fill("#id_new_password2", CONTACT_PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_load_state()
    assert phone.url.endswith("/login/")

    # ... logs in, enrols a second factor, and sees Nokia's participants only.
    axe_check(phone)
    phone.fill("#id_username", "yhteys@nokia.invalid")
    phone.fill("#id_password", CONTACT_PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_load_state()
    _enrol(phone, contact, axe_check)
    phone.goto(f"{base}/staff/pirkanmaa/people/")
    axe_check(phone)
    listed = phone.locator("main table.data").last.inner_text()
    assert at_nokia.code in listed
    assert at_tampere.code not in listed

    # The administrator withdraws the role; the contact person's next request is refused.
    office.goto(f"{base}/staff/pirkanmaa/staff/")
    office.click("text=Peru rooli")
    office.wait_for_load_state()
    assert "yhteys@nokia.invalid" not in office.locator("main").inner_text()
    axe_check(office)
    response = phone.goto(f"{base}/staff/pirkanmaa/people/")
    assert response is not None and response.status == 403
    assert Person.objects.filter(process=process).count() == 2  # the people stay
