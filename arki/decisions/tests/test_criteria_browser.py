"""End to end in Chromium: 17 voters on their own phones vote on the seed's eight criteria and
the projector shows exactly the seed's table; two decision-makers score two concepts and the
decision is recorded. axe checks every kind of page on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from arki.core.enums import ActivityState, Role
from arki.core.services import live as live_services
from arki.decisions.demo_criteria import ballots
from arki.decisions.models import Decision, Score
from arki.decisions.selectors import criteria_tally

from .criteria_fixtures import SEED_TABLE, concept, open_selection, open_vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def join(context, live_server, code, label):
    page = context.new_page()
    page.goto(f"{live_server.url}/join/{code}/")
    page.fill("#id_label", label)
    page.click("main button[type=submit]")
    return page


def test_seventeen_phones_vote_and_two_decision_makers_decide(
    live_server, new_context, login, axe_check, process, make_user
):
    facilitator = make_user(Role.FACILITATOR, process=process)
    activity, criteria = open_vote(process, facilitator)
    code = activity.session.code

    projector = new_context().new_page()
    login(projector, facilitator)
    projector.goto(f"{live_server.url}/staff/sessions/{code}/projector/")
    axe_check(projector)

    for number, ballot in enumerate(ballots(), start=1):
        page = join(new_context(**PHONE), live_server, code, f"Päättäjä {number}")
        if number == 1:
            axe_check(page)
        for index, important in ballot.items():
            choice = 0 if important else 1
            page.check(f"#id_a{activity.pk}-c{criteria[index].pk}_{choice}")
        page.click("#activities form button[type=submit]")
        expect(page.locator(".hds-notification--success")).to_be_visible()
        page.context.close()

    rows = projector.locator(".criteria-table tbody tr")
    expect(rows).to_have_count(8)
    expect(
        projector.locator(".criteria-table tbody tr").first.locator("[data-important]")
    ).to_have_text("17", timeout=3_000)
    table = [
        (
            row.locator("th").inner_text().strip(),
            int(row.locator("[data-important]").inner_text()),
            int(row.locator("[data-not-important]").inner_text()),
        )
        for row in rows.all()
    ]
    assert table == SEED_TABLE

    # The facilitator picks the criteria with at least five important marks.
    desk = projector
    desk.goto(f"{live_server.url}/staff/decisions/{process.slug}/criteria/{activity.pk}/")
    axe_check(desk)
    desk.fill("#id_min_important", "5")
    desk.click("form[action$='/threshold/'] button[type=submit]")
    expect(desk.locator("[data-criterion]").filter(has_text="kyllä")).to_have_count(5)
    chosen = [c for c in criteria if c.pk in {r.pk for r in criteria_tally(activity) if r.chosen}]
    assert len(chosen) == 5
    live_services.session_close(session=activity.session, by=facilitator)

    arjen, kyla = concept(process, "Arjen pelastajat"), concept(process, "Kylätalo")
    selection, scoring = open_selection(process, facilitator, chosen, [arjen, kyla])
    for label, arjen_score, kyla_score in (("Eeva", "5", "3"), ("Tuomo", "4", "2")):
        page = join(new_context(**PHONE), live_server, scoring.session.code, label)
        for criterion in chosen:
            page.select_option(f"#id_a{scoring.pk}-s{arjen.pk}_{criterion.pk}", arjen_score)
            page.select_option(f"#id_a{scoring.pk}-s{kyla.pk}_{criterion.pk}", kyla_score)
        if label == "Eeva":
            axe_check(page)
        page.click("#activities form button[type=submit]")
        expect(page.locator(".hds-notification--success")).to_be_visible()
    assert Score.objects.count() == 2 * 2 * 5

    desk.goto(f"{live_server.url}/staff/decisions/{process.slug}/selections/{selection.pk}/")
    expect(desk.locator(".selection-totals [data-concept]").first).to_contain_text(
        "Arjen pelastajat"
    )
    expect(desk.locator(".selection-voters tbody tr")).to_have_count(2)
    axe_check(desk)
    desk.fill("#id_decided_on", "2015-03-04")
    desk.fill("#id_participants", "Maakunnan päättäjät")
    desk.fill("#id_rationale", "Paras yhteisöllisyydessä ja kohderyhmän tarpeissa")
    desk.click("form[action$='/decide/'] button[type=submit]")
    expect(desk.locator(".decision-history [data-decision]")).to_have_count(1)
    axe_check(desk)
    decision = Decision.objects.get()
    assert decision.concept == arjen
    assert scoring.state == ActivityState.OPEN


def test_the_staff_and_public_pages_of_the_demos_decision_are_accessible(
    live_server, new_context, login, axe_check, process, make_user
):
    from arki.core.demo import DemoContext
    from arki.core.services.processes import workshop_publish
    from arki.decisions.demo_criteria import load_criteria

    facilitator = make_user(Role.FACILITATOR, process=process)
    load_criteria(
        DemoContext(log=lambda _line: None, process=process, users={"fasilitaattori": facilitator})
    )
    decision = Decision.objects.get()
    workshop = decision.selection.activity.session.workshop
    workshop_publish(workshop=workshop, by=facilitator)

    resident = new_context().new_page()
    resident.goto(f"{live_server.url}/p/{process.slug}/workshops/{workshop.position}/")
    expect(resident.locator(".decision")).to_contain_text("Arjen pelastajat")
    expect(resident.locator(".decision-totals tbody tr")).to_have_count(2)
    axe_check(resident)

    desk = new_context().new_page()
    login(desk, facilitator)
    for path in ("criteria/", "selections/"):
        desk.goto(f"{live_server.url}/staff/decisions/{process.slug}/{path}")
        axe_check(desk)

    vote, _criteria = open_vote(process, facilitator, propose=True, texts=["Lähipalvelu"])
    phone = join(new_context(**PHONE), live_server, vote.session.code, "Eeva")
    phone.click(f"a[href$='/{vote.pk}/propose/']")
    axe_check(phone)
    phone.fill("#id_text", "Kestävä kehitys")
    phone.click("main form button[type=submit]")
    expect(phone.locator("#activities")).to_contain_text("Kestävä kehitys")
