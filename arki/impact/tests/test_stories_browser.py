"""End to end in Chromium: a reporter's story is sent back for changes, resubmitted, accepted,
published and appears on the public site (issue #18's acceptance line), axe on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from arki.core.enums import Role

from ..services import stories as services
from .stories_fixtures import *  # noqa: F403  (the fixtures, found by pytest by name)
from .stories_fixtures import jpeg_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_a_story_is_sent_back_resubmitted_accepted_and_published(
    live_server, new_context, login, axe_check, process, make_user, make_person, municipalities
):
    facilitator = make_user(Role.FACILITATOR, process=process)
    person = make_person(process, municipalities["Kuhmo"], age_band="30-64")
    services.reporter_create(process=process, person=person, by=facilitator)
    base = f"{live_server.url}/impact/stories/{process.slug}"

    # The reporter, on their phone, signs in with their personal access code and writes.
    phone = new_context(**PHONE).new_page()
    phone.goto(f"{base}/reporter/")
    axe_check(phone)
    phone.fill("#id_code", person.access_code)
    phone.click("main form button[type=submit]")
    phone.click("a[href$='/reporter/new/']")
    axe_check(phone)
    phone.fill("#id_title", "Kyyti terveyskeskukseen")
    phone.fill("#id_text", "Bussi kulkee kahdesti päivässä.")
    phone.click("main form button[type=submit]")
    expect(phone.locator("h1")).to_have_text("Kyyti terveyskeskukseen")
    phone.check("#id_kind_0")
    phone.set_input_files(
        "#id_file",
        files=[{"name": "pysakki.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}],
    )
    phone.fill("#id_alt_text", "Keltainen pysäkkimerkki lumisen tien varressa")
    phone.click("form[action$='/media/'] button[type=submit]")
    expect(phone.locator("img[alt^='Keltainen']")).to_be_visible()
    phone.fill("#id_person_name", "Minä itse")
    phone.select_option("#id_method", "online")
    phone.fill("#id_given_on", "2015-10-01")
    phone.check("#id_is_reporter")
    phone.click("form[action$='/consents/'] button[type=submit]")
    axe_check(phone)
    phone.click("form[action$='/submit/'] button[type=submit]")
    expect(phone.locator("td", has_text="Kyyti terveyskeskukseen")).to_be_visible()

    # The facilitator reads it in the queue and asks for changes, with a reason.
    desk = new_context().new_page()
    login(desk, facilitator)
    desk.goto(f"{live_server.url}/staff/impact/{process.slug}/stories/")
    axe_check(desk)
    desk.click("a:text('Kyyti terveyskeskukseen')")
    expect(desk.locator("img[alt^='Keltainen']")).to_be_visible()
    axe_check(desk)
    desk.check("#id_decision_1")
    desk.fill("#id_reason", "Kerro vielä, miten pääsit kotiin.")
    desk.click("main form button[type=submit]")
    expect(desk.locator("#history ~ ol li", has_text="miten pääsit kotiin")).to_be_visible()

    # The reporter reads the reason, adds to the story and sends it again.
    phone.goto(f"{base}/reporter/")
    phone.click("a:text('Kyyti terveyskeskukseen')")
    expect(phone.get_by_text("Kerro vielä, miten pääsit kotiin.")).to_be_visible()
    axe_check(phone)
    phone.fill("#id_text", "Bussi kulkee kahdesti päivässä. Kotiin pääsin naapurin kyydillä.")
    phone.click("main form:not([action]) button[type=submit]")
    phone.click("form[action$='/submit/'] button[type=submit]")

    # The facilitator accepts and publishes it.
    desk.reload()
    desk.check("#id_decision_0")
    desk.click("main form button[type=submit]")
    desk.click("form[action$='/publish/'] button[type=submit]")
    desk.click("a[href*='/impact/stories/']:not([href*='media'])")

    # It is on the public site, with its photo and alt text.
    page = new_context().new_page()
    page.goto(f"{base}/")
    axe_check(page)
    page.click("a:text('Kyyti terveyskeskukseen')")
    expect(page.get_by_text("Kotiin pääsin naapurin kyydillä.")).to_be_visible()
    photo = page.locator("img[alt^='Keltainen']")
    expect(photo).to_be_visible()
    assert photo.evaluate("(img) => img.naturalWidth") == 64
    axe_check(page)
