"""Counting rules behind one interface: ``rule.count(election, options) -> Outcome``.

Each rule is a strategy class; :func:`count` picks the one ``options.rule`` names. Adding a rule
means adding a class here and its name to :data:`arki.voting.rules.options.RULES`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from arki.voting.model import Election, Number
from arki.voting.results import Outcome, satisfaction
from arki.voting.rules.greedy import greedy
from arki.voting.rules.mes import method_of_equal_shares
from arki.voting.rules.options import CountOptions

__all__ = ["COUNTING_RULES", "CountOptions", "CountingRule", "count"]


class CountingRule(ABC):
    name: ClassVar[str]

    @abstractmethod
    def count(self, election: Election, options: CountOptions) -> Outcome: ...

    def _outcome(
        self,
        election: Election,
        options: CountOptions,
        selected: Sequence[int],
        mes_part: Sequence[int] = (),
        endowment: Number | None = None,
    ) -> Outcome:
        projects = election.projects
        support = election.project_support()
        in_mes = set(mes_part)
        return Outcome(
            rule=self.name,
            options=options.as_dict(election.vote_type),
            selected=[projects[j].id for j in selected],
            spent=sum(projects[j].cost for j in selected),
            budget=election.budget,
            support={p.id: support[j] for j, p in enumerate(projects)},
            satisfaction=satisfaction(election, list(selected)),
            mes_payments={projects[j].id: projects[j].cost for j in mes_part},
            endowment=endowment,
            completed_by=[projects[j].id for j in selected if j not in in_mes]
            if self.name == "mes"
            else [],
        )


class Greedy(CountingRule):
    name = "greedy"

    def count(self, election: Election, options: CountOptions) -> Outcome:
        return self._outcome(election, options, greedy(election, options))


class EqualShares(CountingRule):
    """MES, then (for ``add1``, ``add1-until-overspend`` and ``greedy`` completions) greedy
    completion of whatever money is left, as pabutools' ``completion_by_rule_combination``.
    (pabutools skips the greedy step when the MES outcome is already exhaustive; greedy
    would add nothing then, so running it anyway gives the same result.)"""

    name = "mes"

    def count(self, election: Election, options: CountOptions) -> Outcome:
        result = method_of_equal_shares(election, options)
        selected = list(result.selected)
        add1 = options.completion in ("add1", "add1-until-overspend")
        if options.completion == "greedy" or (add1 and options.greedy_after_add1):
            selected = greedy(election, options, selected)
        outcome = self._outcome(election, options, selected, result.selected, result.endowment)
        ids = [p.id for p in election.projects]
        outcome.mes_max_share = {ids[j]: share for j, share in result.max_share.items()}
        return outcome


COUNTING_RULES: dict[str, CountingRule] = {rule.name: rule for rule in (Greedy(), EqualShares())}


def count(election: Election, options: CountOptions | None = None) -> Outcome:
    """Count ``election`` with ``options`` (defaults: MES with Add1, pabutools' conventions)."""
    options = options or CountOptions()
    return COUNTING_RULES[options.rule].count(election, options)
