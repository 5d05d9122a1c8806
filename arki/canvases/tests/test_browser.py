"""End to end in Chromium: two phones on one empathy map, a conflict, the projector, a keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from arki.core.enums import ActivityState, Role
from arki.core.services import live as live_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Participants' canvases poll every two seconds, the projector every second.
WITHIN = 2_500
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def join_table(context, live_server, code, activity, label, axe_check=None):
    page = context.new_page()
    page.goto(f"{live_server.url}/join/{code}/")
    if axe_check:
        axe_check(page)
    page.fill("#id_label", label)
    page.click("main button[type=submit]")
    page.check(f"#id_a{activity.pk}-group_0")
    if axe_check:
        axe_check(page)
    page.click("#activities form button[type=submit]")
    page.click(f"a[href$='/canvas/{code}/{activity.pk}/']")
    expect(page.locator("#canvas-cards")).to_be_visible()
    return page


def add_card(page, zone, text):
    page.select_option("#id_zone", zone)
    page.fill("#id_text", text)
    page.click("form[action$='/add/'] button[type=submit]")
    expect(page.locator(".card-text", has_text=text)).to_be_visible()


def tab_to(page, selector, limit=200):
    """Press Tab until `selector` has the focus: it is reachable with the keyboard alone."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("(element) => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def test_two_phones_conflict_projector_and_keyboard(
    live_server, new_context, login, axe_check, process, make_user
):
    facilitator = make_user(Role.FACILITATOR, process=process)
    workshop = process.workshops.order_by("position").first()
    session = live_services.session_open(workshop=workshop, by=facilitator)
    activity = live_services.activity_add(
        session=session,
        kind="canvases.empathy_map",
        title="Empatiakartta",
        config={"title": "Empatiakartta", "groups": ["Rutinoituneet", "Yhteisöaktiivit"]},
        by=facilitator,
    )
    live_services.activity_set_state(activity=activity, state=ActivityState.OPEN, by=facilitator)

    projector = new_context().new_page()
    login(projector, facilitator)
    projector.goto(f"{live_server.url}/staff/sessions/{session.code}/projector/")

    phone = join_table(new_context(**PHONE), live_server, session.code, activity, "Eeva", axe_check)
    laptop = join_table(new_context(), live_server, session.code, activity, "Tuomo")
    axe_check(phone)

    add_card(phone, "pains", "Ei jaksa hoitaa puutarhaa")
    add_card(laptop, "thinks", "Oma koti")
    # Each sees the other's card without reloading.
    expect(phone.locator(".card-text", has_text="Oma koti")).to_be_visible(timeout=WITHIN)
    expect(laptop.locator(".card-text", has_text="Ei jaksa")).to_be_visible(timeout=WITHIN)

    # Eeva opens Tuomo's card; Tuomo changes it meanwhile; Eeva's save is a conflict.
    phone.click("li.canvas-card:has-text('Oma koti') a[href$='/edit/']")
    laptop.click("li.canvas-card:has-text('Oma koti') a[href$='/edit/']")
    laptop.fill("#id_text", "Oma koti ja sen kunto")
    laptop.click("main form button[type=submit]")
    expect(laptop.locator(".card-text", has_text="Oma koti ja sen kunto")).to_be_visible()
    phone.fill("#id_text", "Oma koti, oma päätös")
    phone.click("main form button[type=submit]")
    expect(phone.locator("#conflict-theirs")).to_have_text("Oma koti ja sen kunto")
    expect(phone.locator("#conflict-mine")).to_have_text("Oma koti, oma päätös")
    axe_check(phone)

    # The projector shows both cards of the table.
    results = projector.locator("#projector-results")
    expect(results.locator(".card-text", has_text="Ei jaksa")).to_be_visible(timeout=WITHIN)
    expect(results.locator(".card-text", has_text="Oma koti ja sen kunto")).to_be_visible(
        timeout=WITHIN
    )
    axe_check(projector)

    # Kaija, keyboard only, adds two cards and moves the second up, then to another zone.
    keyboard = join_table(new_context(), live_server, session.code, activity, "Kaija")
    for text in ("Radio", "Paikallislehti"):
        tab_to(keyboard, "#id_zone")
        keyboard.keyboard.press("End")  # the last zone: gains
        keyboard.keyboard.press("Tab")
        keyboard.keyboard.type(text)
        tab_to(keyboard, "form[action$='/add/'] button[type=submit]")
        keyboard.keyboard.press("Enter")
        expect(keyboard.locator(".card-text", has_text=text)).to_be_visible()
    zone = keyboard.locator("section.canvas-zone", has=keyboard.locator("#zone-gains"))
    tab_to(keyboard, "li.canvas-card:has-text('Paikallislehti') form:has(input[value=up]) button")
    keyboard.keyboard.press("Enter")
    expect(zone.locator(".card-text")).to_have_text(["Paikallislehti", "Radio"])
    tab_to(keyboard, "li.canvas-card:has-text('Radio') select")
    keyboard.keyboard.press("Home")  # thinks and feels
    keyboard.keyboard.press("Tab")
    keyboard.keyboard.press("Enter")
    thinks = keyboard.locator("section.canvas-zone", has=keyboard.locator("#zone-thinks"))
    expect(thinks.locator(".card-text", has_text="Radio")).to_be_visible()
    axe_check(keyboard)

    # One table full screen, for the facilitator.
    canvas_pk = activity.canvases.get(group=1).pk
    projector.goto(f"{live_server.url}/staff/canvases/{process.slug}/{canvas_pk}/")
    expect(projector.locator(".card-text", has_text="Radio")).to_be_visible()
    axe_check(projector)

    # Published, it is on the workshop's public page; the list of canvases is accessible.
    projector.click("form[action$='/publish/'] button[type=submit]")
    expect(projector.locator(".hds-notification--success")).to_be_visible()
    projector.goto(f"{live_server.url}/staff/canvases/{process.slug}/")
    axe_check(projector)
    workshop.is_published = True
    workshop.save()
    public = new_context().new_page()
    public.goto(f"{live_server.url}/p/{process.slug}/workshops/{workshop.position}/")
    expect(public.locator(".canvas-public")).to_contain_text("Oma koti ja sen kunto")
    axe_check(public)
