"""What each distinct ballot is worth to each project under a chosen utility.

MES needs, for every project, its supporters (distinct ballots with positive utility) and their
utilities; greedy needs each project's total support. Both come from here so that the two rules
can never disagree about what a ballot means.
"""

from __future__ import annotations

from arki.voting.model import Election, Number, ballot_points
from arki.voting.rules.options import Utility


def ballot_utilities(election: Election, utility: Utility) -> list[list[tuple[int, Number]]]:
    """Per distinct ballot, the ``(project index, utility)`` pairs with positive utility.

    * ``cost``: a project's cost if the ballot names it (pabutools ``Cost_Sat``);
    * ``cardinality``: 1 if the ballot names it (``Cardinality_Sat``);
    * ``points``: the points given (``Additive_Cardinal_Sat``), the Borda score for ordinal
      ballots (``Additive_Borda_Sat``), 1 per approval.
    """
    costs = [p.cost for p in election.projects]
    result: list[list[tuple[int, Number]]] = []
    for ballot in election.ballots:
        if utility == "cost":
            pairs = [(j, costs[j]) for j in ballot.projects]
        elif utility == "cardinality":
            pairs = [(j, 1) for j in ballot.projects]
        else:
            pairs = list(
                zip(ballot.projects, ballot_points(election.vote_type, ballot), strict=True)
            )
        result.append([(j, u) for j, u in pairs if u > 0])
    return result


def support(election: Election, utility: Utility) -> list[Number]:
    """Each project's total support: points under the ``points`` utility, else ballots naming it.

    This is what greedy ranks by: approvals for approval ballots, points for point ballots.
    """
    if utility == "points":
        return election.project_points()
    return list(election.project_support())
