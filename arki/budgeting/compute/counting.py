"""Count a real-budget round with the engine's greedy rule and Method of Equal Shares.

The vouchers are a cumulative ballot: greedy ranks projects by vouchers and funds them down
the list while money lasts; MES gives every voter an equal share of the budget and funds the
projects whose supporters can pay for them together. Paper tallies are table totals, not
ballots, so they cannot be counted by MES; both rules therefore count the same individual
ballots, which keeps the comparison fair.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from arki.voting.model import Ballot, Election, Project, VoteType
from arki.voting.rules import CountOptions, count


@dataclass(frozen=True)
class ProjectSpec:
    id: str
    name: str
    cost: int


@dataclass(frozen=True)
class RuleResult:
    rule: str
    funded: list[str]
    spent: int


@dataclass(frozen=True)
class Comparison:
    greedy: RuleResult
    mes: RuleResult
    budget: int
    voters: int
    only_greedy: list[str]
    only_mes: list[str]
    both: list[str]

    @property
    def same(self) -> bool:
        return not self.only_greedy and not self.only_mes


def build_election(
    projects: Sequence[ProjectSpec], budget: int, ballots: Sequence[Mapping[str, int]]
) -> Election:
    """A cumulative election; `ballots` map project id to vouchers (empty ballots dropped)."""
    index = {p.id: k for k, p in enumerate(projects)}
    merged = []
    for ballot in ballots:
        pairs = sorted((index[pid], points) for pid, points in ballot.items() if points > 0)
        if pairs:
            merged.append(Ballot(tuple(j for j, _ in pairs), tuple(p for _, p in pairs)))
    return Election.from_ballots(
        [Project(id=p.id, cost=p.cost, name=p.name) for p in projects],
        budget,
        VoteType.CUMULATIVE,
        merged,
    )


def compare_rules(
    projects: Sequence[ProjectSpec], budget: int, ballots: Sequence[Mapping[str, int]]
) -> Comparison:
    election = build_election(projects, budget, ballots)
    greedy = count(election, CountOptions(rule="greedy"))
    mes = count(election, CountOptions(rule="mes", completion="add1"))
    in_greedy, in_mes = set(greedy.selected), set(mes.selected)
    return Comparison(
        greedy=RuleResult("greedy", list(greedy.selected), int(greedy.spent)),
        mes=RuleResult("mes", list(mes.selected), int(mes.spent)),
        budget=budget,
        voters=election.num_voters,
        only_greedy=[p for p in greedy.selected if p not in in_mes],
        only_mes=[p for p in mes.selected if p not in in_greedy],
        both=[p for p in greedy.selected if p in in_mes],
    )
