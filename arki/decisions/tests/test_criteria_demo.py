"""The demo's criteria vote has exactly the seed's table and ends in the published decision
for Arjen pelastajat, all entered through the services."""

from __future__ import annotations

import pytest

from arki.core.demo import DemoContext
from arki.core.enums import Role
from arki.core.models import SessionActivity
from arki.core.registry import registry
from arki.decisions import selectors
from arki.decisions.demo_criteria import load_criteria
from arki.decisions.models import Decision

from .criteria_fixtures import SEED_TABLE

pytestmark = pytest.mark.django_db


def test_the_demo_votes_the_seeds_table_and_publishes_the_decision(process, make_user):
    facilitator = make_user(Role.FACILITATOR, process=process)
    load_criteria(
        DemoContext(log=lambda _line: None, process=process, users={"fasilitaattori": facilitator})
    )

    vote = SessionActivity.objects.get(kind="decisions.criteria_vote")
    rows = selectors.criteria_tally(vote)
    assert [(r.text, r.important, r.not_important) for r in rows] == SEED_TABLE
    assert selectors.criteria_voters(vote) == 17
    assert vote.session.workshop.position == 5
    chosen = registry.capability("decisions.chosen_criteria")(process)
    assert [(text, yes, no) for _pk, text, yes, no in chosen] == SEED_TABLE[:5]

    decision = Decision.objects.get()
    assert decision.concept.name == "Arjen pelastajat"
    assert decision.is_published
    assert decision.selection.activity.session.workshop.position == 6
    totals = selectors.decision_scores(decision)["totals"]
    assert totals[0]["concept"] == decision.concept and totals[0]["chosen"]
