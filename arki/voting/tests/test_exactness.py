"""Arki selects exactly what pabutools selects, for every committed election and every rule
and option both implement. pabutools is run live; nothing here is a stored answer."""

from __future__ import annotations

import pytest

from arki.voting.pabulib import read_pb
from arki.voting.rules import CountOptions, count
from arki.voting.tests.conftest import DATA
from arki.voting.tests.reference import pabutools_selected

#: Elections on which pabutools' MES with Add1 finishes in a few seconds.
QUICK = [
    "Netherlands_Assen_2024",
    "Poland_Warszawa_2017_Plac_Wojska_Polskiego",
    "Poland_Wroclaw_2018_Rejon_nr_10_250",
    "Switzerland_Zurich_D10",
    "Worldwide_Mechanical_Turk_Ranking_value_money_7",
    "Worldwide_Mechanical_Turk_Utilities_8",
    "Poland_Katowice_2022_Osiedle_Witosa",
    "Poland_Krakow_2018_Stare_Miasto",
]
#: pabutools needs from 20 seconds to a quarter of an hour on these with Add1.
SLOW = [
    "France_Toulouse_2019",
    "US_Stanford_Dataset_PB_Cambridge_2019_vote_approvals",
    "Poland_Wieliczka_2023_Green_Budget",
]
LARGE = ["France_Toulouse_2024", "Poland_Warszawa_2023_Mokotow"]
ALL = QUICK + SLOW + LARGE


def _same(name: str, options: CountOptions) -> None:
    path = DATA / f"{name}.pb"
    arki = count(read_pb(path), options).selected
    assert sorted(arki) == sorted(pabutools_selected(path, options))


def _pabutools_order(name: str) -> str:
    """The greedy order pabutools' own satisfaction implies: support for cost utility
    (approval ballots), support per cost for points."""
    return "support" if read_pb(DATA / f"{name}.pb").vote_type.is_approval else "support-per-cost"


GREEDY_VARIANTS = [
    ("support", "id"),
    ("support-per-cost", "id"),
    ("support", "cost-votes-lot"),
    ("support-per-cost", "cost-votes-lot"),
]


@pytest.mark.parametrize("name", QUICK)
@pytest.mark.parametrize(("order", "ties"), GREEDY_VARIANTS)
def test_greedy(name: str, order: str, ties: str) -> None:
    _same(name, CountOptions(rule="greedy", greedy_order=order, ties=ties))


@pytest.mark.slow
@pytest.mark.parametrize("name", SLOW + LARGE)
@pytest.mark.parametrize(("order", "ties"), GREEDY_VARIANTS)
def test_greedy_slow(name: str, order: str, ties: str) -> None:
    _same(name, CountOptions(rule="greedy", greedy_order=order, ties=ties))


@pytest.mark.parametrize("name", QUICK)
@pytest.mark.parametrize("utility", ["cost", "cardinality", "points"])
def test_mes_without_completion(name: str, utility: str) -> None:
    _same(name, CountOptions(completion="none", utility=utility))


@pytest.mark.slow
@pytest.mark.parametrize("name", SLOW)
@pytest.mark.parametrize("utility", ["cost", "cardinality", "points"])
def test_mes_without_completion_slow(name: str, utility: str) -> None:
    _same(name, CountOptions(completion="none", utility=utility))


@pytest.mark.parametrize("name", QUICK)
def test_mes_greedy_completion(name: str) -> None:
    _same(name, CountOptions(completion="greedy", greedy_order=_pabutools_order(name)))


@pytest.mark.parametrize("name", QUICK)
def test_mes_add1(name: str) -> None:
    _same(name, CountOptions(completion="add1", greedy_order=_pabutools_order(name)))


@pytest.mark.parametrize("name", QUICK[:3])
def test_mes_add1_cardinality(name: str) -> None:
    _same(name, CountOptions(completion="add1", utility="cardinality"))


@pytest.mark.slow
@pytest.mark.parametrize("name", QUICK[3:])
def test_mes_add1_cardinality_slow(name: str) -> None:
    _same(
        name,
        CountOptions(completion="add1", utility="cardinality", greedy_order=_pabutools_order(name)),
    )


@pytest.mark.parametrize("name", QUICK[:4])
def test_mes_add1_equalshares_ties(name: str) -> None:
    _same(name, CountOptions(completion="add1", ties="cost-votes-lot"))


@pytest.mark.slow
@pytest.mark.parametrize("name", SLOW)
def test_mes_add1_slow(name: str) -> None:
    _same(name, CountOptions(completion="add1", greedy_order=_pabutools_order(name)))
