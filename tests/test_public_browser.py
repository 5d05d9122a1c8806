"""The public process website in real Chromium: every page passes axe, languages switch.

The language switcher is a plain form POST, so it must work with JavaScript turned off too
(old phones, strict security settings).
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_process(process, municipalities):
    """The test process with workshop 1's results published, news and contact persons."""
    from arki.core.enums import GroupKind
    from arki.core.services.processes import group_member_add, workshop_publish, workshop_update
    from arki.site.services import news_post_create

    workshop = process.workshops.get(position=1)
    workshop_update(
        workshop=workshop,
        by=None,
        participant_count=160,
        place="Kajaanin kaupungintalo",
        municipality=municipalities["Kajaani"],
        results_summary="Noin 160 osallistujaa, 110 palautti palvelupäiväkirjan.",
        results_summary_sv="Cirka 160 deltagare, 110 lämnade in en servicedagbok.",
    )
    workshop_publish(workshop=workshop, by=None)
    news_post_create(
        process=process,
        workshop=workshop,
        slug="tyopaja-1-tulokset",
        title="Työpajan 1 tulokset: 110 palvelupäiväkirjaa palautettiin",
        title_sv="Resultat från workshop 1: 110 servicedagböcker lämnades in",
        body="Kiitos kaikille osallistujille!",
        body_sv="Tack till alla deltagare!",
        published_at=timezone.make_aware(datetime.datetime(2014, 6, 22, 12)),
    )
    group_member_add(
        process=process,
        group=GroupKind.PLANNING,
        name="Liisa Kuhmolainen",
        organisation="Kuhmon kaupunki",
        municipality=municipalities["Kuhmo"],
        is_contact_person=True,
        work_email="yhteys@kuhmo.invalid",
        work_phone="044 000 0000",
    )
    group_member_add(process=process, group=GroupKind.PROJECT, name="Fanni Fasilitaattori")
    return process


def test_every_public_page_is_accessible(live_server, new_context, axe_check, published_process):
    page = new_context().new_page()
    base = live_server.url
    checks = [
        ("/", "Lähipalvelujen kehittäminen asukaslähtöisesti"),
        ("/p/testi/", "Testiprosessi"),
        ("/p/testi/workshops/1/", "Työpaja 1: Asiakasymmärrys"),
        ("/p/testi/workshops/5/", "Työpaja 5: Ajatushautomo – kriteerit ja äänestys"),
        ("/p/testi/news/", "Uutiset"),
        (
            "/p/testi/news/tyopaja-1-tulokset/",
            "Työpajan 1 tulokset: 110 palvelupäiväkirjaa palautettiin",
        ),
        ("/p/testi/contacts/", "Yhteystiedot"),
        ("/p/testi/data/", "Avoin data"),
        ("/sv/p/testi/data/", "Öppna data"),
        ("/accessibility/", "Saavutettavuusseloste"),
        ("/privacy/", "Tietosuojaseloste"),
        ("/api/v1/docs", "Avoimen datan rajapinta v1"),
    ]
    for path, heading in checks:
        page.goto(base + path)
        assert page.locator("h1").all_inner_texts() == [heading], path
        axe_check(page)
    page.goto(base + "/p/testi/workshops/1/")
    assert "110 palautti palvelupäiväkirjan" in page.locator("main").inner_text()


def test_phone_sized_process_page_is_accessible(live_server, phone, axe_check, published_process):
    page = phone.new_page()
    page.goto(f"{live_server.url}/p/testi/")
    assert page.get_by_text("Viimeisin vaihe").is_visible()
    axe_check(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_language_switcher_works_with_and_without_javascript(
    live_server, new_context, axe_check, published_process, javascript
):
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(f"{live_server.url}/p/testi/workshops/1/")
    assert page.locator("html").get_attribute("lang") == "fi"

    page.locator('.language-switcher button[lang="sv"]').click()
    page.wait_for_url(f"{live_server.url}/sv/p/testi/workshops/1/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text() == "Workshop 1: Kundinsikt"
    assert "110 lämnade in en servicedagbok" in page.locator("main").inner_text()
    if javascript:  # axe-core is JavaScript itself; it cannot run in a page without it
        axe_check(page)

    page.locator('.language-switcher button[lang="en"]').click()
    page.wait_for_url(f"{live_server.url}/en/p/testi/workshops/1/")
    assert page.locator("h1").inner_text() == "Workshop 1: Customer insight"
    # No English summary was written: the Finnish one is shown instead of nothing.
    assert "110 palautti palvelupäiväkirjan" in page.locator("main").inner_text()

    page.locator('.language-switcher button[lang="fi"]').click()
    page.wait_for_url(f"{live_server.url}/p/testi/workshops/1/")
    assert page.locator("h1").inner_text() == "Työpaja 1: Asiakasymmärrys"
