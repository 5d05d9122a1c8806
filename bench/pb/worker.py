"""Count one election with one implementation; print the result as one JSON line.

Run by ``bench/pb/run.py`` in a fresh subprocess per measurement, so that peak memory
(``ru_maxrss`` of the child) and wall time belong to that measurement alone. Timing covers
reading the file and counting, not interpreter start-up or imports.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def arki(path: str, rule: str) -> list[str]:
    from arki.voting.pabulib import read_pb
    from arki.voting.rules import CountOptions, count
    from arki.voting.rules.options import GreedyOrder

    election = read_pb(path)
    order: GreedyOrder = "support" if election.vote_type.is_approval else "support-per-cost"
    if rule == "mes":
        options = CountOptions(rule="mes", completion="add1", greedy_order=order)
    else:
        options = CountOptions(rule="greedy", greedy_order=order)
    return count(election, options).selected


def pabutools(path: str, rule: str) -> list[str]:
    from pabutools.election import (
        Additive_Borda_Sat,
        Additive_Cardinal_Sat,
        Cost_Sat,
        parse_pabulib,
    )
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    instance, profile = parse_pabulib(path)
    vote_type = instance.meta["vote_type"]
    sat = {"ordinal": Additive_Borda_Sat, "cumulative": Additive_Cardinal_Sat}.get(
        vote_type, Additive_Cardinal_Sat if vote_type == "scoring" else Cost_Sat
    )
    if rule == "mes":
        outcome = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": sat, "voter_budget_increment": 1}, {"sat_class": sat}],
        )
    else:
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=sat)
    return [p.name for p in outcome]


def main() -> None:
    tool, rule, path = sys.argv[1:4]
    # Import the implementation before the clock starts: time is reading + counting.
    importlib.import_module("arki.voting.rules" if tool == "arki" else "pabutools.rules")
    start = time.perf_counter()
    selected = {"arki": arki, "pabutools": pabutools}[tool](path, rule)
    seconds = time.perf_counter() - start
    print(json.dumps({"selected": selected, "seconds": seconds}))


if __name__ == "__main__":
    main()
