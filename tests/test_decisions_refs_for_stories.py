"""The decisions tool offers its concepts and actions to other tools (a community reporter's
story links to them) with a public address only once they are published."""

from __future__ import annotations

import pytest
from django.urls import reverse

from arki.core.registry import registry
from arki.decisions.models import Action, Concept

pytestmark = pytest.mark.django_db


def test_only_published_concepts_and_actions_have_a_public_address(process):
    draft = Concept.objects.create(process=process, name="Luonnos")
    chosen = Concept.objects.create(process=process, name="Arjen pelastajat", is_published=True)
    hidden = Action.objects.create(process=process, title="Sisäinen", level="easy_encounters")
    shown = Action.objects.create(
        process=process, title="Kohtaamispaikka", level="easy_encounters", is_published=True
    )
    Action.objects.create(
        process=process, title="Ehdotus", level="easy_encounters", needs_review=True
    )

    concepts = {c["id"]: c for c in registry.capability("decisions.concept_refs")(process)}
    actions = {a["id"]: a for a in registry.capability("decisions.action_refs")(process)}

    assert concepts[draft.pk]["public_url"] is None
    assert concepts[chosen.pk] == {
        "id": chosen.pk,
        "title": "Arjen pelastajat",
        "public_url": reverse("decisions_public:tracker", args=[process.slug]),
    }
    assert actions[hidden.pk]["public_url"] is None
    assert actions[shown.pk]["public_url"] == reverse(
        "decisions_public:action", args=[process.slug, shown.pk]
    )
    assert set(actions) == {hidden.pk, shown.pk}  # a proposal awaiting review is not offered


def test_a_process_that_is_not_public_offers_no_public_address(process):
    process.is_public = False
    process.save(update_fields=["is_public"])
    concept = Concept.objects.create(process=process, name="Arjen pelastajat", is_published=True)
    action = Action.objects.create(
        process=process, title="Kohtaamispaikka", level="easy_encounters", is_published=True
    )

    [concept_ref] = registry.capability("decisions.concept_refs")(process)
    [action_ref] = registry.capability("decisions.action_refs")(process)

    assert concept_ref["id"] == concept.pk and concept_ref["public_url"] is None
    assert action_ref["id"] == action.pk and action_ref["public_url"] is None
