"""In Chromium: a participant picks an action on a phone, the facilitator's projector shows who
has not picked yet, and the public tracker shows the action (axe on every page)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from arki.core.enums import Role
from arki.core.services import live as live_services

from ..services import actions as services
from .actions_fixtures import make_action, open_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
WITHIN = 3_000


def test_a_phone_pick_the_projector_and_the_public_tracker(
    live_server, new_context, login, axe_check, process, make_user
):
    facilitator = make_user(Role.FACILITATOR, process=process)
    action = make_action(process, facilitator, title="Vapaaehtoistoiminnan koordinointi", owner="")
    services.action_publish(action=action, by=facilitator)
    live = open_activity(process, facilitator, "decisions.action_pick", 10)
    live_services.seat_join(session=live.session, label="Tuomo")

    projector = new_context().new_page()
    login(projector, facilitator)
    projector.goto(f"{live_server.url}/staff/sessions/{live.session.code}/projector/")
    waiting = projector.locator(f"#not-picked-{live.activity.pk}")
    expect(waiting).to_contain_text("Tuomo")

    phone = new_context(**PHONE).new_page()
    phone.goto(f"{live_server.url}/join/{live.session.code}/")
    axe_check(phone)
    phone.fill("#id_label", "Eeva")
    phone.click("main button[type=submit]")
    expect(waiting).to_contain_text("Eeva", timeout=WITHIN)
    axe_check(projector)
    axe_check(phone)
    phone.check(f"#id_a{live.activity.pk}-action_0")
    phone.fill(f"#id_a{live.activity.pk}-party", "SOSTE")
    phone.click("#activities form button[type=submit]")
    expect(phone.locator(f"#my-picks-{live.activity.pk}")).to_contain_text("koordinointi")
    axe_check(phone)

    expect(waiting).not_to_contain_text("Eeva", timeout=WITHIN)
    expect(waiting).to_contain_text("Tuomo")
    expect(projector.locator(f"#party-picks-{live.activity.pk}")).to_contain_text("SOSTE")

    desk = new_context().new_page()
    login(desk, facilitator)
    desk.goto(f"{live_server.url}/staff/decisions/{process.slug}/coplanning/")
    desk.click("main form button[type=submit]")
    expect(desk.locator("main")).to_contain_text("SOSTE")
    axe_check(desk)

    public = new_context().new_page()
    public.goto(f"{live_server.url}/decisions/{process.slug}/actions/")
    axe_check(public)
    public.click("text=Vapaaehtoistoiminnan koordinointi")
    expect(public.locator("#action-status")).to_be_visible()
    expect(public.locator("main")).to_contain_text("SOSTE")
    axe_check(public)
