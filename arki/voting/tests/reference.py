"""Run pabutools (the reference implementation, test-only) with the settings that correspond
to Arki's :class:`CountOptions`, so tests can compare the two live."""

from __future__ import annotations

from pathlib import Path

from pabutools.election import (
    AbstractCardinalBallot,
    AbstractOrdinalBallot,
    Additive_Borda_Sat,
    Additive_Cardinal_Sat,
    AdditiveSatisfaction,
    Cardinality_Sat,
    Cost_Sat,
    parse_pabulib,
)
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)
from pabutools.tiebreaking import TieBreakingRule, lexico_tie_breaking

from arki.voting.model import Election
from arki.voting.pabulib import write_pb_string
from arki.voting.rules import CountOptions
from arki.voting.rules.ties import tie_key


def _points(ballot, project):  # type: ignore[no-untyped-def]
    if isinstance(ballot, AbstractCardinalBallot):
        return ballot.get(project, 0)
    if isinstance(ballot, AbstractOrdinalBallot):
        return len(ballot) - ballot.position(project) - 1 if project in ballot else 0
    return int(project in ballot)


class PointsTimesCost(AdditiveSatisfaction):
    """Satisfaction whose greedy density (satisfaction / cost) is a project's total points:
    pabutools' way of expressing "greedy by support" for point ballots."""

    def __init__(self, instance, profile, ballot):  # type: ignore[no-untyped-def]
        super().__init__(
            instance, profile, ballot, lambda i, p, b, proj, pre: _points(b, proj) * proj.cost
        )


class Points(AdditiveSatisfaction):
    def __init__(self, instance, profile, ballot):  # type: ignore[no-untyped-def]
        super().__init__(instance, profile, ballot, lambda i, p, b, proj, pre: _points(b, proj))


def mes_sat(vote_type: str, utility: str) -> type:
    if utility == "cost":
        return Cost_Sat
    if utility == "cardinality" or vote_type in ("approval", "choose-1"):
        return Cardinality_Sat
    return Additive_Borda_Sat if vote_type == "ordinal" else Additive_Cardinal_Sat


def greedy_sat(vote_type: str, options: CountOptions) -> type:
    utility = options.utility_for_type(vote_type)
    by_support = options.greedy_order == "support"
    if utility == "points" and vote_type not in ("approval", "choose-1"):
        return PointsTimesCost if by_support else Points
    return Cost_Sat if by_support else Cardinality_Sat


def pabutools_selected(source: Path | Election, options: CountOptions) -> list[str]:
    """The project ids pabutools selects with the settings matching ``options``."""
    if isinstance(source, Election):
        import tempfile

        with tempfile.NamedTemporaryFile("w", suffix=".pb", delete=False) as handle:
            handle.write(write_pb_string(source))
        instance, profile = parse_pabulib(handle.name)
        Path(handle.name).unlink()
    else:
        instance, profile = parse_pabulib(str(source))
    vote_type = instance.meta["vote_type"]
    ties = lexico_tie_breaking
    if options.ties == "cost-votes-lot":
        ties = _cost_votes_lot(source, instance, options)
    g_sat = greedy_sat(vote_type, options)
    greedy_params = {"sat_class": g_sat, "tie_breaking": ties}
    if options.rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, **greedy_params)
        return [p.name for p in outcome]
    utility = options.utility_for_type(vote_type)
    mes_params = {"sat_class": mes_sat(vote_type, utility), "tie_breaking": ties}
    if options.completion == "none":
        outcome = method_of_equal_shares(instance, profile, **mes_params)
    else:
        if options.completion == "add1":
            mes_params["voter_budget_increment"] = 1
        outcome = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [mes_params, greedy_params],
        )
    return [p.name for p in outcome]


def _cost_votes_lot(source, instance, options):  # type: ignore[no-untyped-def]
    """pabutools tie-breaking with equalshares.net's order; the seeded lot is Arki's draw."""
    from arki.voting.pabulib import read_pb

    election = source if isinstance(source, Election) else read_pb(source)
    key = tie_key(election, "cost-votes-lot", options.seed)
    position = {p.id: j for j, p in enumerate(election.projects)}
    return TieBreakingRule(lambda inst, prof, proj: key(position[proj.name]))
