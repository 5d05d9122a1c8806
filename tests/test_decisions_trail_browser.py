"""Issue #17's acceptance walk, last step: the public trail of an action leads to a published
persona, and the persona's card leads back (real Chromium, axe on every page).

Two versions:

* `test_public_trail_leads_to_a_published_persona_and_back` builds its own chain of
  published rows (diaries, a published persona with k supporters, a concept workshop group,
  a concept, a decision and an action) and always runs;
* `test_kainuu_demo_trail_leads_from_an_action_to_a_persona` walks the Kainuu demo as
  `arki demo --load-only` loads it (the concept workshop, the criteria vote and selection,
  and the actions included).
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_chain(process, municipalities, make_user):
    from arki.core.enums import Role

    from .trail_fixtures import (
        decision_chain,
        ensure_catalogue,
        persona_with_quote,
    )

    ensure_catalogue()
    coder = make_user(Role.ANALYST, process=process)
    facilitator = make_user(Role.FACILITATOR, process=process)
    persona = persona_with_quote(
        process,
        municipalities["Kajaani"],
        coder,
        name="Yksinäinen Eino",
        quote="Bussi ei kulje kylään.",
        consented=True,
    )
    chain = decision_chain(process, facilitator, [persona.pk], published=True, tag="BR")
    return chain, persona


def test_public_trail_leads_to_a_published_persona_and_back(
    live_server, new_context, axe_check, process, published_chain
):
    chain, _persona = published_chain
    page = new_context().new_page()
    page.goto(f"{live_server.url}/decisions/{process.slug}/trail/{chain.action.pk}/")

    assert page.locator("h1").inner_text() == "Päätöspolku: Toimenpide BR"
    for step in ("Konsepti BR", "Perustelu BR", "Kriteeri BR-0", "Ongelma BR-0", "Idea BR-0-0"):
        assert page.get_by_text(step).first.is_visible(), step
    assert page.get_by_text("“Bussi ei kulje kylään.”").is_visible()
    axe_check(page)

    page.get_by_role("link", name="Yksinäinen Eino").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Yksinäinen Eino"
    axe_check(page)

    # Forward again: the persona's card names the action decided about it.
    page.get_by_role("link", name="Toimenpide BR").click()
    page.wait_for_load_state()
    assert re.search(rf"/trail/{chain.action.pk}/$", page.url)


@pytest.mark.slow
def test_kainuu_demo_trail_leads_from_an_action_to_a_persona(
    live_server, new_context, axe_check, municipalities
):
    from django.core.management import call_command

    from arki.decisions.models import Action

    call_command("demo", "--load-only")
    # The seed's communal action; any published action of the chosen concept would do.
    action = (
        Action.objects.filter(process__slug="kainuu", is_published=True)
        .filter(title__icontains="asum")
        .first()
    ) or Action.objects.filter(process__slug="kainuu", is_published=True).first()
    assert action is not None, "the demo publishes no action"

    page = new_context().new_page()
    page.goto(f"{live_server.url}/decisions/kainuu/trail/{action.pk}/")
    assert page.locator("h1").inner_text().startswith("Päätöspolku")
    axe_check(page)

    persona_links = page.locator("#trail-personas h3 a")
    assert persona_links.count() >= 1, "the demo trail reaches no published persona"
    name = persona_links.first.inner_text()
    persona_links.first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == name
    axe_check(page)
