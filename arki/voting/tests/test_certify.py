"""The Add1 shortcut is only as good as its proof: wherever the engine certifies that MES
funds the same projects over a range of endowments, counting every endowment in that range
one by one must agree. Checked by brute force on real files, with both the plain and the
sharper (grid) bounds in play."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from arki.voting.pabulib import read_pb, read_pb_string
from arki.voting.rules import CountOptions, mes
from arki.voting.tests.conftest import DATA


def _engine(name: str, utility: str | None = None) -> tuple[mes._Engine, Fraction]:
    election = read_pb(DATA / f"{name}.pb")
    options = CountOptions(rule="mes", completion="add1", utility=utility)
    return mes._Engine(election, options), Fraction(election.budget) / election.num_voters


#: Files (with the utility to count them with) and endowment offsets to start from.
CASES = [
    ("Netherlands_Assen_2024", None, (0, 150, 400)),
    ("Poland_Krakow_2018_Stare_Miasto", None, (0, 30)),
    ("Switzerland_Zurich_D10", None, (0, 300, 900)),
    ("Worldwide_Mechanical_Turk_Utilities_8", None, (0, 5, 400)),
    ("France_Toulouse_2019", None, (0, 300)),
    ("France_Toulouse_2019", "cardinality", (0, 200)),
    ("France_Toulouse_2024", None, (0, 100, 200, 300, 400, 500)),
    ("Poland_Warszawa_2023_Mokotow", None, (0, 100, 200)),
]


def test_certified_intervals_hold_at_every_endowment(monkeypatch: pytest.MonkeyPatch) -> None:
    sharper = {"used": 0}
    original = mes._IntervalBounds.competitor_cells

    def counting(self: mes._IntervalBounds, *args: object) -> int:
        result = original(self, *args)  # type: ignore[arg-type]
        sharper["used"] += result > 0
        return result

    monkeypatch.setattr(mes._IntervalBounds, "competitor_cells", counting)
    certified = 0
    tops = {"checked": 0}
    for name, utility, starts in CASES:
        engine, start = _engine(name, utility)
        for offset in starts:
            run = engine.run(start + offset)
            funded = set(run.selected)
            # The proof may hold on the whole interval or only on its first cells.
            proved = 0
            for width in (4, 32, 128):
                steps, top = engine.certified_width(run, run.endowment + width)
                proved = max(proved, math.floor(steps))
                if top is not None:
                    # Proved all the way: the forced run at the top is MES's own run there.
                    tops["checked"] += 1
                    counted = engine.run(top.endowment)
                    assert top.selected == counted.selected
                    assert top.rhos == pytest.approx(counted.rhos, rel=1e-12)
            for step in range(1, proved + 1):
                assert set(engine.run(run.endowment + step).selected) == funded, (
                    f"{name}: certified {proved} steps from {float(run.endowment)}, "
                    f"but step {step} funds other projects"
                )
            certified += proved
    assert certified > 100, "the proof hardly applied, so this test tests little"
    assert tops["checked"] > 5
    # Somewhere the plain bound was not enough and the sharper one carried the proof.
    assert sharper["used"] > 0


@pytest.mark.parametrize("name", ["France_Toulouse_2019", "Netherlands_Assen_2024"])
def test_a_proof_contradicted_by_a_count_falls_back_to_the_step_by_step_search(
    name: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    election = read_pb(DATA / f"{name}.pb")
    options = CountOptions(rule="mes", completion="add1")
    monkeypatch.setattr(mes._Engine, "certified_width", lambda engine, run, top: (0, None))
    step_by_step = mes.method_of_equal_shares(election, options)
    # A broken proof that claims seven steps every time: the search ends at an overspend,
    # the count just below it contradicts the claim, and the exact search takes over.
    monkeypatch.setattr(mes._Engine, "certified_width", lambda engine, run, top: (7, None))
    with caplog.at_level("ERROR", logger=mes.__name__):
        outcome = mes.method_of_equal_shares(election, options)
    assert "did not hold" in caplog.text
    assert outcome.selected == step_by_step.selected
    assert outcome.endowment == step_by_step.endowment


#: Projects a and b share no voter; c shares voters with a.
THREE = """META
key;value
description;order test
num_projects;3
num_votes;4
budget;300
vote_type;approval
PROJECTS
project_id;cost
a;100
b;100
c;100
VOTES
voter_id;vote
1;a,c
2;a
3;b
4;c
"""


def _forced(engine: mes._Engine, order: list[str], rhos: list[float]) -> mes.MesRun:
    run = mes.MesRun(Fraction(75))
    for project, rho in zip(order, rhos, strict=True):
        e = engine.index.index("abc".index(project))
        run.selected.append(e)
        run.rhos.append(rho)
        run.snapshots.append((np.zeros(0), np.zeros(0, dtype=bool)))
    return run


def test_the_run_at_the_top_of_a_proved_interval_is_put_in_funding_order() -> None:
    """Projects that share no supporter may come out of the forced run in either order; MES
    funds the cheaper first. An overlapping pair out of order, or a near tie, gives no run."""
    engine = mes._Engine(read_pb_string(THREE), CountOptions(rule="mes"))

    def names(run: mes.MesRun) -> list[str]:
        return ["abc"[engine.index[e]] for e in run.selected]

    in_order = _forced(engine, ["a", "b", "c"], [1.0, 2.0, 3.0])
    assert engine._in_funding_order(in_order) is in_order

    swapped = engine._in_funding_order(_forced(engine, ["b", "a", "c"], [2.0, 1.0, 3.0]))
    assert swapped is not None
    assert names(swapped) == ["a", "b", "c"]
    assert swapped.rhos == [1.0, 2.0, 3.0]

    # c shares voter 1 with a: their order is what the proof established, never re-sorted.
    assert engine._in_funding_order(_forced(engine, ["c", "a", "b"], [3.0, 1.0, 2.0])) is None
    # A near tie between two price factors: the order is not certain.
    assert engine._in_funding_order(_forced(engine, ["a", "b", "c"], [1.0, 1.0, 3.0])) is None
