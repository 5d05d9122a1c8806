"""End to end in real Chromium: a facilitator sets up a process from the template, runs a
live poll; two participants answer on their phones and one on paper; the projector shows
every answer within two seconds. axe-core checks the join page and the poll."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from arki.core.enums import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROJECTOR_DEADLINE_MS = 2000


def counts(page):
    return [int(cell.inner_text()) for cell in page.locator("td[data-count]").all()]


def test_facilitator_runs_a_live_poll(
    live_server, new_context, phone, login, axe_check, make_user, municipalities
):
    # A facilitator of an earlier process may set up a new one from the template.
    from arki.core.services.processes import process_create_from_template

    earlier = process_create_from_template(
        template="kainuu-2014-2016",
        name="Aiempi",
        slug="aiempi",
        region=municipalities["Kuhmo"].region,
        municipalities=[municipalities["Kuhmo"]],
        first_workshop_on=datetime.date(2014, 6, 12),
    )
    facilitator = make_user(Role.FACILITATOR, process=earlier)
    staff = new_context().new_page()
    login(staff, facilitator)

    # 1. A process from the Kainuu template.
    staff.goto(f"{live_server.url}/staff/new/")
    staff.fill("#id_name", "Kuhmon lähipalvelut 2027")
    staff.fill("#id_slug", "kuhmo-2027")
    staff.get_by_label("Kuhmo", exact=True).check()
    staff.fill("#id_first_workshop_on", "2027-03-01")
    staff.get_by_label(re.compile("public website|julkisella", re.I)).check()
    staff.locator("main form button[type=submit]").click()
    expect(staff.locator("h1")).to_have_text("Kuhmon lähipalvelut 2027")
    expect(staff.locator("table.data tbody tr")).to_have_count(10)

    # 2. A live session with a poll for workshop 1.
    staff.goto(f"{live_server.url}/staff/kuhmo-2027/workshops/1/")
    staff.locator("form[action$='/session/'] button").click()
    code = staff.locator("#join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    staff.locator("#id_kind").select_option("core.poll")
    staff.locator("form[action$='/activities/new/'] button").click()
    staff.fill("#id_question", "Mikä palvelu on sinulle tärkein?")
    staff.fill("#id_choices", "Terveyspalvelut\nLiikuntapalvelut\nKulttuuripalvelut")
    staff.locator("button[name=save]").click()
    staff.locator("form[action*='/state/'] button").click()

    projector = new_context().new_page()
    login(projector, facilitator)
    projector.goto(f"{live_server.url}/staff/sessions/{code}/projector/")
    expect(projector.locator("td[data-count]")).to_have_count(3)

    # 3. Two participants join on their own phones with the code and answer.
    for index, (name, choice) in enumerate(
        [("Aino", "Terveyspalvelut"), ("Eero", "Liikuntapalvelut")]
    ):
        page = (
            phone.new_page()
            if index == 0
            else new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
        )
        page.goto(f"{live_server.url}/join/")
        if index == 0:
            axe_check(page)
        page.fill("#id_code", code.lower())
        page.locator("main form button[type=submit]").click()
        page.fill("#id_label", name)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("h2")).to_have_text("Mikä palvelu on sinulle tärkein?")
        if index == 0:
            axe_check(page)
        page.get_by_label(choice).check()
        page.locator("section form button[type=submit]").click()
        expect(page.locator(".hds-notification--success")).to_be_visible()

    expected = [1, 1, 0]
    expect(projector.locator("td[data-count]").nth(1)).to_have_text(
        "1", timeout=PROJECTOR_DEADLINE_MS
    )
    assert counts(projector) == expected

    # 4. A paper answer typed in by the facilitator appears too.
    staff.goto(f"{live_server.url}/staff/sessions/{code}/paper/")
    staff.fill("input[name=label]", "Paperi, pöytä 2")
    staff.get_by_label("Terveyspalvelut").check()
    staff.locator("section form button[type=submit]").click()
    expect(staff.locator(".hds-notification--success")).to_be_visible()
    expect(projector.locator("td[data-count]").first).to_have_text(
        "2", timeout=PROJECTOR_DEADLINE_MS
    )
    assert counts(projector) == [2, 1, 0]
    expect(projector.locator("#seat-count")).to_contain_text("3")
