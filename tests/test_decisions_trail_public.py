"""The public decision trail shows only what is published and publishable.

Tested on the page's content: no unpublished concept, decision or candidate, no persona
below k or unpublished, and no quote whose writer did not consent to publishing quotes.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arki.analysis.enums import PersonaStatus
from arki.analysis.models import Persona
from arki.core.enums import ConsentPurpose, Role
from arki.core.models import Consent, Process
from arki.decisions.models import Action, Concept, Decision

from .trail_fixtures import decision_chain, ensure_catalogue, persona_with_quote

pytestmark = pytest.mark.django_db

CONSENTED = "Bussi ei kulje kylään."
UNCONSENTED = "Kauppa on liian kaukana."
DRAFT_QUOTE = "Luonnoksen lause on tässä."
RARE_QUOTE = "Harvinainen lause on tässä."


@pytest.fixture
def world(process, municipalities, make_user):
    """Four personas on one action's trail: published with a consented quote, published with
    an unconsented one, a draft, and a published one whose supporters fell below k."""
    ensure_catalogue()
    kajaani = municipalities["Kajaani"]
    facilitator = make_user(Role.FACILITATOR, process=process)
    coder = make_user(Role.ANALYST, process=process)

    def persona(name, quote, **flags):
        return persona_with_quote(process, kajaani, coder, name=name, quote=quote, **flags)

    personas = {
        "eino": persona("Yksinäinen Eino", CONSENTED, consented=True),
        "kaisa": persona("Kiireinen Kaisa", UNCONSENTED, consented=False),
        "liisa": persona("Luonnos Liisa", DRAFT_QUOTE, consented=True, published=False),
        "heikki": persona("Harvinainen Heikki", RARE_QUOTE, consented=True, supporters=2),
    }
    chain = decision_chain(
        process, facilitator, [p.pk for p in personas.values()], published=True, tag="AX"
    )
    return {"chain": chain, "personas": personas, "facilitator": facilitator}


def public_page(process: Process, action: Action) -> tuple[int, str]:
    response = Client().get(reverse("decisions_public:trail", args=[process.slug, action.pk]))
    return response.status_code, response.content.decode()


def test_public_trail_walks_back_to_published_personas_and_consented_quotes(process, world):
    chain = world["chain"]
    status, page = public_page(process, chain.action)

    assert status == 200
    for text in (
        "Toimenpide AX",
        "Kuvaus AX",
        "Konsepti AX",
        "Tavoite AX",
        "Perustelu AX",
        "Päättäjät AX",
        "Kriteeri AX-0",  # chosen, in the scores and the vote
        "Kriteeri AX-1",  # not chosen: still in the vote's table
        "Ongelma AX-0",
        "Idea AX-0-0",
        "Yksinäinen Eino",
        CONSENTED,
        "Kiireinen Kaisa",
    ):
        assert text in page, text
    eino = world["personas"]["eino"]
    assert reverse("analysis_public:card", args=[process.slug, eino.pk]) in page


def test_public_trail_names_the_selection_in_the_page_language(process, world):
    chain = world["chain"]
    chain.selection.title_sv = "Urval AX"
    chain.selection.save()
    with translation.override("fi"):
        url = reverse("decisions_public:trail", args=[process.slug, chain.action.pk])

    swedish = Client().get(f"/sv{url}").content.decode()
    assert "Average scores" not in swedish  # the page is in Swedish
    assert "Urval AX" in swedish and "Valinta AX" not in swedish
    english = Client().get(f"/en{url}").content.decode()
    assert 'Average scores in “<span lang="fi">Valinta AX</span>”' in english


def test_public_trail_leaves_out_everything_unpublished_or_unconsented(process, world):
    chain = world["chain"]
    _status, page = public_page(process, chain.action)

    # A quote of a published persona whose writer did not consent; personas not published or
    # below k (name and quotes); the unpublished rival concept; the groups' own labels.
    for text in (
        UNCONSENTED,
        "Luonnos Liisa",
        DRAFT_QUOTE,
        "Harvinainen Heikki",
        RARE_QUOTE,
        "Kilpailija AX-0",
        "Ryhmä AX-",
    ):
        assert text not in page, text
    assert "1 other candidate is not published" in page or "1 muu ehdokas" in page


def test_an_unpublished_action_or_a_private_process_has_no_public_trail(process, world):
    chain = world["chain"]
    Action.objects.filter(pk=chain.action.pk).update(is_published=False)
    status, page = public_page(process, chain.action)
    assert status == 404 and "Toimenpide AX" not in page

    Action.objects.filter(pk=chain.action.pk).update(is_published=True)
    Process.objects.filter(pk=process.pk).update(is_public=False)
    assert public_page(process, chain.action)[0] == 404


def test_an_unpublished_concept_hides_everything_behind_it(process, world):
    chain = world["chain"]
    Concept.objects.filter(pk=chain.concept.pk).update(is_published=False)
    status, page = public_page(process, chain.action)

    assert status == 200 and "Toimenpide AX" in page
    for text in ("Konsepti AX", "Tavoite AX", "Ongelma AX-0", "Idea AX-0-0", "Yksinäinen Eino"):
        assert text not in page, text
    assert "has not been published yet" in page or "ei ole vielä julkaistu" in page


def test_an_unpublished_decision_hides_its_record_and_scores(process, world):
    chain = world["chain"]
    Decision.objects.filter(pk=chain.decision.pk).update(is_published=False)
    _status, page = public_page(process, chain.action)

    for text in ("Perustelu AX", "Päättäjät AX", "Kriteeri AX-0", "Valinta AX"):
        assert text not in page, text
    # The concept is published: its ideas and the personas behind them still show.
    assert "Konsepti AX" in page and "Yksinäinen Eino" in page and CONSENTED in page


def test_a_superseding_decision_is_named_only_once_published(process, world):
    chain = world["chain"]
    rival = chain.others[0]
    later = Decision.objects.create(
        process=process,
        concept=rival,
        decided_on=datetime.date(2016, 1, 1),
        participants="Uudet päättäjät",
        rationale="Uusi perustelu",
        supersedes=chain.decision,
        is_published=False,
    )
    _status, page = public_page(process, chain.action)
    assert "Kilpailija AX-0" not in page and "Superseded" not in page

    Decision.objects.filter(pk=later.pk).update(is_published=True)
    Concept.objects.filter(pk=rival.pk).update(is_published=True)
    _status, page = public_page(process, chain.action)
    assert "Kilpailija AX-0" in page


def test_withdrawn_consent_takes_the_quote_off_the_public_trail(process, world):
    chain = world["chain"]
    eino = world["personas"]["eino"]
    Consent.objects.filter(purpose=ConsentPurpose.QUOTES, person__in=eino.supporters.all()).update(
        withdrawn_on=datetime.date(2015, 1, 1)
    )
    _status, page = public_page(process, chain.action)
    assert "Yksinäinen Eino" in page and CONSENTED not in page


def test_public_persona_card_links_forward_to_published_actions_only(process, world):
    chain = world["chain"]
    eino, kaisa = world["personas"]["eino"], world["personas"]["kaisa"]
    card = Client().get(reverse("analysis_public:card", args=[process.slug, eino.pk]))
    content = card.content.decode()
    assert "Toimenpide AX" in content
    assert reverse("decisions_public:trail", args=[process.slug, chain.action.pk]) in content
    assert CONSENTED in content

    # The public card, too, keeps quotes without consent off the page.
    kaisa_card = Client().get(reverse("analysis_public:card", args=[process.slug, kaisa.pk]))
    assert UNCONSENTED not in kaisa_card.content.decode()

    Action.objects.filter(pk=chain.action.pk).update(is_published=False)
    Decision.objects.filter(pk=chain.decision.pk).update(is_published=False)
    content = Client().get(reverse("analysis_public:card", args=[process.slug, eino.pk]))
    text = content.content.decode()
    assert "Toimenpide AX" not in text and "Perustelu AX" not in text


FLAGS = st.fixed_dictionaries(
    {
        "concept": st.booleans(),
        "decision": st.booleans(),
        "rival": st.booleans(),
        "eino": st.sampled_from([PersonaStatus.PUBLISHED, PersonaStatus.DRAFT]),
        "liisa": st.sampled_from([PersonaStatus.PUBLISHED, PersonaStatus.DRAFT]),
        "eino_consent": st.booleans(),
    }
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(flags=FLAGS)
def test_the_public_trail_never_shows_an_unpublished_objects_text(process, world, flags):
    """Whatever is published or not, no text of an unpublished concept, decision, rival
    concept or persona, and no quote without an active consent, reaches the public page."""
    chain, personas = world["chain"], world["personas"]
    Concept.objects.filter(pk=chain.concept.pk).update(is_published=flags["concept"])
    Concept.objects.filter(pk=chain.others[0].pk).update(is_published=flags["rival"])
    Decision.objects.filter(pk=chain.decision.pk).update(is_published=flags["decision"])
    for key in ("eino", "liisa"):
        Persona.objects.filter(pk=personas[key].pk).update(status=flags[key])
    Consent.objects.filter(
        purpose=ConsentPurpose.QUOTES, person__in=personas["eino"].supporters.all()
    ).update(withdrawn_on=None if flags["eino_consent"] else datetime.date(2015, 1, 1))

    status, page = public_page(process, chain.action)

    assert status == 200 and "Toimenpide AX" in page
    hidden = [UNCONSENTED, RARE_QUOTE, "Harvinainen Heikki", "Ryhmä AX-"]
    if not flags["concept"]:
        hidden += ["Konsepti AX", "Tavoite AX", "Ongelma AX-", "Idea AX-", "Yksinäinen Eino"]
    if not flags["decision"] or not flags["concept"]:
        hidden += ["Perustelu AX", "Päättäjät AX", "Valinta AX"]
    if not flags["rival"]:
        hidden += ["Kilpailija AX-0"]
    if flags["eino"] != PersonaStatus.PUBLISHED:
        hidden += ["Yksinäinen Eino", CONSENTED]
    if flags["liisa"] != PersonaStatus.PUBLISHED:
        hidden += ["Luonnos Liisa", DRAFT_QUOTE]
    if not flags["eino_consent"]:
        hidden += [CONSENTED]
    for text in hidden:
        assert text not in page, (text, flags)
    if flags["concept"] and flags["eino"] == PersonaStatus.PUBLISHED and flags["eino_consent"]:
        assert CONSENTED in page
