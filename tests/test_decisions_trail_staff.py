"""The staff decision trail: every step, unpublished ones too, and quotes only redacted."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from arki.analysis import selectors as analysis_selectors
from arki.analysis import services as analysis_services
from arki.core.enums import Role
from arki.core.services.people import role_assign
from arki.decisions import trail as trail_module
from arki.decisions.models import Action
from arki.insight.compute.masking import MASK

from .trail_fixtures import decision_chain, ensure_catalogue, persona_with_quote

pytestmark = pytest.mark.django_db

#: The diary writer's first name (analysis factories name everyone Maija Meikäläinen).
NAMED_QUOTE = "Maija soitti bussista."


@pytest.fixture
def world(process, municipalities, make_user):
    ensure_catalogue()
    kajaani = municipalities["Kajaani"]
    facilitator = make_user(Role.FACILITATOR, process=process)
    coder = make_user(Role.ANALYST, process=process)
    named = persona_with_quote(
        process, kajaani, coder, name="Nimetty Niilo", quote=NAMED_QUOTE, consented=False
    )
    draft = persona_with_quote(
        process,
        kajaani,
        coder,
        name="Luonnos Liisa",
        quote="Luonnoksen lause.",
        consented=False,
        published=False,
    )
    chain = decision_chain(process, facilitator, [named.pk, draft.pk], published=False, tag="SX")
    return {"chain": chain, "facilitator": facilitator, "named": named, "draft": draft}


def staff_page(user, process, action) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("decisions:trail", args=[process.slug, action.pk]))
    return response.status_code, response.content.decode()


def test_staff_see_the_whole_trail_with_unpublished_steps(process, world):
    status, page = staff_page(world["facilitator"], process, world["chain"].action)

    assert status == 200
    for text in (
        "Toimenpide SX",
        "Konsepti SX",
        "Perustelu SX",
        "Kilpailija SX-0",
        "Kriteeri SX-1",
        "Ryhmä SX-0",
        "Ongelma SX-1",
        "Idea SX-1-1",
        "Nimetty Niilo",
        "Luonnos Liisa",
        "Luonnoksen lause.",
    ):
        assert text in page, text
    # The facilitator may open the analysis pages: the persona links to its staff page.
    assert reverse("analysis:persona", args=[process.slug, world["named"].pk]) in page


def test_quotes_on_the_staff_trail_are_redacted_as_analysts_see_them(process, world, make_user):
    """An analyst who is also in the planning group (decisions.view) reads the quote with the
    writer's name masked by the insight TextGate, exactly as on the analysis pages."""
    planner_analyst = make_user(Role.ANALYST, process=process)
    role_assign(user=planner_analyst, role=Role.PLANNING, process=process)
    status, page = staff_page(planner_analyst, process, world["chain"].action)

    assert status == 200
    assert "Maija" not in page and NAMED_QUOTE not in page
    assert f"{MASK * len('Maija')} soitti bussista." in page
    analysts_see = analysis_selectors.quotes(world["named"].quotes.values_list("pk", flat=True))
    assert analysts_see[0]["text"] in page


def test_decision_makers_see_the_trail_but_no_link_into_the_analysis_workspace(
    process, world, make_user
):
    decider = make_user(Role.DECISION_MAKER, process=process)
    status, page = staff_page(decider, process, world["chain"].action)
    assert status == 200 and "Nimetty Niilo" in page
    assert reverse("analysis:persona", args=[process.slug, world["named"].pk]) not in page


@pytest.mark.parametrize("role", [Role.ANALYST, Role.CONTACT, Role.RESIDENT])
def test_roles_without_decisions_view_are_refused(process, world, make_user, role):
    status, page = staff_page(make_user(role, process=process), process, world["chain"].action)
    assert status == 403 and "Toimenpide SX" not in page


def test_an_action_of_another_process_is_not_found(process, world, municipalities):
    from arki.core.kainuu import PILOT_CODES
    from arki.core.models import Municipality, Region
    from arki.core.services.processes import process_create_from_template

    other = process_create_from_template(
        template="kainuu-2014-2016",
        name="Toinen",
        slug="toinen",
        region=Region.objects.get(code="20"),
        municipalities=list(Municipality.objects.filter(code__in=PILOT_CODES)),
        first_workshop_on=datetime.date(2014, 6, 12),
        is_public=True,
    )
    elsewhere = Action.objects.create(process=other, title="Muualla", level="easy_encounters")
    client = Client()
    client.force_login(world["facilitator"])
    response = client.get(reverse("decisions:trail", args=[process.slug, elsewhere.pk]))
    assert response.status_code == 404 and "Muualla" not in response.content.decode()


def test_the_analysis_persona_page_shows_what_was_decided_about_it(process, world):
    client = Client()
    client.force_login(world["facilitator"])
    named = world["named"]
    page = client.get(reverse("analysis:persona", args=[process.slug, named.pk])).content.decode()

    assert "Konsepti SX" in page and "Toimenpide SX" in page
    assert reverse("decisions:trail", args=[process.slug, world["chain"].action.pk]) in page


def test_analysts_read_the_citations_without_links_they_could_not_open(process, world, make_user):
    analyst = make_user(Role.ANALYST, process=process)
    client = Client()
    client.force_login(analyst)
    url = reverse("analysis:persona", args=[process.slug, world["named"].pk])
    page = client.get(url).content.decode()
    assert "Toimenpide SX" in page
    assert reverse("decisions:trail", args=[process.slug, world["chain"].action.pk]) not in page


def test_without_the_providing_tools_the_trail_says_what_is_missing(process, world, monkeypatch):
    """As in an installation without the analysis and budgeting tools."""
    monkeypatch.setattr(trail_module, "EVIDENCE_CAPABILITY", "personas.nobody_provides_this")
    monkeypatch.setattr(trail_module, "AREAS_CAPABILITY", "budgeting.nobody_provides_this")
    status, page = staff_page(world["facilitator"], process, world["chain"].action)

    assert status == 200 and "Ongelma SX-0" in page
    assert "Nimetty Niilo" not in page
    assert "analysis tool" in page or "analyysityökalu" in page


def test_an_unpublished_persona_becoming_published_changes_only_its_flag(process, world):
    """Staff see a draft persona marked "not publishable"; publishing it removes the mark."""
    chain, draft = world["chain"], world["draft"]
    _status, before = staff_page(world["facilitator"], process, chain.action)
    analysis_services.persona_publish(persona=draft, by=None)
    _status, after = staff_page(world["facilitator"], process, chain.action)
    marker = "Not publishable" if "Not publishable" in before else "Ei julkaistavissa"
    assert before.count(marker) == 1 and after.count(marker) == 0
