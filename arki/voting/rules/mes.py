"""The Method of Equal Shares (MES), exact and fast.

Every voter starts with an equal share of the budget (the *endowment*). In each round, for every
project, the smallest price factor ``rho`` is found such that its supporters can pay its cost
when each pays ``min(own budget, rho * utility)``; the project with the smallest ``rho`` is
funded and its supporters pay. Projects their supporters can no longer afford drop out.

Speed comes from three things:

* identical ballots are merged, so a "voter" here is a group of identical ballots with a weight;
* each project's ``rho`` is computed with numpy from its supporters' budgets, and recomputed
  lazily: ``rho`` only grows as budgets shrink, so a stale value is a lower bound and only
  projects that might beat the current best are recomputed (as pabutools and equalshares.net do);
* the Add1 completion does not re-run MES for every endowment step. After a run at endowment
  ``B`` it *proves* that the outcome stays the same up to ``B + k`` steps (see
  :meth:`_Engine.certify`) and jumps past them.

Exactness: numbers are floats, but every decision whose margin is below :data:`EPS` (a near
tie between projects, a project that its supporters can only just afford) is re-decided in
exact rational arithmetic, replaying the run's payments with :class:`fractions.Fraction`. So the
outcome is that of exact arithmetic, which is what pabutools computes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from arki.voting.model import Election, Number
from arki.voting.rules.options import CountOptions
from arki.voting.rules.profile import ballot_utilities
from arki.voting.rules.ties import tie_key

#: Relative margin under which a float comparison is not trusted and is redone exactly. Float
#: errors after hundreds of payments are around 1e-13; this leaves a wide safety gap.
EPS = 1e-9
INF = math.inf


@dataclass
class MesRun:
    """One run of MES at one endowment: projects in order of funding with their exact-or-float
    price factor, and what each funded project's supporters paid in total."""

    endowment: Fraction
    selected: list[int] = field(default_factory=list)
    rhos: list[float] = field(default_factory=list)


@dataclass
class MesResult:
    """MES outcome (project indices, free projects first) and the endowment that produced it."""

    selected: list[int]
    endowment: Fraction
    runs: int
    certified_steps: int


class _Engine:
    """MES on merged ballots. Project positions ``e`` index the *eligible* projects (positive
    cost and at least one supporter); ``self.index[e]`` is the election's project index."""

    def __init__(self, election: Election, options: CountOptions) -> None:
        utility = options.utility_for(election.vote_type)
        per_ballot = ballot_utilities(election, utility)
        m = len(election.projects)
        sup: list[list[int]] = [[] for _ in range(m)]
        util: list[list[Number]] = [[] for _ in range(m)]
        for g, pairs in enumerate(per_ballot):
            for j, u in pairs:
                sup[j].append(g)
                util[j].append(u)
        costs = [p.cost for p in election.projects]
        #: Projects with supporters and no cost are funded before anything else (as pabutools).
        self.free = [j for j in range(m) if sup[j] and costs[j] == 0]
        self.index = [j for j in range(m) if sup[j] and costs[j] > 0]
        weights = election.counts
        self.n_groups = len(weights)
        self.w = np.asarray(weights, dtype=np.float64)
        self.w_exact = list(weights)
        self.sup = [np.asarray(sup[j], dtype=np.int64) for j in self.index]
        self.sup_w = [self.w[s] for s in self.sup]
        self.u_exact = [util[j] for j in self.index]
        self.u = [np.asarray([float(x) for x in util[j]], dtype=np.float64) for j in self.index]
        self.wu = [w * u for w, u in zip(self.sup_w, self.u, strict=True)]
        self.wu_total_exact = [
            sum(weights[g] * x for g, x in zip(sup[j], util[j], strict=True)) for j in self.index
        ]
        self.wu_total = np.asarray([float(x) for x in self.wu_total_exact])
        self.cost_exact = [costs[j] for j in self.index]
        self.cost = np.asarray([float(c) for c in self.cost_exact])
        e_count = len(self.index)
        membership = np.zeros((e_count, self.n_groups), dtype=bool)
        for e, s in enumerate(self.sup):
            membership[e, s] = True
        as_int = membership.astype(np.int32)
        #: overlap[e, f]: projects e and f share a supporter, so funding e changes f's rho.
        self.overlap = (as_int @ as_int.T) > 0
        key = tie_key(election, options.ties, options.seed)
        order = sorted(range(e_count), key=lambda e: key(self.index[e]))
        self.tie_rank = [0] * e_count
        for rank, e in enumerate(order):
            self.tie_rank[e] = rank

    # -- price factors ---------------------------------------------------------------------

    def rho(self, e: int, budgets: np.ndarray) -> tuple[float, bool]:
        """Float ``rho`` of project ``e`` (INF if unaffordable) and whether the float answer
        is trustworthy for affordability, i.e. the supporters' money is not within EPS of the
        cost."""
        bs = budgets[self.sup[e]]
        w = self.sup_w[e]
        cost = self.cost[e]
        available = float(w @ bs)
        if available < cost * (1 - EPS):
            return INF, True
        sure = available > cost * (1 + EPS)
        u = self.u[e]
        ratio = bs / u
        rho0 = cost / self.wu_total[e]
        if ratio.min() >= rho0:
            return rho0, sure  # nobody is short of money: cost split by utility
        order = np.argsort(ratio, kind="stable")
        wb = (w * bs)[order]
        wu = self.wu[e][order]
        paid_before = np.cumsum(wb) - wb
        util_after = self.wu_total[e] - (np.cumsum(wu) - wu)
        with np.errstate(divide="ignore", invalid="ignore"):
            candidates = (cost - paid_before) / util_after
        fits = candidates <= ratio[order] * (1 + 1e-12)
        if not fits.any():
            return INF, False
        return float(candidates[int(np.argmax(fits))]), sure

    def nobody_short(self, e: int, budgets: np.ndarray, rho: float) -> bool:
        """True if every supporter clearly has more than ``rho * utility``: then the exact rho
        is simply cost / total utility, with no need for exact budgets."""
        bs = budgets[self.sup[e]]
        return bool((bs / self.u[e]).min() > rho * (1 + EPS))

    def exact_rho(self, e: int, budgets: Sequence[Fraction]) -> Fraction | None:
        """Exact ``rho`` of project ``e`` from exact budgets; None if unaffordable."""
        cost = self.cost_exact[e]
        groups = self.sup[e].tolist()
        items = [
            (budgets[g], u, self.w_exact[g])
            for g, u in zip(groups, self.u_exact[e], strict=True)
        ]
        if sum(b * w for b, _, w in items) < cost:
            return None
        items.sort(key=lambda item: Fraction(item[0]) / item[1])
        paid = Fraction(0)
        util_left = Fraction(self.wu_total_exact[e])
        for b, u, w in items:
            rho = (cost - paid) / util_left
            if rho * u <= b:
                return rho
            paid += w * b
            util_left -= w * u
        raise AssertionError("an affordable project always has a price factor")

    # -- one run ---------------------------------------------------------------------------

    def run(self, endowment: Fraction) -> MesRun:
        """MES at one endowment per voter."""
        result = MesRun(endowment)
        budgets = np.full(self.n_groups, float(endowment))
        exact: list[Fraction] | None = None
        exact_rhos: list[Fraction] = []
        n = len(self.index)
        stale = self.cost / np.where(self.wu_total > 0, self.wu_total, 1)
        dirty = np.ones(n, dtype=bool)
        alive = np.ones(n, dtype=bool)

        def go_exact() -> list[Fraction]:
            """Switch this run to exact budgets by replaying its payments exactly."""
            nonlocal exact
            if exact is None:
                exact = [Fraction(endowment)] * self.n_groups
                for position, e in enumerate(result.selected):
                    if position == len(exact_rhos):
                        rho = self.exact_rho(e, exact)
                        assert rho is not None
                        exact_rhos.append(rho)
                    self._pay_exact(e, exact_rhos[position], exact, budgets)
            return exact

        while True:
            best = INF
            tied: list[tuple[int, float]] = []
            unsure: list[int] = []
            for e in sorted(np.flatnonzero(alive).tolist(), key=lambda e: stale[e]):
                if stale[e] > best * (1 + EPS):
                    break
                if dirty[e]:
                    rho, sure = self.rho(e, budgets)
                    stale[e] = rho
                    dirty[e] = False
                    if not sure:
                        unsure.append(e)
                rho = stale[e]
                if rho == INF:
                    if e not in unsure:
                        alive[e] = False
                    continue
                if rho < best:
                    best = rho
                    tied = [(f, r) for f, r in tied if r <= best * (1 + EPS)]
                tied.append((e, rho))
            if unsure:
                # Affordability within EPS: decide exactly, then redo the round.
                ex = go_exact()
                for e in unsure:
                    rho_ex = self.exact_rho(e, ex)
                    if rho_ex is None:
                        alive[e] = False
                    else:
                        stale[e] = float(rho_ex)
                continue
            if not tied:
                return result
            if len(tied) == 1:
                chosen = tied[0][0]
                chosen_rho: Fraction | None = None
            else:
                chosen, chosen_rho = self._break_tie(tied, budgets, go_exact)
            rho_f = float(stale[chosen])
            result.selected.append(chosen)
            result.rhos.append(rho_f)
            alive[chosen] = False
            if exact is not None:
                if chosen_rho is None:
                    chosen_rho = self.exact_rho(chosen, exact)
                    assert chosen_rho is not None
                exact_rhos.append(chosen_rho)
                self._pay_exact(chosen, chosen_rho, exact, budgets)
            else:
                if chosen_rho is not None:
                    exact_rhos.append(chosen_rho)
                self._pay_float(chosen, rho_f, budgets)
            dirty |= self.overlap[chosen]

    def _break_tie(
        self,
        tied: list[tuple[int, float]],
        budgets: np.ndarray,
        go_exact: Callable[[], list[Fraction]],
    ) -> tuple[int, Fraction]:
        """Projects whose float rhos are within EPS: compare exact rhos, then tie ranks."""
        exact_rho: dict[int, Fraction] = {}
        if all(self.nobody_short(e, budgets, r) for e, r in tied):
            for e, _ in tied:
                exact_rho[e] = Fraction(self.cost_exact[e]) / self.wu_total_exact[e]
        else:
            ex = go_exact()
            for e, _ in tied:
                rho = self.exact_rho(e, ex)
                assert rho is not None
                exact_rho[e] = rho
        low = min(exact_rho.values())
        winner = min((e for e in exact_rho if exact_rho[e] == low), key=self.tie_rank.__getitem__)
        return winner, low

    def _pay_float(self, e: int, rho: float, budgets: np.ndarray) -> None:
        s = self.sup[e]
        share = rho * self.u[e]
        bs = budgets[s]
        # A supporter asked for at least all their money pays exactly all of it (no residue).
        budgets[s] = np.where(bs <= share, 0.0, bs - share)

    def _pay_exact(
        self, e: int, rho: Fraction, exact: list[Fraction], budgets: np.ndarray
    ) -> None:
        for g, u in zip(self.sup[e].tolist(), self.u_exact[e], strict=True):
            exact[g] = max(exact[g] - rho * u, Fraction(0))
            budgets[g] = float(exact[g])

    # -- Add1 acceleration -----------------------------------------------------------------

    def certify(self, run: MesRun, endowment: Fraction) -> bool:
        """Prove that MES at every endowment in ``[run.endowment, endowment]`` funds exactly
        ``run.selected`` in the same order.

        Forcing the same sequence of fundings at a higher endowment ``B'``, every budget at
        every round is monotone in ``B'`` (a payment ``max(0, b - rho*u)`` grows with ``b``
        and ``rho`` shrinks as budgets grow). So for any endowment in the interval, the funded
        project's rho is at most its rho at the low end, and every competitor's rho is at least
        its rho at the high end. If at each round the former is below the latter by a margin,
        and every project left unfunded is unaffordable at the high end, the outcome is the
        same throughout the interval. Float margins of EPS keep the proof safe.
        """
        n = len(self.index)
        budgets = np.full(self.n_groups, float(endowment))
        stale = self.cost / np.where(self.wu_total > 0, self.wu_total, 1)
        dirty = np.ones(n, dtype=bool)
        alive = np.ones(n, dtype=bool)
        for chosen, rho_low in zip(run.selected, run.rhos, strict=True):
            limit = rho_low * (1 + EPS)
            alive[chosen] = False
            for e in np.flatnonzero(alive & (stale <= limit)).tolist():
                if dirty[e]:
                    stale[e] = self.rho(e, budgets)[0]
                    dirty[e] = False
                if stale[e] <= limit:
                    return False
            rho_high, _ = self.rho(chosen, budgets)
            self._pay_float(chosen, rho_high, budgets)
            dirty |= self.overlap[chosen]
        for e in np.flatnonzero(alive).tolist():
            available = float(self.sup_w[e] @ budgets[self.sup[e]])
            if available >= self.cost[e] * (1 - EPS):
                return False
        return True


def method_of_equal_shares(
    election: Election, options: CountOptions, stats: dict[str, Any] | None = None
) -> MesResult:
    """MES with ``options.completion``'s endowment search (Add1 variants); no greedy step.

    * ``none`` / ``greedy``: one run at the starting endowment.
    * ``add1`` (pabutools): raise the endowment one currency unit at a time; stop at the first
      outcome that is exhaustive (no unfunded project with supporters fits in the leftover
      money) and return it, or at the first that overspends and return the one before.
    * ``add1-until-overspend``: ignore exhaustiveness and stop only at overspending (or when
      every project with supporters is funded).
    """
    n_voters = election.num_voters
    if n_voters == 0:
        return MesResult([], Fraction(0), 0, 0)
    endowment = Fraction(election.budget) / n_voters
    if options.endowment == "floor":
        endowment = Fraction(math.floor(endowment))
    engine = _Engine(election, options)
    free = engine.free
    costs = [p.cost for p in election.projects]
    free_cost = sum(costs[j] for j in free)

    def outcome(run: MesRun) -> list[int]:
        return free + [engine.index[e] for e in run.selected]

    run = engine.run(endowment)
    runs, certified = 1, 0
    if options.completion not in ("add1", "add1-until-overspend"):
        return MesResult(outcome(run), endowment, runs, certified)

    stop_when_exhaustive = options.completion == "add1"
    previous = run
    guess = 1
    eligible_cost = [float(c) for c in engine.cost_exact]
    while True:
        spent = free_cost + sum(engine.cost_exact[e] for e in run.selected)
        if spent > election.budget:
            return MesResult(outcome(previous), previous.endowment, runs, certified)
        chosen = set(run.selected)
        left = election.budget - spent
        fits = [
            e for e in range(len(engine.index)) if e not in chosen and engine.cost_exact[e] <= left
        ]
        if stop_when_exhaustive and not fits:
            break
        if len(chosen) == len(engine.index):
            break
        # Jump over endowments where the outcome provably cannot change.
        steps = _certified_steps(engine, run, guess)
        guess = max(1, 2 * steps)
        certified += steps
        previous = run
        run = engine.run(run.endowment + steps + 1)
        runs += 1
    del eligible_cost
    if stats is not None:
        stats.update(runs=runs, certified_steps=certified)
    return MesResult(outcome(run), run.endowment, runs, certified)


def _certified_steps(engine: _Engine, run: MesRun, guess: int) -> int:
    """The largest number of further unit steps (searched around ``guess``) over which the
    outcome of ``run`` is proved constant; 0 if not even one step can be proved."""
    if engine.certify(run, run.endowment + guess):
        low = guess
        high = None
        while high is None and engine.certify(run, run.endowment + 2 * low):
            low *= 2
            if low > 1 << 40:
                break
        return low
    high = guess
    while high > 1:
        high //= 2
        if engine.certify(run, run.endowment + high):
            return high
    return 0
