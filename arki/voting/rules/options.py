"""The options every counting rule understands, with the command line's names and defaults."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from arki.voting.model import VoteType

Rule = Literal["mes", "greedy"]
Completion = Literal["add1", "add1-until-overspend", "greedy", "none"]
Utility = Literal["cost", "points", "cardinality"]
GreedyOrder = Literal["support", "support-per-cost"]
Endowment = Literal["exact", "floor"]
Ties = Literal["id", "cost-votes-lot"]

RULES: tuple[Rule, ...] = ("mes", "greedy")
COMPLETIONS: tuple[Completion, ...] = ("add1", "add1-until-overspend", "greedy", "none")
UTILITIES: tuple[Utility, ...] = ("cost", "points", "cardinality")
GREEDY_ORDERS: tuple[GreedyOrder, ...] = ("support", "support-per-cost")
ENDOWMENTS: tuple[Endowment, ...] = ("exact", "floor")
TIES: tuple[Ties, ...] = ("id", "cost-votes-lot")


@dataclass(frozen=True)
class CountOptions:
    """How to count.

    ``utility=None`` means pabutools' convention for the ballot kind: cost utility for approval
    ballots, points for cumulative, scoring and ordinal (Borda) ballots. ``min_support`` and
    ``greedy_skip=False`` are the extra conditions some cities add to greedy counting (a vote
    threshold, and stopping at the first project that does not fit). ``greedy_after_add1=False``
    keeps the Add1 outcome as it is, without pabutools' final greedy step (Assen 2024).
    """

    rule: Rule = "mes"
    completion: Completion = "add1"
    utility: Utility | None = None
    greedy_order: GreedyOrder = "support"
    endowment: Endowment = "exact"
    ties: Ties = "id"
    seed: int = 0
    min_support: int | None = None
    greedy_skip: bool = True
    greedy_after_add1: bool = True

    def __post_init__(self) -> None:
        for name, allowed in (
            ("rule", RULES),
            ("completion", COMPLETIONS),
            ("greedy_order", GREEDY_ORDERS),
            ("endowment", ENDOWMENTS),
            ("ties", TIES),
        ):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}")
        if self.utility is not None and self.utility not in UTILITIES:
            raise ValueError(f"utility must be one of {', '.join(UTILITIES)}")

    def utility_for(self, vote_type: VoteType) -> Utility:
        if self.utility is not None:
            return self.utility
        return "cost" if vote_type.is_approval else "points"

    def utility_for_type(self, vote_type: str) -> Utility:
        return self.utility_for(VoteType(vote_type))

    def as_dict(self, vote_type: VoteType) -> dict[str, Any]:
        """The options actually used (defaults resolved), for reports and JSON output."""
        data = asdict(self)
        data["utility"] = self.utility_for(vote_type)
        return data
