"""What a count produced, in a form the UI, the command line and the JSON export share."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from arki.voting.model import Election, Number


@dataclass(frozen=True)
class Satisfaction:
    """How voters fared: the share with at least one funded project on their ballot, the mean
    number of their projects funded, and the mean money spent on projects they named."""

    with_funded_project: float
    mean_funded_projects: float
    mean_cost_satisfaction: float


@dataclass
class Outcome:
    """The result of counting one election with one set of options.

    ``selected`` are project ids exactly as in the file, in order of funding. ``mes_payments``
    maps each project funded by MES itself (not by the completion) to the total its supporters
    paid, which is its cost, and ``mes_max_share`` to the most one voter paid for it;
    ``endowment`` is the per-voter money MES finally used.
    """

    rule: str
    options: dict[str, Any]
    selected: list[str]
    spent: Number
    budget: Number
    support: dict[str, int]
    satisfaction: Satisfaction
    mes_payments: dict[str, Number] = field(default_factory=dict)
    mes_max_share: dict[str, float] = field(default_factory=dict)
    endowment: Number | None = None
    completed_by: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "options": self.options,
            "selected": self.selected,
            "spent": plain_number(self.spent),
            "budget": plain_number(self.budget),
            "support": self.support,
            "mes_payments": {k: plain_number(v) for k, v in self.mes_payments.items()},
            "mes_max_share": self.mes_max_share,
            "completed_by_greedy": self.completed_by,
            "endowment": None if self.endowment is None else plain_number(self.endowment),
            "satisfaction": {
                "with_funded_project": self.satisfaction.with_funded_project,
                "mean_funded_projects": self.satisfaction.mean_funded_projects,
                "mean_cost_satisfaction": self.satisfaction.mean_cost_satisfaction,
            },
        }


def plain_number(value: Number) -> int | float:
    if isinstance(value, Fraction) and value.denominator != 1:
        return float(value)
    return int(value)


def satisfaction(election: Election, selected: list[int]) -> Satisfaction:
    chosen = set(selected)
    costs = [p.cost for p in election.projects]
    voters = election.num_voters or 1
    with_one = funded = money = 0.0
    for ballot, count in zip(election.ballots, election.counts, strict=True):
        mine = [j for j in ballot.projects if j in chosen]
        with_one += count if mine else 0
        funded += count * len(mine)
        money += count * float(sum(costs[j] for j in mine))
    return Satisfaction(with_one / voters, funded / voters, money / voters)


def compare(election: Election, first: Outcome, second: Outcome) -> list[str]:
    """Plain-language differences between two outcomes on the same election."""
    names = {p.id: p.name or p.id for p in election.projects}
    only_first = [p for p in first.selected if p not in set(second.selected)]
    only_second = [p for p in second.selected if p not in set(first.selected)]
    label_a, label_b = _label(first), _label(second)
    if not only_first and not only_second:
        return [f"{label_a} and {label_b} fund the same {len(first.selected)} projects."]
    lines = [
        f"{label_a} funds {len(first.selected)} projects for {_money(first.spent)}; "
        f"{label_b} funds {len(second.selected)} for {_money(second.spent)}."
    ]
    for label, ids in ((label_a, only_first), (label_b, only_second)):
        if ids:
            listed = ", ".join(f"{names[p]} ({p}, {first.support.get(p, 0)} votes)" for p in ids)
            lines.append(f"Only {label} funds: {listed}.")
    same = len(set(first.selected) & set(second.selected))
    lines.append(f"Both fund {same} projects.")
    return lines


def _label(outcome: Outcome) -> str:
    completion = outcome.options.get("completion")
    if outcome.rule == "mes":
        return f"Equal Shares ({completion})" if completion != "none" else "Equal Shares"
    return "greedy counting"


def _money(value: Number) -> str:
    return f"{float(value):,.0f}"
