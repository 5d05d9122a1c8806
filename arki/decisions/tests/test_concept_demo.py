"""The concept workshop's part of the Kainuu demo: workshop 4's eight groups with the seed's
problems and ideas, and the concept Arjen pelastajat that later parts find by name."""

import pytest

from arki.core.demo import DemoContext
from arki.core.enums import Role

from .. import selectors
from ..demo_concept import CONCEPT_NAME, PROBLEMS, load_concept
from ..models import Concept, ConceptGroup, Idea, Problem
from .concept_fixtures import *  # noqa: F403  (the fixtures)


def load(process, make_user):
    ctx = DemoContext(log=lambda _m: None, process=process)
    ctx.users["fasilitaattori"] = make_user(Role.FACILITATOR, process=process)
    load_concept(ctx)


def check_funnels(process):
    groups = ConceptGroup.objects.filter(workshop__process=process)
    assert groups.count() == 8
    assert set(groups.values_list("workshop__position", flat=True)) == {4}
    for funnel in selectors.workshop_funnels(groups.first().workshop):
        assert 10 <= len(funnel.problems) <= 15
        assert len(funnel.picked) == 3
        assert all(len(p.idea_list) == 5 for p in funnel.picked)
        assert len(funnel.best_ideas) == 3
        assert all(i.implementation for i in funnel.best_ideas)
    assert set(PROBLEMS) <= set(Problem.objects.values_list("text", flat=True))
    assert not Idea.objects.filter(paper_entered=False).exists()


@pytest.mark.django_db
def test_demo_groups_come_from_personas_and_their_voucher_results(process, make_user, personas):
    load(process, make_user)

    check_funnels(process)
    first = ConceptGroup.objects.get(number=1)
    assert (first.persona_id, first.service_area) == (101, "Health services")
    concept = selectors.concepts_of_process(process).get(name=CONCEPT_NAME)
    assert concept.is_published and concept.ideas.count() >= 3
    assert {"young", "older"} == set(concept.target_groups)
    assert selectors.concept_persona_ids(concept)


@pytest.mark.django_db
def test_demo_without_persona_providers_names_the_seeds_profiles(monkeypatch, process, make_user):
    from arki.core.registry import registry

    monkeypatch.delitem(registry.tool("analysis").provides, "personas.of_process")
    load(process, make_user)

    check_funnels(process)
    assert ConceptGroup.objects.get(number=1).label == "Rutinoituneet"
    assert Concept.objects.filter(name=CONCEPT_NAME, is_published=True).exists()
