"""End-to-end in real Chromium: a resident's week on a phone, staff double entry, axe."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from arki.core.jobs import job_files_purge
from arki.core.models import Job

from .. import services
from ..models import Participant
from ..views import files
from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_diary(page, live_server, access_code):
    page.goto(f"{live_server.url}/diary/")
    page.fill("#id_code", access_code)
    page.press("#id_code", "Enter")
    page.wait_for_url("**/diary/week/")


def _write_day(page, live_server, day, text):
    page.goto(f"{live_server.url}/diary/day/{day}/")
    page.fill("#id_did_today", text)
    page.fill("#id_where_went", "Kotona ja kaupassa")
    page.check("input[name=served][value=well]")
    page.check("input[name=help_from][value=neighbour]")
    page.fill("#id_wishes_text", "Kyyti terveysasemalle")
    page.click("button:has-text('Tallenna päivä'), form#day-form button[type=submit]")
    page.wait_for_load_state()


def test_resident_fills_map_and_week_on_a_phone_across_two_visits(
    live_server, phone, axe_check, process, municipalities
):
    participant = factories.participant(process, municipalities["Kuhmo"])
    code = participant.person.access_code
    page = phone.new_page()
    _open_diary(page, live_server, code)
    axe_check(page)

    page.goto(f"{live_server.url}/diary/map/")
    page.select_option("#id_service", str(factories.service("Terveysasema").pk))
    page.select_option("#id_frequency", "monthly")
    page.select_option("#id_channel", "on_site")
    page.fill("#id_distance_km", "18")
    page.fill("#id_travel_minutes", "25")
    page.select_option("#id_travel_mode", "lift")
    page.click("form[aria-labelledby=add-heading] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".map-list li").count() == 1
    axe_check(page)
    page.click("form[action$='/map/return/'] button[type=submit]")
    page.wait_for_url("**/diary/week/")

    for day in (1, 2, 3):
        _write_day(page, live_server, day, f"Päivä {day}: kävin kaupassa naapurin kanssa.")
    page.goto(f"{live_server.url}/diary/day/4/")
    axe_check(page)
    page.fill("#id_did_today", "Neljäs päivä, kesken jäi")
    page.locator("#draft-status").filter(has_text=":").wait_for()
    phone.close()  # the tab and the session are gone

    participant.refresh_from_db()
    assert participant.days.filter(saved_at__isnull=False).count() == 3
    assert participant.diary_returned_at is None

    again = phone.browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="fi-FI"
    )
    try:
        page = again.new_page()
        _open_diary(page, live_server, code)
        assert page.locator(".tag--current").count() == 1  # day 4 has an unsaved draft
        page.goto(f"{live_server.url}/diary/day/4/")
        assert page.input_value("#id_did_today") == "Neljäs päivä, kesken jäi"
        page.click("form#day-form button[type=submit]")
        page.wait_for_load_state()
        for day in (5, 6, 7):
            _write_day(page, live_server, day, f"Päivä {day}.")
        page.goto(f"{live_server.url}/diary/week/")
        page.click("form[action$='/diary/return/'] button[type=submit]")
        page.wait_for_load_state()
        axe_check(page)
    finally:
        again.close()
    participant.refresh_from_db()
    assert participant.diary_returned_at is not None
    assert participant.days.filter(saved_at__isnull=False).count() == 7
    assert participant.days.get(day=4).did_today == "Neljäs päivä, kesken jäi"


def _enter_kit(page, live_server, process, code, minutes):
    page.goto(f"{live_server.url}/staff/insight/{process.slug}/entry/")
    page.fill("#code", code)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/entry/{code}/")
    page.select_option("#id_m0-service", str(factories.service("Apteekki").pk))
    page.select_option("#id_m0-frequency", "monthly")
    page.select_option("#id_m0-channel", "on_site")
    page.fill("#id_m0-distance_km", "30")
    page.fill("#id_m0-travel_minutes", minutes)
    page.select_option("#id_m0-travel_mode", "taxi")
    page.fill("#id_d1-did_today", "Kävin apteekissa taksilla.")
    page.fill("#id_d1-help_needed_text", "Lumitöissä.")
    page.click("main form button[type=submit]:below(#id_d7-wishes_text)")
    page.wait_for_load_state()


def test_staff_double_entry_flags_and_resolves_a_difference(
    live_server, new_context, axe_check, login, make_user, process, municipalities
):
    municipality = municipalities["Sotkamo"]
    services.settings_update(
        process=process, double_entry=True, by=make_user("facilitator", process=process)
    )
    participant = factories.participant(process, municipality)
    code = participant.person.code
    first = make_user("contact", process=process, municipality=municipality)
    second = make_user("contact", process=process, municipality=municipality)

    page = new_context().new_page()
    login(page, first)
    page.goto(f"{live_server.url}/staff/insight/{process.slug}/entry/")
    axe_check(page)
    page.fill("#code", code)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/entry/{code}/")
    axe_check(page)
    _enter_kit(page, live_server, process, code, "40")
    assert not Participant.objects.get(pk=participant.pk).is_returned

    page = new_context().new_page()
    login(page, second)
    _enter_kit(page, live_server, process, code, "45")
    page.wait_for_url(f"**/entry/{code}/resolve/")
    assert page.locator("table.data tbody tr").count() == 1
    axe_check(page)
    assert not Participant.objects.get(pk=participant.pk).is_returned

    page.check("input[name='map.0.travel_minutes'][value='2']")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/entry/")
    participant.refresh_from_db()
    assert participant.is_returned
    assert participant.service_uses.get().travel_minutes == 45
    assert participant.days.get(day=1).help_needed_text == "Lumitöissä."


#: The diary drafts this browser keeps in localStorage (their keys).
DEVICE_DRAFTS = "Object.keys(localStorage).filter((key) => key.startsWith('arki-diary-draft:'))"


def test_day_written_while_autosave_fails_is_kept_on_the_phone_and_restored(
    live_server, phone, axe_check, process, municipalities
):
    participant = factories.participant(process, municipalities["Kuhmo"])
    page = phone.new_page()
    _open_diary(page, live_server, participant.person.access_code)
    page.goto(f"{live_server.url}/diary/day/2/")
    assert page.evaluate(DEVICE_DRAFTS) == []
    page.route("**/diary/day/2/draft/", lambda route: route.abort())  # the network is gone
    text = "Kävin kaupassa, mutta yhteys katkesi kesken."
    page.fill("#id_did_today", text)
    page.check("input[name=help_from][value=relative]")
    page.locator("#draft-status").filter(has_text="tässä laitteessa").wait_for()
    assert not participant.days.filter(day=2).exclude(draft={}).exists()  # the server has none
    assert len(page.evaluate(DEVICE_DRAFTS)) == 1

    page.reload()  # back later: the server gives an empty day, the phone still has the text
    assert page.input_value("#id_did_today") == ""
    offer = page.locator("#local-draft")
    offer.wait_for()
    axe_check(page)
    page.unroute("**/diary/day/2/draft/")
    offer.get_by_role("button", name="Palauta teksti").click()
    assert page.input_value("#id_did_today") == text
    assert page.is_checked("input[name=help_from][value=relative]")
    page.locator("#draft-status").filter(has_text="Luonnos tallessa").wait_for()  # autosaved
    assert page.evaluate(DEVICE_DRAFTS) == []  # the server has it: gone from the phone
    assert participant.days.get(day=2).draft["did_today"] == text

    page.click("form#day-form button[type=submit]")
    page.wait_for_url("**/diary/day/3/")
    assert participant.days.get(day=2).did_today == text


def test_text_kept_after_the_session_expired_is_offered_after_log_in_and_cleared_on_leaving(
    live_server, phone, process, municipalities
):
    participant = factories.participant(process, municipalities["Kuhmo"])
    code = participant.person.access_code
    page = phone.new_page()
    _open_diary(page, live_server, code)
    page.goto(f"{live_server.url}/diary/day/5/")
    phone.clear_cookies(name="sessionid")  # the session has expired (the CSRF cookie stays)
    page.fill("#id_wishes_text", "Toivon kyytiä kirjastoon.")
    page.locator("#draft-status").filter(has_text="Istuntosi on päättynyt").wait_for()
    assert len(page.evaluate(DEVICE_DRAFTS)) == 1

    _open_diary(page, live_server, code)
    assert page.locator("[data-local-draft-tag]:visible").count() == 1  # day 5 on the week
    page.goto(f"{live_server.url}/diary/day/5/")
    page.locator("#local-draft").wait_for()
    page.click("form[action$='/leave/'] button[type=submit]")  # a shared phone: leave
    page.wait_for_load_state()
    assert page.evaluate(DEVICE_DRAFTS) == []


def test_export_job_pages_person_edit_and_expired_download_are_accessible(
    live_server, new_context, axe_check, login, make_user, process, municipalities, monkeypatch
):
    # Every export goes through the background job here, as a large one would.
    monkeypatch.setattr(files, "EXPORT_IN_REQUEST_MAX", 0)
    municipality = municipalities["Kuhmo"]
    participant = factories.participant(process, municipality)
    facilitator = make_user("facilitator", process=process)
    page = new_context().new_page()
    login(page, facilitator)

    page.goto(f"{live_server.url}/staff/insight/{process.slug}/export/maps.csv")
    axe_check(page)
    page.click("main button[type=submit]")
    page.wait_for_url("**/export/*/")
    page.wait_for_selector("a.button[href$='/download/']", timeout=15_000)
    axe_check(page)
    job = Job.objects.get(kind="insight.export")

    page.goto(f"{live_server.url}/staff/{process.slug}/people/{participant.person.code}/edit/")
    axe_check(page)

    later = timezone.now() + datetime.timedelta(days=400)
    assert [j.pk for j in job_files_purge(now=later)] == [job.pk]
    response = page.goto(
        f"{live_server.url}/staff/insight/{process.slug}/export/{job.pk}/download/"
    )
    assert response.status == 410
    axe_check(page)
