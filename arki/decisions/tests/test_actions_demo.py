"""The demo's actions, user testing and co-planning load through the services."""

from __future__ import annotations

import pytest

from arki.core.demo import DemoContext
from arki.core.enums import Role

from ..demo_actions import load_actions
from ..enums import ActionLevel
from ..models import Action, ActionPick, Feedback
from ..selectors import actions_without_owner, published_actions

pytestmark = pytest.mark.django_db


def test_the_demo_has_actions_at_three_levels_testing_and_picks(process, make_user):
    ctx = DemoContext(log=lambda _text: None, process=process)
    ctx.users["fasilitaattori"] = make_user(Role.FACILITATOR, process=process)
    load_actions(ctx)

    published = published_actions(process)
    assert {a.level for a in published} == set(ActionLevel.values)
    housing = next(a for a in published if a.title == "Uudet asumisjärjestelyt")
    assert housing.title_en == "New housing arrangements" and housing.is_published
    assert [n.text for n in housing.published_notes] == ["Kunnat kartoittavat sopivia asuntoja."]
    groups = set(Feedback.objects.values_list("tester_group", flat=True))
    assert groups == {"young", "older", "public", "ngo"}
    assert Feedback.objects.filter(paper_entered=True).count() == 1
    assert ActionPick.objects.count() == 7
    assert Action.objects.get(title="Vapaaehtoistoiminnan koordinointi").owner == "SOSTE"
    unowned = {a.title for a in actions_without_owner(process)}
    assert "Kylätalot nuorten ja ikäihmisten kohtaamispaikoiksi" in unowned
