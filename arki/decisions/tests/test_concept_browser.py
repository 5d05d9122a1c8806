"""End to end in Chromium: a table goes from 15 problems to 3 picked with dots, to 5 ideas for
each, to the best idea and how to implement it, and the projector shows it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from arki.core.enums import ActivityState, Role
from arki.core.services import live as live_services

from ..services import concept as services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The projector polls every second.
WITHIN = 3_000
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def choose_table(page, activity, number_index=0):
    """On the workshop page, sit at the table of one stage and open the table's sheet."""
    section = page.locator(f"section[aria-labelledby='activity-{activity.pk}']")
    section.locator(f"#id_a{activity.pk}-group_{number_index}").check()
    section.locator("button[type=submit]").click()
    page.locator(f"a[href*='/decisions/table/'][href$='/{activity.pk}/']").first.click()
    expect(page.locator("h1")).to_contain_text("Rutinoituneet")


def test_a_table_goes_from_fifteen_problems_to_the_best_ideas_on_the_projector(
    live_server, new_context, login, axe_check, process, make_user
):
    facilitator = make_user(Role.FACILITATOR, process=process)
    workshop = process.workshops.get(position=4)
    services.group_create(
        workshop=workshop, number=1, label="Rutinoituneet", service_area="Terveys", by=facilitator
    )
    services.group_create(workshop=workshop, number=2, label="Me-eläjät", by=facilitator)
    session = live_services.session_open(workshop=workshop, by=facilitator)
    stages = []
    for key, title in ((services.PROBLEMS_KEY, "Ongelmat"), (services.IDEAS_KEY, "Ideat")):
        activity = live_services.activity_add(
            session=session, kind=key, title=title, config={"title": title}, by=facilitator
        )
        live_services.activity_set_state(
            activity=activity, state=ActivityState.OPEN, by=facilitator
        )
        stages.append(activity)
    problems_stage, ideas_stage = stages

    projector = new_context().new_page()
    login(projector, facilitator)
    projector.goto(f"{live_server.url}/staff/sessions/{session.code}/projector/")

    phone = new_context(**PHONE).new_page()
    phone.goto(f"{live_server.url}/join/{session.code}/")
    phone.fill("#id_label", "Eeva")
    phone.click("main button[type=submit]")
    axe_check(phone)
    choose_table(phone, problems_stage)
    axe_check(phone)

    # Fifteen problems; then the form is gone (a sixteenth is refused by the service too).
    for i in range(1, 16):
        phone.fill("#id_text", f"Ongelma {i}")
        phone.click("form[action$='/problems/'] button[type=submit]")
        expect(phone.locator(".problem-text", has_text=f"Ongelma {i}").first).to_be_visible()
    expect(phone.locator("#id_text")).to_have_count(0)

    # Three dots on problems 2, 5 and 9, then the three with the most dots are picked.
    for i in (2, 5, 9):
        item = phone.locator(
            "ol.concept-problems > li", has=phone.get_by_text(f"Ongelma {i}", exact=True)
        )
        item.locator("button").click()
        expect(item.locator(".tag")).to_contain_text("1")
    phone.click("form[action$='/pick/'] button[type=submit]")
    expect(phone.locator("#pick-title + ol > li")).to_have_text(
        ["Ongelma 2", "Ongelma 5", "Ongelma 9"]
    )
    axe_check(phone)

    # The ideas stage: five ideas for each picked problem, the best one and how to do it.
    phone.click(f"main a[href$='/live/{session.code}/']")
    choose_table(phone, ideas_stage)
    for problem in ("Ongelma 2", "Ongelma 5", "Ongelma 9"):
        section = phone.locator("section.card", has=phone.locator("h2", has_text=problem))
        for i in range(1, 6):
            section.locator("input[name=text]").fill(f"{problem}: idea {i}")
            section.locator("form[action$='/ideas/'] button[type=submit]").click()
            section = phone.locator("section.card", has=phone.locator("h2", has_text=problem))
            expect(section.locator(".idea-text", has_text=f"idea {i}")).to_be_visible()
        expect(section.locator("form[action$='/ideas/']")).to_have_count(0)
        section.locator("li", has_text="idea 3").locator("form[action$='/best/'] button").click()
        section = phone.locator("section.card", has=phone.locator("h2", has_text=problem))
        section.locator("textarea[name=text]").fill(f"Näin toteutetaan: {problem}")
        section.locator("form[action$='/how/'] button[type=submit]").click()
    axe_check(phone)

    # The projector shows the table's three problems with their best ideas.
    results = projector.locator("#projector-results")
    for problem in ("Ongelma 2", "Ongelma 5", "Ongelma 9"):
        best = results.locator("li.best", has_text=f"{problem}: idea 3").first
        expect(best).to_be_visible(timeout=WITHIN)
        expect(best).to_contain_text(f"Näin toteutetaan: {problem}")
    axe_check(projector)

    # Staff: the groups, the table's page and its paper entry, then a concept gathering the
    # table's best ideas (the Finnish interface: fields are found by their names).
    group = workshop.concept_groups.get(number=1)
    staff = projector
    for path in (
        f"/staff/decisions/{process.slug}/concept-workshop/4/",
        f"/staff/decisions/{process.slug}/groups/{group.pk}/",
        f"/staff/decisions/{process.slug}/groups/{group.pk}/paper/",
        f"/staff/decisions/{process.slug}/concepts/",
    ):
        staff.goto(live_server.url + path)
        axe_check(staff)
    staff.goto(f"{live_server.url}/staff/decisions/{process.slug}/concepts/new/")
    axe_check(staff)
    staff.fill("input[name=name]", "Arjen pelastajat")
    staff.check("input[name=target_groups][value=young]")
    for box in staff.locator("input[name=ideas]").all():
        box.check()
    staff.click("main form:has(input[name=name]) button[type=submit]")
    expect(staff.locator("h1")).to_have_text("Arjen pelastajat")
    for problem in ("Ongelma 2", "Ongelma 5", "Ongelma 9"):
        expect(staff.locator("#answers-title + ul")).to_contain_text(problem)
    axe_check(staff)
