"""Greedy counting: fund projects in order of support while the money lasts.

This is how most cities count (Warsaw, Łódź, Katowice ...): rank by total support (approvals or
points) and go down the list, skipping projects that no longer fit. ``support-per-cost`` ranks by
support divided by cost instead, which is pabutools' greedy for point ballots. It is also the
completion step after MES, started from the projects MES chose.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import inf

from arki.voting.model import Election, Number
from arki.voting.rules.options import CountOptions
from arki.voting.rules.profile import support
from arki.voting.rules.ties import tie_key


def greedy_order(election: Election, options: CountOptions) -> list[int]:
    """Project indices from most to least deserving, ties broken by ``options.ties``.

    Scores are exact (integers or fractions), so equal scores are really equal. As in pabutools,
    support per cost is infinite for a free project with support and 0 without support.
    """
    scores = support(election, options.utility_for(election.vote_type))
    key = tie_key(election, options.ties, options.seed)

    def score(j: int) -> Number | float:
        if options.greedy_order == "support":
            return scores[j]
        cost = election.projects[j].cost
        if scores[j] == 0:
            return 0
        return inf if cost == 0 else Fraction(scores[j]) / cost

    return sorted(range(len(election.projects)), key=lambda j: (-score(j), key(j)))


def greedy(election: Election, options: CountOptions, initial: Sequence[int] = ()) -> list[int]:
    """Greedy selection (project indices in order of selection), starting from ``initial``.

    ``options.min_support`` excludes projects whose support (the ranking score: approvals or
    points) is below a city's threshold; ``greedy_skip=False`` stops at the first project that
    does not fit instead of skipping it.
    """
    chosen = list(initial)
    taken = set(chosen)
    remaining = election.budget - sum(election.projects[j].cost for j in chosen)
    threshold = options.min_support
    scores = support(election, options.utility_for(election.vote_type))
    for j in greedy_order(election, options):
        if j in taken or (threshold is not None and scores[j] < threshold):
            continue
        cost = election.projects[j].cost
        if cost <= remaining:
            chosen.append(j)
            taken.add(j)
            remaining -= cost
        elif not options.greedy_skip:
            break
    return chosen
