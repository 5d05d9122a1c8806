"""The workshop-3 demo reproduces the brief's results (§2.5), overall and for every persona."""

from __future__ import annotations

import pytest

from arki.core.demo import DemoContext
from arki.core.enums import Role
from arki.insight.enums import ServiceCategory
from arki.insight.models import Service

from .. import demo, selectors
from ..enums import RoundKind
from ..models import BudgetRound

pytestmark = pytest.mark.django_db

ORDER = ["health", "sports", "everyday", "culture", "transport"]
PERSONAS = {
    1: "Me-eläjät",
    2: "Rutinoituneet (Kuhmo)",
    3: "Yhteisöaktiivit",
    4: "Vähään tyytyvät",
    5: "Rutinoituneet (Sotkamo)",
}


class Ref:
    def __init__(self, pk: int, name: str) -> None:
        self.id, self.name = pk, name


@pytest.fixture
def demo_round(process, municipalities, make_person, make_user, monkeypatch):
    ctx = DemoContext(log=lambda _line: None, process=process)
    ctx.users["fasilitaattori"] = make_user(Role.FACILITATOR, process=process)
    ctx.users["suunnittelija"] = make_user(Role.PLANNING, process=process)
    people = [make_person(process, municipalities["Kuhmo"]) for _ in range(40)]
    # 35 people support one of five personas; five have none.
    mapping = {p.pk: Ref(1 + k % 5, PERSONAS[1 + k % 5]) for k, p in enumerate(people[:35])}
    monkeypatch.setattr(
        demo, "personas_of", lambda _process, ids: {i: mapping[i] for i in ids if i in mapping}
    )
    monkeypatch.setattr(
        selectors, "personas_of", lambda _process, ids: {i: mapping[i] for i in ids if i in mapping}
    )
    assert Service.objects.filter(process__isnull=True).count() > 40
    demo.load_demo(ctx)
    return BudgetRound.objects.get(workshop__process=process, kind=RoundKind.SERVICES)


def test_overall_ranking(demo_round):
    totals = selectors.round_totals(demo_round)
    assert [row.key for row in totals.category_rows] == ORDER
    values = [row.value for row in totals.category_rows]
    assert values == sorted(values, reverse=True) and len(set(values)) == len(values)
    assert demo_round.is_closed and demo_round.published_at is not None
    assert "Liikenne" in demo_round.discussion
    channels = {row.channel for row in totals.channels}
    assert channels == {"online", "tablet", "paper"}
    assert totals.gifts == 3


def test_every_persona(demo_round):
    totals = selectors.round_totals(demo_round)
    table = selectors.round_breakdowns(demo_round, totals).personas
    assert table is not None
    labels = dict(ServiceCategory.choices)
    health, sports, culture = (
        table.columns.index(str(labels[c])) for c in ("health", "sports", "culture")
    )
    for row in table.rows:
        values = [v for v, _share in row.cells]
        assert health in row.leaders, row.label  # health first for every persona
        if row.label.startswith("Me-eläjät"):
            assert values[sports] == values[health]
        if row.label.startswith(("Rutinoituneet", "Yhteisöaktiivit")):
            second = sorted(values, reverse=True)[1]
            assert values[culture] == second
            assert all(v < second for j, v in enumerate(values) if j not in (health, culture))


def test_real_budget_round_shows_the_rules_differ(demo_round):
    budget = BudgetRound.objects.get(workshop=demo_round.workshop, kind=RoundKind.PROJECTS)
    names = {str(item.pk): item.name for item in budget.items.all()}
    comparison = selectors.budget_comparison(budget, list(budget.items.all()))
    assert comparison.greedy.spent <= 60_000 and comparison.mes.spent <= 60_000
    assert not comparison.same
    assert "Lumitöiden apuringit" in {names[p] for p in comparison.only_mes}
