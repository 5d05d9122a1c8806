"""The process's staff pages for sittings, groups and news in real Chromium, axe on every page
(also with a form's errors shown): a facilitator adds, edits and removes a sitting, adds and
removes a group member, and writes, previews and publishes a news item that residents then
read. A cross-app test (the core's pages and the public website's news), so it lives here;
one browser context for all of them keeps the browser suite short."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from arki.core.enums import Role
from arki.core.models import GroupMember, Sitting
from arki.site.models import NewsPost

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def save(page, name="Save"):
    page.locator("main form").get_by_role("button", name=name).click()


def error_summary_is_shown(page, axe_check):
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    axe_check(page)


def test_sittings_groups_and_news_staff_pages_are_accessible(
    live_server, new_context, login, axe_check, process, make_user
):
    page = new_context().new_page()
    login(page, make_user(Role.FACILITATOR, process=process))
    base = f"{live_server.url}/en/staff"
    slug = process.slug

    # Sittings: from the workshop page, add (an error first), edit and remove one.
    page.goto(f"{base}/{slug}/workshops/2/")
    page.get_by_role("link", name="Add a sitting").click()
    axe_check(page)
    save(page)
    error_summary_is_shown(page, axe_check)
    page.select_option("#id_municipality", label="Kuhmo")
    page.fill("#id_place", "Kuhmon kirjasto")
    page.fill("#id_starts_at", "2014-09-08T17:00")
    save(page)
    row = page.locator("tbody tr", has_text="Kuhmon kirjasto")
    expect(row).to_contain_text("8.9.2014 17:00")
    axe_check(page)
    row.get_by_role("link", name="Edit").click()
    axe_check(page)
    page.fill("#id_place", "Kuhmo-talo")
    save(page)
    row = page.locator("tbody tr", has_text="Kuhmo-talo")
    row.get_by_role("link", name="Remove").click()
    axe_check(page)
    save(page, "Remove")
    expect(page.get_by_text("Kuhmo-talo")).to_have_count(0)
    assert not Sitting.objects.exists()

    # Groups and contact persons: add a member (an error first), then remove them.
    page.goto(f"{base}/{slug}/groups/")
    axe_check(page)
    page.get_by_role("link", name="Add a member").click()
    axe_check(page)
    save(page)
    error_summary_is_shown(page, axe_check)
    page.select_option("#id_group", "planning")
    page.fill("#id_name", "Anna Kajaanilainen")
    page.fill("#id_organisation", "Kajaanin kaupunki")
    page.select_option("#id_municipality", label="Kajaani")
    page.check("#id_is_contact_person")
    save(page)
    row = page.locator("tbody tr", has_text="Anna Kajaanilainen")
    expect(row).to_contain_text("Contact person")
    axe_check(page)
    row.get_by_role("link", name="Edit").click()
    axe_check(page)
    page.goto(f"{base}/{slug}/groups/")
    page.locator("tbody tr", has_text="Anna Kajaanilainen").get_by_role(
        "link", name="Remove"
    ).click()
    axe_check(page)
    save(page, "Remove")
    expect(page.get_by_text("Anna Kajaanilainen")).to_have_count(0)
    assert not GroupMember.objects.exists()

    # News: write (an error first), preview, publish; residents then read it.
    page.goto(f"{base}/news/{slug}/")
    axe_check(page)
    page.get_by_role("link", name="Write a news item").click()
    axe_check(page)
    page.fill("#id_published_at", "")
    save(page, "Save and preview")
    error_summary_is_shown(page, axe_check)
    page.fill("#id_title", "Kuhmon tilaisuus siirtyy")
    page.fill("#id_body", "Tilaisuus pidetään viikkoa myöhemmin.")
    page.fill("#id_title_sv", "Mötet i Kuhmo flyttas")
    page.fill("#id_published_at", "2014-06-01T12:00")
    save(page, "Save and preview")
    expect(page.locator("h1")).to_have_text("Preview: Kuhmon tilaisuus siirtyy")
    expect(page.locator("main")).to_contain_text("Draft: not on the website.")
    axe_check(page)
    page.locator("main").get_by_role("link", name="Publish").click()
    axe_check(page)
    save(page, "Publish")
    row = page.locator("tbody tr", has_text="Kuhmon tilaisuus siirtyy")
    expect(row).to_contain_text("On the website")
    axe_check(page)
    assert NewsPost.objects.get().is_published

    resident = new_context().new_page()
    resident.goto(f"{live_server.url}/p/{slug}/news/")
    expect(resident.locator("main")).to_contain_text("Kuhmon tilaisuus siirtyy")
