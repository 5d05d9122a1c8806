"""Fairness checks on an outcome, for tests and for explaining results in the UI.

All checks use exact arithmetic on the election's own numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from arki.voting.model import Election, Number
from arki.voting.rules.options import Utility
from arki.voting.rules.profile import ballot_utilities

#: Brute-force EJR looks at every subset of projects; beyond this it is refused.
EJR_MAX_PROJECTS = 12


def _indices(election: Election, selected: Iterable[str]) -> set[int]:
    index = election.index_of()
    return {index[pid] for pid in selected}


def is_feasible(election: Election, selected: Iterable[str]) -> bool:
    """The selected projects cost no more than the budget."""
    return sum(election.projects[j].cost for j in _indices(election, selected)) <= election.budget


def is_exhaustive(election: Election, selected: Iterable[str]) -> bool:
    """No unselected project would still fit in the money left over."""
    chosen = _indices(election, selected)
    left = election.budget - sum(election.projects[j].cost for j in chosen)
    return all(p.cost > left for j, p in enumerate(election.projects) if j not in chosen)


@dataclass(frozen=True)
class EjrViolation:
    """A cohesive group (distinct-ballot indices) and the projects ``T`` it could afford, none
    of whose members is satisfied up to one project."""

    ballots: tuple[int, ...]
    projects: tuple[str, ...]


def ejr_up_to_one_violation(
    election: Election, selected: Iterable[str], utility: Utility = "cost"
) -> EjrViolation | None:
    """Check extended justified representation up to one project (Peters, Pierczyński and
    Skowron 2021) for approval ballots, with cost or cardinality utilities.

    A group ``S`` of voters who all approve every project of ``T`` and whose share of the
    budget pays for ``T`` (``|S| / n * budget >= cost(T)``) is cohesive. EJR up to one asks
    that some member of every cohesive group has utility at least ``u(T)`` from the outcome,
    or would exceed ``u(T)`` if one more project of ``T`` were added. MES guarantees this.
    Exponential in the number of projects: only for small elections.
    """
    if not election.vote_type.is_approval:
        raise ValueError("EJR is checked for approval ballots only")
    if len(election.projects) > EJR_MAX_PROJECTS:
        raise ValueError(f"EJR check is limited to {EJR_MAX_PROJECTS} projects")
    chosen = _indices(election, selected)
    n = election.num_voters
    costs = [p.cost for p in election.projects]
    per_ballot = [dict(pairs) for pairs in ballot_utilities(election, utility)]

    def value(ballot: int, projects: Iterable[int]) -> Number:
        mine = per_ballot[ballot]
        return sum(mine.get(j, 0) for j in projects)

    m = len(election.projects)
    for size in range(1, m + 1):
        for group in combinations(range(m), size):
            members = [k for k, b in enumerate(election.ballots) if set(group) <= set(b.projects)]
            weight = sum(election.counts[k] for k in members)
            if weight * election.budget < n * sum(costs[j] for j in group):
                continue
            if not any(_satisfied(value, k, group, chosen) for k in members):
                ids = tuple(election.projects[j].id for j in group)
                return EjrViolation(tuple(members), ids)
    return None


def _satisfied(
    value: Callable[[int, Iterable[int]], Number],
    ballot: int,
    group: Sequence[int],
    chosen: set[int],
) -> bool:
    """EJR up to one for one voter: already as well off as ``T`` would make them, or would be
    strictly better off with one more project of ``T``."""
    target = value(ballot, group)
    have = value(ballot, chosen)
    if have >= target:
        return True
    return any(have + value(ballot, [j]) > target for j in group if j not in chosen)
