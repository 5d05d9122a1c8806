"""In real Chromium: a facilitator sets up a process outside Kainuu. Choosing the region lists
only its municipalities among the 308 shipped with Arki; axe-core checks the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from arki.core.enums import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_a_region_lists_only_its_municipalities(
    live_server, new_context, login, axe_check, make_user, process
):
    from arki.core.classification import read_shipped_classification
    from arki.core.models import Process, Region
    from arki.core.services.places import classification_load

    # Transactional tests start from a flushed database: put the shipped places back.
    classification_load(classification=read_shipped_classification())
    lapland = Region.objects.get(code="21")
    facilitator = make_user(Role.FACILITATOR, process=process)
    page = new_context().new_page()
    login(page, facilitator)

    page.goto(f"{live_server.url}/staff/new/")
    groups = page.locator("#id_municipalities fieldset[data-region]")
    expect(groups).to_have_count(23)
    expect(page.locator("#id_municipalities fieldset[data-region]:visible")).to_have_count(23)
    axe_check(page)

    page.select_option("#id_region", label=str(lapland))
    visible = page.locator("#id_municipalities fieldset[data-region]:visible")
    expect(visible).to_have_count(1)
    expect(visible.locator("legend")).to_have_text("Lapin hyvinvointialue")
    expect(visible.locator("input[type=checkbox]")).to_have_count(21)

    page.select_option("#id_template", "blank")
    page.fill("#id_name", "Inarin lähipalvelut")
    page.fill("#id_slug", "inari")
    visible.get_by_label("Inari", exact=True).check()
    visible.get_by_label("Utsjoki", exact=True).check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Inarin lähipalvelut")

    created = Process.objects.get(slug="inari")
    assert created.region == lapland
    assert sorted(created.municipalities.values_list("code", flat=True)) == ["148", "890"]

    # Back to all regions: every region's municipalities are listed again.
    page.goto(f"{live_server.url}/staff/new/")
    page.select_option("#id_region", label=str(lapland))
    page.select_option("#id_region", index=0)
    expect(page.locator("#id_municipalities fieldset[data-region]:visible")).to_have_count(23)
