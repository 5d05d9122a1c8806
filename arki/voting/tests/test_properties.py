"""Property tests on generated small elections (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arki.voting.fairness import ejr_up_to_one_violation, is_exhaustive, is_feasible
from arki.voting.model import Ballot, Election, Project
from arki.voting.rules import CountOptions, count
from arki.voting.tests.reference import pabutools_selected

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def approval_elections(draw, max_projects: int = 6, max_voters: int = 9):  # type: ignore[no-untyped-def]
    m = draw(st.integers(1, max_projects))
    costs = draw(st.lists(st.integers(1, 12), min_size=m, max_size=m))
    budget = draw(st.integers(1, 40))
    ballots = draw(
        st.lists(
            st.lists(st.integers(0, m - 1), unique=True, max_size=m),
            min_size=1,
            max_size=max_voters,
        )
    )
    projects = [Project(str(j + 1), c) for j, c in enumerate(costs)]
    return Election.from_ballots(projects, budget, "approval", [Ballot(tuple(b)) for b in ballots])


@st.composite
def cumulative_elections(draw):  # type: ignore[no-untyped-def]
    m = draw(st.integers(1, 5))
    costs = draw(st.lists(st.integers(1, 12), min_size=m, max_size=m))
    budget = draw(st.integers(1, 40))
    # non-empty ballots: pabutools cannot read an empty points cell
    voters = draw(
        st.lists(
            st.dictionaries(st.integers(0, m - 1), st.integers(1, 4), min_size=1, max_size=m),
            min_size=1,
            max_size=8,
        )
    )
    projects = [Project(str(j + 1), c) for j, c in enumerate(costs)]
    ballots = [Ballot(tuple(v), tuple(v.values())) for v in voters]
    return Election.from_ballots(projects, budget, "cumulative", ballots)


OPTION_SETS = [
    CountOptions(rule="greedy"),
    CountOptions(rule="greedy", greedy_order="support-per-cost", ties="cost-votes-lot"),
    CountOptions(completion="none"),
    CountOptions(completion="add1"),
    CountOptions(completion="add1-until-overspend", endowment="floor"),
    CountOptions(completion="add1", utility="cardinality", ties="cost-votes-lot"),
]
#: pabutools has neither the until-overspend variant nor a rounded-down endowment.
PABUTOOLS_OPTION_SETS = [o for o in OPTION_SETS if o.completion != "add1-until-overspend"]


@SETTINGS
@given(approval_elections(), st.sampled_from(OPTION_SETS))
def test_budget_is_never_exceeded(election: Election, options: CountOptions) -> None:
    outcome = count(election, options)
    assert is_feasible(election, outcome.selected)
    assert outcome.spent <= election.budget


@SETTINGS
@given(approval_elections(), st.sampled_from(["cost", "cardinality"]))
def test_mes_satisfies_ejr_up_to_one(election: Election, utility: str) -> None:
    outcome = count(election, CountOptions(completion="none", utility=utility))  # type: ignore[arg-type]
    assert ejr_up_to_one_violation(election, outcome.selected, utility) is None  # type: ignore[arg-type]


@SETTINGS
@given(approval_elections(), st.sampled_from(OPTION_SETS), st.randoms(use_true_random=False))
def test_permuting_voters_changes_nothing(election: Election, options: CountOptions, rnd) -> None:  # type: ignore[no-untyped-def]
    individual = [
        b for b, n in zip(election.ballots, election.counts, strict=True) for _ in range(n)
    ]
    rnd.shuffle(individual)
    shuffled = Election.from_ballots(election.projects, election.budget, "approval", individual)
    assert count(shuffled, options).selected == count(election, options).selected


@SETTINGS
@given(approval_elections(), st.sampled_from(PABUTOOLS_OPTION_SETS))
def test_arki_equals_pabutools_approval(election: Election, options: CountOptions) -> None:
    assert sorted(count(election, options).selected) == sorted(
        pabutools_selected(election, options)
    )


@SETTINGS
@given(cumulative_elections(), st.sampled_from(PABUTOOLS_OPTION_SETS))
def test_arki_equals_pabutools_cumulative(election: Election, options: CountOptions) -> None:
    assert sorted(count(election, options).selected) == sorted(
        pabutools_selected(election, options)
    )


@SETTINGS
@given(approval_elections())
def test_greedy_completion_is_exhaustive(election: Election) -> None:
    outcome = count(election, CountOptions(completion="greedy"))
    assert is_exhaustive(election, outcome.selected)
