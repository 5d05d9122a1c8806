"""Budgeting reads personas through the registry and says so when no tool provides them."""

from __future__ import annotations

import pytest
from django.test import Client

from arki.core.registry import registry

from .. import selectors, services

pytestmark = pytest.mark.django_db


def results_page(process, round_, user) -> str:
    client = Client()
    client.force_login(user)
    url = f"/en/staff/budgeting/{process.slug}/rounds/{round_.pk}/results/"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_personas_come_from_the_capability_the_analysis_manifest_provides():
    provided = registry.tool("analysis").provides[selectors.PERSONAS_CAPABILITY]

    assert registry.capability(selectors.PERSONAS_CAPABILITY) is provided
    assert provided.__module__ == "arki.analysis.selectors"
    assert registry.providers(selectors.PERSONAS_CAPABILITY) == ["analysis"]


def test_without_a_persona_provider_the_results_page_says_analysis_is_needed(
    monkeypatch, process, live_round, facilitator
):
    round_, _session, _activity = live_round
    with_analysis = results_page(process, round_, facilitator)
    assert "need the analysis tool" not in with_analysis
    assert "No personas published yet" in with_analysis

    # As in an installation without the analysis tool: nobody provides the capability.
    monkeypatch.setattr(selectors, "PERSONAS_CAPABILITY", "personas.nobody_provides_this")
    page = results_page(process, round_, facilitator)

    assert "Results by persona need the analysis tool" in page
    assert "No personas published yet" not in page
    assert selectors.personas_of(process, [1, 2]) is None


class _Persona:
    def __init__(self, id: int, name: str):
        self.id, self.name, self.publishable = id, name, True


def test_areas_by_persona_sums_each_personas_vouchers_per_area_most_budgeted_first(
    monkeypatch, process, live_round, items, make_person, municipalities
):
    """The `budgeting.areas_by_persona` capability the concept workshop suggests each group's
    service area from: the persona cross table's rows, most budgeted area first."""
    from .factories import BUS, HEALTH_CENTRE, LIBRARY, join

    provided = registry.capability("budgeting.areas_by_persona")
    assert provided is selectors.areas_by_persona
    round_, session, _activity = live_round
    people = [make_person(process, municipalities["Kajaani"]) for _ in range(4)]
    ballots = [
        {HEALTH_CENTRE: 6, LIBRARY: 4},
        {HEALTH_CENTRE: 2, BUS: 8},
        {LIBRARY: 10},
        {BUS: 10},  # a person with no published persona: left out
    ]
    for person, ballot in zip(people, ballots, strict=True):
        services.ballot_cast(
            round_=round_,
            seat=join(session, person=person),
            allocations={items[name].pk: vouchers for name, vouchers in ballot.items()},
        )
    young, old = _Persona(7, "Nuoret"), _Persona(8, "Ikääntyneet")
    monkeypatch.setattr(
        selectors,
        "personas_of",
        lambda process, ids: {people[0].pk: young, people[1].pk: young, people[2].pk: old},
    )

    result = provided(process)

    assert set(result) == {7, 8}
    # young: health 8, transport 8, culture 4 (ties by label); old: culture 10
    assert [vouchers for _area, vouchers in result[7]] == [8, 8, 4]
    assert [vouchers for _area, vouchers in result[8]] == [10]
    assert result[8][0][0] == result[7][2][0]  # the same area label (culture)


def test_without_personas_areas_by_persona_is_empty(monkeypatch, process, live_round):
    monkeypatch.setattr(selectors, "PERSONAS_CAPABILITY", "personas.nobody_provides_this")
    assert selectors.areas_by_persona(process) == {}
