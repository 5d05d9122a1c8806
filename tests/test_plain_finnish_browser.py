"""In real Chromium: a resident chooses plain Finnish (selkosuomi) from the language menu, then
fills the service diary, and joins a workshop and casts a voucher ballot, all in plain
Finnish; every page says that it is in plain language and passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from arki.budgeting.models import Allocation
from arki.budgeting.tests.factories import HEALTH_CENTRE, SWIMMING_HALL, make_round
from arki.core.enums import Role
from arki.insight.tests import factories as insight_factories

from .plain_language import PLAIN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _choose_plain_finnish(page):
    """Press "selkosuomi" in the header's language menu, as a resident would."""
    page.click(f".language-switcher button[value='{PLAIN}']")
    page.wait_for_url(f"**/{PLAIN}/**")
    assert page.get_attribute("html", "lang") == PLAIN
    expect(page.locator(f".language-switcher button[value='{PLAIN}']")).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.locator("#language-note")).to_have_text("Tämä sivu on selkosuomeksi.")


def test_resident_fills_the_diary_in_plain_finnish(
    live_server, phone, axe_check, process, municipalities
):
    participant = insight_factories.participant(process, municipalities["Kuhmo"])
    page = phone.new_page()
    page.goto(f"{live_server.url}/diary/")
    expect(page.locator("h1")).to_have_text("Avaa palvelupäiväkirjasi")  # standard Finnish
    expect(page.locator("#language-note")).to_have_count(0)
    _choose_plain_finnish(page)
    expect(page.locator("h1")).to_have_text("Avaa palvelupäiväkirja")
    axe_check(page)

    page.fill("#id_code", participant.person.access_code)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/{PLAIN}/diary/week/")
    expect(page.locator("h1")).to_have_text("Oma palvelukartta ja päiväkirja")
    axe_check(page)

    page.click(f"a[href='/{PLAIN}/diary/map/']")
    expect(page.locator("label[for=id_frequency]")).to_contain_text("Kuinka usein")
    page.select_option("#id_service", str(insight_factories.service("Terveysasema").pk))
    page.select_option("#id_frequency", "monthly")
    page.select_option("#id_channel", "on_site")
    page.fill("#id_distance_km", "18")
    page.fill("#id_travel_minutes", "25")
    page.select_option("#id_travel_mode", "lift")
    page.click("form[aria-labelledby=add-heading] button[type=submit]")
    expect(page.locator(".hds-notification--success")).to_contain_text("Palvelu on nyt kartallasi.")
    axe_check(page)
    page.click("form[action$='/map/return/'] button[type=submit]")
    page.wait_for_url(f"**/{PLAIN}/diary/week/")

    page.goto(f"{live_server.url}/{PLAIN}/diary/day/1/")
    expect(page.locator("#language-note")).to_have_text("Tämä sivu on selkosuomeksi.")
    page.fill("#id_did_today", "Kävin kaupassa naapurin kanssa.")
    page.check("input[name=served][value=well]")
    axe_check(page)
    page.click("form#day-form button[type=submit]")
    expect(page.locator(".hds-notification--success").first).to_contain_text("Päivä 1 on tallessa.")
    page.goto(f"{live_server.url}/{PLAIN}/diary/week/")
    page.click("form[action$='/diary/return/'] button[type=submit]")
    expect(page.locator(".hds-notification--success").first).to_contain_text(
        "Kiitos! Palautit päiväkirjan."
    )
    axe_check(page)

    participant.refresh_from_db()
    assert participant.diary_returned_at is not None
    assert participant.days.get(day=1).did_today == "Kävin kaupassa naapurin kanssa."


def test_resident_casts_a_voucher_ballot_in_plain_finnish(
    live_server, phone, axe_check, process, make_user
):
    facilitator = make_user(Role.FACILITATOR, process=process)
    round_, session, activity = make_round(process, facilitator)
    items = {item.name: item for item in round_.items.all()}
    page = phone.new_page()
    page.goto(f"{live_server.url}/join/{session.code}/")
    _choose_plain_finnish(page)
    expect(page.locator("main button[type=submit]")).to_have_text("Tule mukaan työpajaan")
    axe_check(page)

    page.fill("#id_label", "Eeva")
    page.click("main button[type=submit]")
    expect(page.locator("fieldset.ballot")).to_be_visible()
    assert f"/{PLAIN}/live/" in page.url
    expect(page.locator(".wallet-summary")).to_contain_text("Seteleitä sinulla: 10.")
    expect(page.locator("#language-note")).to_have_text("Tämä sivu on selkosuomeksi.")
    axe_check(page)

    # Too many first: the counter says so in plain Finnish and holds the ballot back.
    page.fill(f"#id_a{activity.pk}-item-{items[HEALTH_CENTRE].pk}", "8")
    page.fill(f"#id_a{activity.pk}-item-{items[SWIMMING_HALL].pk}", "5")
    expect(page.locator("#activities [data-over]")).to_have_text(
        "Sinulla ei ole niin monta seteliä. Vähennä seteleitä ennen kuin lähetät."
    )
    expect(page.locator("#activities form button[type=submit]")).to_be_disabled()
    axe_check(page)

    page.fill(f"#id_a{activity.pk}-item-{items[SWIMMING_HALL].pk}", "2")
    page.click("#activities form button[type=submit]")
    expect(page.locator(".hds-notification--success")).to_contain_text(
        "Kiitos! Vastauksesi on tallessa."
    )
    axe_check(page)

    lines = Allocation.objects.filter(account__round=round_).select_related("item")
    assert {line.item.name: line.vouchers for line in lines} == {
        HEALTH_CENTRE: 8,
        SWIMMING_HALL: 2,
    }
