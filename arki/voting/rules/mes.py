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
  :meth:`_Engine.certified_width`) and jumps past them; a proof of the whole interval it tried
  also yields MES's run at its top, so the next proof starts there without a count
  (:class:`_ProofPacing` chooses the widths).

Exactness: numbers are floats, but every decision whose margin is below :data:`EPS` (a near
tie between projects, a project that its supporters can only just afford) is re-decided in
exact rational arithmetic, replaying the run's payments with :class:`fractions.Fraction`. So the
outcome is that of exact arithmetic, which is what pabutools computes.
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from arki.voting.model import Election, Number
from arki.voting.rules.options import CountOptions
from arki.voting.rules.profile import ballot_utilities
from arki.voting.rules.ties import tie_key

logger = logging.getLogger(__name__)

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
    #: Round -> the exact rho when no supporter was short of money (then it is simply
    #: cost / total utility, whatever the endowment), else None; filled in when asked for
    #: (:meth:`_Engine.plain_rho_at`). Lets :meth:`_Engine.certified_width` handle exact ties.
    plain: dict[int, Fraction | None] = field(default_factory=dict)
    #: Per round, the funded project's supporters' budgets just before they paid and which
    #: of them were fuzzy (float budget maybe a crumb of an exact zero). Lets
    #: :meth:`_Engine.certified_width` bound the project's price factor at higher endowments.
    snapshots: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)


@dataclass
class MesResult:
    """MES outcome (project indices, free projects first), the endowment that produced it, the
    most any one voter paid for each funded project (rho times the largest utility; for cost
    utilities, the equal share each non-poor supporter paid), and how the Add1 search went."""

    selected: list[int]
    endowment: Fraction
    max_share: dict[int, float]
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
        #: Per project, a 2 x supporters scratch array for :meth:`rho` (row 0: w * u).
        self.pair = [np.vstack((wu, np.zeros_like(wu))) for wu in self.wu]
        #: The utility every supporter of the project has, if they all have the same (always
        #: so for cost and cardinality utilities), else 0.0: it makes :meth:`rho` cheaper.
        self.u_const = [float(u[0]) if len(u) and bool((u == u[0]).all()) else 0.0 for u in self.u]
        self.wu_total_exact = [
            sum(weights[g] * x for g, x in zip(sup[j], util[j], strict=True)) for j in self.index
        ]
        self.wu_total = np.asarray([float(x) for x in self.wu_total_exact])
        #: w * u as exact int64 where all utilities are integers and sums cannot overflow.
        self.wu_int: list[np.ndarray | None] = []
        for e, j in enumerate(self.index):
            integral = all(isinstance(x, int) for x in util[j])
            if integral and self.wu_total_exact[e] < 2**62:
                values = [weights[g] * x for g, x in zip(sup[j], util[j], strict=True)]
                self.wu_int.append(np.asarray(values, dtype=np.int64))
            else:
                self.wu_int.append(None)
        self._per_ballot = per_ballot
        self.cost_exact = [costs[j] for j in self.index]
        self.cost = np.asarray([float(c) for c in self.cost_exact])
        e_count = len(self.index)
        membership = np.zeros((e_count, self.n_groups), dtype=bool)
        for e, s in enumerate(self.sup):
            membership[e, s] = True
        # float32 so that the product runs in BLAS; counts below 2**24 are exact.
        as_float = membership.astype(np.float32)
        #: overlap[e, f]: projects e and f share a supporter, so funding e changes f's rho.
        self.overlap = (as_float @ as_float.T) > 0
        key = tie_key(election, options.ties, options.seed)
        order = sorted(range(e_count), key=lambda e: key(self.index[e]))
        self.tie_rank = [0] * e_count
        for rank, e in enumerate(order):
            self.tie_rank[e] = rank

    @functools.cached_property
    def group_projects(self) -> list[list[tuple[int, Number]]]:
        """Per group, the eligible projects it supports with its utility (for exact replays,
        so worked out only when one is needed)."""
        position = {j: e for e, j in enumerate(self.index)}
        return [[(position[j], u) for j, u in pairs if j in position] for pairs in self._per_ballot]

    # -- price factors ---------------------------------------------------------------------

    def rho(self, e: int, budgets: np.ndarray) -> tuple[float, bool]:
        """Float ``rho`` of project ``e`` (INF if unaffordable) and whether the float answer
        is trustworthy for affordability, i.e. the supporters' money is not within EPS of the
        cost."""
        bs = budgets[self.sup[e]]
        cost = self.cost[e]
        # Row 0 holds w * u (fixed), row 1 w * b: one product with the "short" mask then
        # gives the utility and the money of the short supporters together.
        pair = self.pair[e]
        wb = np.multiply(self.sup_w[e], bs, out=pair[1])
        available = float(wb.sum())
        if available < cost * (1 - EPS):
            return INF, True
        sure = available > cost * (1 + EPS)
        # Fixed-point iteration instead of sorting: the supporters short of money at the
        # current guess pay all they have, the others share the rest by utility. The guess
        # only grows, so the set of short supporters only grows, and the loop ends at the
        # exact answer, usually after two or three passes. With one utility for every
        # supporter (cost and cardinality utilities) "short" is simply ``b < rho * u``.
        u = self.u_const[e]
        ratio = bs if u else bs / self.u[e]
        scale = u if u else 1.0
        total_wu = self.wu_total[e]
        rho = cost / total_wu
        while True:
            short = ratio < rho * scale
            short_wu, short_wb = (pair @ short).tolist()
            util = total_wu - short_wu
            if util <= 0:
                return INF, False
            new = (cost - short_wb) / util
            if new <= rho:
                return rho, sure
            rho = new

    def plain_rho(
        self, e: int, budgets: np.ndarray, fuzzy: np.ndarray, rho: float
    ) -> Fraction | None:
        """The exact rho, if it can be had without exact budgets, else None.

        That is the case when every supporter either certainly has no money left (and pays
        nothing) or clearly has more than ``rho * utility`` (and pays exactly that): then rho
        is the cost divided by the total utility of the supporters with money. This covers the
        exact ties that are common in practice (two projects funded by the same number of
        voters), so they need no fractions at all.
        """
        s = self.sup[e]
        return self.plain_rho_of(e, budgets[s], fuzzy[s], rho)

    def plain_rho_of(
        self, e: int, bs: np.ndarray, fuzzy: np.ndarray, rho: float
    ) -> Fraction | None:
        """:meth:`plain_rho` from the supporters' budgets and fuzzy marks."""
        if fuzzy.any():
            return None
        broke = bs == 0.0
        same_u = self.u_const[e]
        ratio = bs / same_u if same_u else bs / self.u[e]
        at_most = ratio <= rho * (1 + EPS)
        # Every broke supporter is "at most"; any other one is too close to call.
        n_broke = int(np.count_nonzero(broke))
        if int(np.count_nonzero(at_most)) != n_broke:
            return None
        if not n_broke:
            return Fraction(self.cost_exact[e]) / self.wu_total_exact[e]
        wu = self.wu_int[e]
        if wu is not None:
            total: Number = int(wu[~broke].sum())
        else:
            keep = (~broke).tolist()
            total = sum(
                self.w_exact[g] * u
                for g, u, k in zip(self.sup[e].tolist(), self.u_exact[e], keep, strict=True)
                if k
            )
        return Fraction(self.cost_exact[e]) / total

    def plain_rho_at(self, run: MesRun, t: int) -> Fraction | None:
        """:meth:`plain_rho` of the project funded in round ``t`` of ``run``, from the round's
        snapshot; worked out only when asked for (a near tie, an exact replay)."""
        if t not in run.plain:
            before, fuzzy = run.snapshots[t]
            run.plain[t] = self.plain_rho_of(run.selected[t], before, fuzzy, run.rhos[t])
        return run.plain[t]

    def exact_rho(self, e: int, budget: Callable[[int], Fraction]) -> Fraction | None:
        """Exact ``rho`` of project ``e`` given each group's exact budget; None if
        unaffordable."""
        cost = self.cost_exact[e]
        groups = self.sup[e].tolist()
        items = [
            (budget(g), u, self.w_exact[g]) for g, u in zip(groups, self.u_exact[e], strict=True)
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
        ledger = _ExactLedger(self, result)
        budgets = np.full(self.n_groups, float(endowment))
        fuzzy = np.zeros(self.n_groups, dtype=bool)
        n = len(self.index)
        stale = self.cost / np.where(self.wu_total > 0, self.wu_total, 1)
        dirty = np.ones(n, dtype=bool)
        alive = np.ones(n, dtype=bool)
        while True:
            best = INF
            tied: list[tuple[int, float]] = []
            unsure: list[int] = []
            # Projects out of the race have stale = INF, so they come last.
            for e in np.argsort(stale).tolist():
                if not alive[e]:
                    continue
                if stale[e] > best * (1 + EPS):
                    break
                if dirty[e]:
                    rho, sure = self.rho(e, budgets)
                    stale[e] = rho
                    dirty[e] = False
                    if not sure:
                        unsure.append(e)
                rho = stale[e]
                if rho == INF and e not in unsure:
                    alive[e] = False
                elif rho < best:
                    best = rho
                    tied = [(f, r) for f, r in tied if r <= best * (1 + EPS)]
                    tied.append((e, rho))
                elif rho <= best * (1 + EPS):
                    tied.append((e, rho))
            if unsure:
                # Supporters' money within EPS of the cost: decide affordability exactly.
                for e in unsure:
                    rho_ex = ledger.rho_now(e)
                    if rho_ex is None:
                        alive[e] = False
                        stale[e] = INF
                    else:
                        stale[e] = float(rho_ex)
                continue
            if not tied:
                return result
            chosen, chosen_rho = tied[0][0], None
            if len(tied) > 1:
                chosen, chosen_rho = self._break_tie(tied, budgets, fuzzy, ledger)
            rho_f = float(stale[chosen])
            ledger.record(chosen_rho)
            result.selected.append(chosen)
            result.rhos.append(rho_f)
            alive[chosen] = False
            stale[chosen] = INF
            result.snapshots.append(self._pay_float(chosen, rho_f, budgets, fuzzy))
            dirty |= self.overlap[chosen]

    def _break_tie(
        self,
        tied: list[tuple[int, float]],
        budgets: np.ndarray,
        fuzzy: np.ndarray,
        ledger: _ExactLedger,
    ) -> tuple[int, Fraction]:
        """Projects whose float rhos are within EPS: compare exact rhos, then tie ranks."""
        exact_rho: dict[int, Fraction] = {}
        for e, rho in tied:
            value = self.plain_rho(e, budgets, fuzzy, rho)
            if value is None:
                value = ledger.rho_now(e)
                assert value is not None
            exact_rho[e] = value
        low = min(exact_rho.values())
        winner = min((e for e in exact_rho if exact_rho[e] == low), key=self.tie_rank.__getitem__)
        return winner, low

    def _pay_float(
        self, e: int, rho: float, budgets: np.ndarray, fuzzy: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Supporters pay ``min(budget, rho * utility)``; returns their budgets and fuzzy
        marks from before.

        One asked for clearly more than they have pays all of it and is left with exactly 0;
        one whose budget is within EPS of the share is marked ``fuzzy`` (its exact budget
        might be zero or a crumb), which keeps :meth:`plain_rho` from trusting it.
        """
        s = self.sup[e]
        u = self.u_const[e]
        share = rho * u if u else rho * self.u[e]
        bs = budgets[s]
        was_fuzzy = fuzzy[s]
        diff = bs - share
        budgets[s] = np.maximum(diff, 0.0)
        near = np.abs(diff) <= share * EPS
        if near.any():
            fuzzy[s[near]] = True
        return bs, was_fuzzy

    # -- Add1 acceleration -----------------------------------------------------------------

    def _loses_tie(
        self,
        e: int,
        rho: float,
        run: MesRun,
        position: int,
        budgets: np.ndarray,
        fuzzy: np.ndarray,
    ) -> bool:
        """Whether competitor ``e``, whose float rho is within EPS of that of the project funded
        at ``position``, provably still comes later.

        Only when both rhos are exact plain ratios (nobody short of money) can this be decided:
        ``e`` must be dearer, or equally dear and later in the tie order than every project
        funded at that same price factor up to ``position`` (the proof in :meth:`certified_width`
        compares ``e`` with the earliest of them).
        """
        plain = self.plain_rho_at(run, position)
        if plain is None or rho < float(plain) * (1 - EPS):
            return False
        mine = self.plain_rho(e, budgets, fuzzy, rho)
        if mine is None:
            return False
        if mine > plain:
            return True
        if mine < plain:
            return False
        low = float(plain) * (1 - EPS)
        k = position
        while k >= 0 and run.rhos[k] >= low:
            if self.tie_rank[run.selected[k]] > self.tie_rank[e]:
                return False
            k -= 1
        return True

    def certified_width(self, run: MesRun, endowment: Fraction) -> tuple[Fraction, MesRun | None]:
        """How far above ``run.endowment`` (up to ``endowment``) it is proved that MES funds
        the same projects as ``run``: the whole interval, a whole number of cells of the
        sharper bounds' grid (:class:`_IntervalBounds`), or 0; and, when the whole interval is
        proved, MES's run at ``endowment`` (the forced run below, see
        :meth:`_in_funding_order`), from which the next proof can start without a count.

        MES is like Dijkstra's algorithm: every project's rho only grows as voters pay, the
        funded rhos form a non-decreasing sequence, and funding a project changes only the rhos
        of projects sharing a supporter with it. So the outcome is fixed by the relative order
        of *overlapping* projects; non-overlapping ones may swap freely.

        Force the run's funding order at the high endowment. Budgets at every round are then
        monotone in the endowment (a payment ``max(0, b - rho*u)`` grows with ``b``, and rho
        shrinks as budgets grow), so at any endowment in the interval a funded project's rho is
        at most its rho in ``run`` and any other project's rho is at least its value in the
        forced run. Check, at each round, that every unfunded project sharing a supporter with
        the funded one is dearer at the high end than the funded one at the low end, and that
        every project never funded is unaffordable at the high end. Then, at any endowment in
        between, the first project MES would fund out of this dependency order must beat the
        earliest project not yet funded, whose rho is at most the rho it was checked against
        (the sequence is non-decreasing): a contradiction. Float margins of EPS keep this safe.
        Where this plain check fails, :class:`_IntervalBounds` tries it cell by cell.
        """
        n = len(self.index)
        width = endowment - run.endowment
        budgets = np.full(self.n_groups, float(endowment))
        fuzzy = np.zeros(self.n_groups, dtype=bool)
        stale = self.cost / np.where(self.wu_total > 0, self.wu_total, 1)
        dirty = np.ones(n, dtype=bool)
        alive = np.ones(n, dtype=bool)
        bounds = _IntervalBounds(self, run, float(width))
        cells = bounds.CELLS
        #: The forced run at the top, kept in case the whole interval is proved.
        top = MesRun(endowment)
        for position, (chosen, rho_low) in enumerate(zip(run.selected, run.rhos, strict=True)):
            limit = rho_low * (1 + EPS)
            alive[chosen] = False
            rho_high, _ = self.rho(chosen, budgets)
            if rho_high == INF:
                return Fraction(0), None
            bounds.start_round(rho_high)
            suspects = alive & self.overlap[chosen] & (stale <= limit)
            for e in np.flatnonzero(suspects).tolist():
                if dirty[e]:
                    rho, sure = self.rho(e, budgets)
                    if not sure:
                        return Fraction(0), None
                    stale[e] = rho
                    dirty[e] = False
                if stale[e] <= limit and not self._loses_tie(
                    e, stale[e], run, position, budgets, fuzzy
                ):
                    cells = min(cells, bounds.competitor_cells(e, position, budgets, fuzzy))
                    if not cells:
                        return Fraction(0), None
            top.selected.append(chosen)
            top.rhos.append(rho_high)
            top.snapshots.append(self._pay_float(chosen, rho_high, budgets, fuzzy))
            dirty |= self.overlap[chosen]
        # Money only grows with the endowment: unaffordable at the top, unaffordable below;
        # affordable at the top, perhaps still unaffordable in the first cells.
        for e in np.flatnonzero(alive).tolist():
            available = float(self.sup_w[e] @ budgets[self.sup[e]])
            if available >= self.cost[e] * (1 - EPS):
                cells = min(cells, bounds.unaffordable_cells(e, budgets, fuzzy))
                if not cells:
                    return Fraction(0), None
        if cells == bounds.CELLS:
            return width, self._in_funding_order(top)
        return width * Fraction(cells, bounds.CELLS), None

    def _in_funding_order(self, forced: MesRun) -> MesRun | None:
        """The forced run at the top of a proved interval as MES's own run there: projects
        that share no supporter may come in another order, so sort by price factor (the
        order of those that do share one is proved); None if a near tie makes that order
        uncertain."""
        rhos = forced.rhos
        order = sorted(range(len(rhos)), key=rhos.__getitem__)
        for a, b in itertools.pairwise(order):
            if rhos[b] <= rhos[a] * (1 + EPS):
                return None
        if order == sorted(order):
            return forced
        selected = forced.selected
        for later, t in enumerate(order):
            for s in order[later + 1 :]:
                if s < t and self.overlap[selected[s], selected[t]]:
                    return None
        run = MesRun(forced.endowment)
        for t in order:
            run.selected.append(selected[t])
            run.rhos.append(rhos[t])
            run.snapshots.append(forced.snapshots[t])
        return run


class _IntervalBounds:
    """Sharper bounds for :meth:`_Engine.certified_width` on an endowment interval ``[p, q]``.

    The plain check compares a competitor's price factor at ``q`` with the funded project's at
    ``p``; over a long interval that gives away how much the funded project's price factor
    falls. Both ends are tightened with bounds on the *rate* at which each group's money
    grows with the endowment ``b`` in the forced funding order, valid on the whole interval:

    * before the first round every group's money is ``b``: rate 1;
    * the price factor of the project funded in a round moves as
      ``rho' = -(sum over short supporters of w * money') / (sum over the others of w * u)``
      (the short ones pay all they have, the others share the rest by utility). A supporter
      short at some ``b`` in the interval is short at ``p`` too (money grows and price factors
      fall with ``b``), so ``rho`` falls at most at rate ``F`` = (highest rates of those
      short at ``p``) / (utility of the others), and at least at rate ``f`` = (lowest rates
      of those short at every ``b``) / (utility of all but those);
    * after paying, a supporter not short at ``p`` (hence nowhere) has its rate raised by
      ``f * u`` to ``F * u``; one short at ``p`` has a rate between 0 and its highest rate
      plus ``F * u``; one short at every ``b`` is left with nothing, at rate 0.

    Hence, for ``b`` in a cell ``[b_k, b_k+1]`` of a grid over ``[p, q]``:

    * a funded project's price factor is at most its value at ``p`` less its lowest rate of
      fall times ``b_k - p``, and at most its value at ``q`` plus its highest rate of fall
      times ``q - b_k``; the largest price factor funded so far (the proof needs that running
      maximum) is at most the maximum of these bounds;
    * a group's money is at most its *virtual* money at ``p`` (the endowment minus every
      share it was asked for, without stopping at 0: a group short of money starts the
      interval in debt) plus its highest rate times ``b_k+1 - p``, or 0 if that is negative;
      and at most its money at ``q`` less ``q - b_k+1`` times the larger of its lowest rate
      and 1 (a group with money at ``b`` pays shares, never all it has, from there to ``q``,
      so its money grows at least as fast as the endowment), or 0.
      If a competitor's supporters cannot pay its cost at the running maximum with that much
      money, it is dearer throughout the cell.

    The money at ``p`` and the rates are worked out round by round only as far as a check
    needs them.
    """

    #: Cells of the grid over the interval.
    CELLS = 16
    #: A rate standing for "no bound" (finite, so that a rate times 0 stays 0).
    NO_BOUND = 1e18

    def __init__(self, engine: _Engine, run: MesRun, width: float) -> None:
        self.engine = engine
        self.run = run
        self.width = width
        self.offsets = np.linspace(0.0, width, self.CELLS + 1)
        self.prefix_max = np.maximum.accumulate(np.asarray(run.rhos)) if run.rhos else None
        low = float(run.endowment)
        self.slack = (low * 2 + width) * EPS  # bounds any float crumb in the interval
        groups = engine.n_groups
        #: Each group's money at ``p`` as if it could go below zero (a group short of money
        #: is "in debt" by what it could not pay), replayed round by round.
        self.virtual = np.full(groups, low)
        #: Lowest and highest rate at which each group's money grows with the endowment.
        self.rate_low = np.ones(groups)
        self.rate_high = np.ones(groups)
        #: Per round worked out, the lowest and highest rate at which the funded project's
        #: price factor falls; per round of the forced run, that price factor at q.
        self._falls: list[tuple[float, float]] = []
        self._top_rhos: list[float] = []
        #: The next round's :meth:`_round`, once asked for.
        self._ahead: tuple[int, tuple[float, float, np.ndarray, np.ndarray, np.ndarray]] | None = (
            None
        )
        self._funded: dict[int, np.ndarray] = {}

    def start_round(self, rho: float) -> None:
        """Record the next round of the forced run at ``q``: its project's price factor."""
        self._top_rhos.append(rho)

    def _catch_up(self, position: int) -> None:
        """Bring the money at ``p`` and the rates up to (not including) round ``position``:
        worked out only when a check needs the sharper bounds."""
        while len(self._falls) < position:
            t = len(self._falls)
            s = self.engine.sup[self.run.selected[t]]
            fall_low, fall, low, high, virtual = self._next(t)
            self._falls.append((fall_low, fall))
            self.rate_low[s] = low
            self.rate_high[s] = high
            self.virtual[s] = virtual

    def _next(self, t: int) -> tuple[float, float, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`_round` for the next round to work out, computed once."""
        if self._ahead is None or self._ahead[0] != t:
            self._ahead = (t, self._round(t))
        return self._ahead[1]

    def _round(self, t: int) -> tuple[float, float, np.ndarray, np.ndarray, np.ndarray]:
        """Round ``t`` at ``p`` (rounds before it worked out): the lowest and highest rate at
        which the funded project's price factor falls, and its supporters' rates and virtual
        money after it."""
        engine = self.engine
        e = self.run.selected[t]
        rho = self.run.rhos[t]
        s = engine.sup[e]
        money, fuzzy = self.run.snapshots[t]
        rate_low, rate_high = self.rate_low[s], self.rate_high[s]
        virtual = self.virtual[s]
        same_u = engine.u_const[e]
        u = same_u if same_u else engine.u[e]
        # Short of money at p (or maybe so): maybe short somewhere in the interval.
        # (Masks enter sums through dot products: much faster than boolean indexing.)
        short = money <= rho * u * (1 + EPS)
        short |= fuzzy
        wu, w = engine.wu[e], engine.sup_w[e]
        sharing = engine.wu_total[e] - float(np.dot(wu, short))
        if sharing > 0:
            fall = float(np.dot(w * rate_high, short)) / sharing
            width = self.width
            # Short even with the most money and the lowest price factor at q.
            sure = virtual + rate_high * width + self.slack < (rho - fall * width) * u * (1 - EPS)
            rest = engine.wu_total[e] - float(np.dot(wu, sure))
            fall_low = float(np.dot(w * rate_low, sure)) / rest if rest > 0 else 0.0
            high = rate_high + fall * u
            np.minimum(high, self.NO_BOUND, out=high)
            high *= ~sure
        else:
            fall_low, fall = 0.0, INF
            high = np.full(len(s), self.NO_BOUND)
        low = rate_low + fall_low * u
        low *= ~short
        return fall_low, fall, low, high, virtual - rho * u

    def _falls_at(self, position: int) -> tuple[float, float]:
        """The lowest and highest rate at which the price factor of the project funded at
        ``position`` falls (rounds before it worked out)."""
        if position < len(self._falls):
            return self._falls[position]
        return self._next(position)[:2]

    def funded_bound(self, position: int) -> np.ndarray:
        """Upper bounds, per cell, of the price factor of the project funded at
        ``position`` at any endowment in the cell: it falls at least at the lowest rate from
        its value at ``p`` and at most at the highest rate down to its value at ``q``."""
        cached = self._funded.get(position)
        if cached is None:
            self._catch_up(position)
            fall_low, fall = self._falls_at(position)
            starts = self.offsets[:-1]
            cached = self.run.rhos[position] - fall_low * starts
            if fall < INF:
                from_high = self._top_rhos[position] + fall * (self.width - starts)
                cached = np.minimum(cached, from_high)
            cached *= 1 + EPS
            self._funded[position] = cached
        return cached

    def running_max(self, position: int) -> np.ndarray:
        """Upper bounds, per cell, of the largest price factor funded up to ``position``."""
        assert self.prefix_max is not None
        bound = self.funded_bound(position)
        earlier = position - 1
        # The run's price factors never fall, so rounds before ``earlier`` can only matter
        # while the largest of them could still raise some cell.
        while earlier >= 0 and self.prefix_max[earlier] * (1 + EPS) > bound.min():
            bound = np.maximum(bound, self.funded_bound(earlier))
            earlier -= 1
        return bound

    def most_money(
        self, e: int, position: int, budgets: np.ndarray, fuzzy: np.ndarray
    ) -> np.ndarray:
        """Upper bounds of the money of ``e``'s supporters (rows) at the top of each cell
        (columns) before round ``position``; ``budgets``: the forced run's at ``q`` then."""
        self._catch_up(position)
        s = self.engine.sup[e]
        ends = self.offsets[None, 1:]
        # A float zero may stand for an exact crumb: allow for one.
        high = budgets[s] + np.where(fuzzy[s], self.slack, 0.0)
        climb = np.maximum(self.rate_low[s], 1.0)[:, None]
        from_high = np.maximum(high[:, None] - climb * (self.width - ends), 0.0)
        low = self.virtual[s] + self.slack
        from_low = np.maximum(low[:, None] + self.rate_high[s][:, None] * ends, 0.0)
        return np.minimum(from_low, from_high)

    def competitor_cells(
        self, e: int, position: int, budgets: np.ndarray, fuzzy: np.ndarray
    ) -> int:
        """In how many leading cells of the grid competitor ``e`` is provably dearer than
        every project funded up to ``position`` (``budgets``: the forced run's at ``q``)."""
        if self.width <= 0 or not self.run.snapshots:
            return 0
        engine = self.engine
        most = self.most_money(e, position, budgets, fuzzy)
        price = self.running_max(position)
        money = engine.sup_w[e] @ np.minimum(most, price[None, :] * engine.u[e][:, None])
        return self._leading(money < engine.cost[e] * (1 - EPS))

    def unaffordable_cells(self, e: int, budgets: np.ndarray, fuzzy: np.ndarray) -> int:
        """In how many leading cells project ``e`` is provably unaffordable (``budgets``: the
        forced run's at ``q``, after its last round)."""
        if self.width <= 0:
            return 0
        rounds = len(self.run.selected)
        money = self.engine.sup_w[e] @ self.most_money(e, rounds, budgets, fuzzy)
        return self._leading(money < self.engine.cost[e] * (1 - EPS))

    def _leading(self, holds: np.ndarray) -> int:
        return self.CELLS if holds.all() else int(np.argmin(holds))


class _ExactLedger:
    """Exact budgets of one run, computed only where a decision needs them.

    A group's exact budget before round ``t`` is its endowment minus its exact payments in
    earlier rounds; a payment needs that round's exact rho, which is a plain ratio when nobody
    was short of money and otherwise comes (recursively, memoised) from the exact budgets of
    that round's supporters. So a near tie costs work proportional to the supporters involved,
    not a replay of the whole election in fractions.
    """

    def __init__(self, engine: _Engine, run: MesRun) -> None:
        self.engine = engine
        self.run = run
        self.rhos: list[Fraction | None] = []  # per round: exact rho if known
        self.round_of: dict[int, int] = {}  # eligible project -> round it was funded in
        self.budgets: dict[tuple[int, int], Fraction] = {}

    def record(self, rho: Fraction | None) -> None:
        """Called as a round's project is funded, before it is appended to the run."""
        self.rhos.append(rho)

    def rho_now(self, e: int) -> Fraction | None:
        t = len(self.rhos)
        return self.engine.exact_rho(e, lambda g: self.budget(g, t))

    def rho_at(self, t: int) -> Fraction:
        rho = self.rhos[t]
        if rho is None:
            rho = self.engine.plain_rho_at(self.run, t)
        if rho is None:
            e = self.run.selected[t]
            rho = self.engine.exact_rho(e, lambda g: self.budget(g, t))
            assert rho is not None
        self.rhos[t] = rho
        return rho

    def budget(self, g: int, t: int) -> Fraction:
        """Exact budget of group ``g`` before round ``t``."""
        key = (g, t)
        cached = self.budgets.get(key)
        if cached is not None:
            return cached
        value = Fraction(self.run.endowment)
        rounds = self.run_rounds()
        paid = sorted(
            (rounds[e], u) for e, u in self.engine.group_projects[g] if rounds.get(e, t) < t
        )
        for k, u in paid:
            value = max(value - self.rho_at(k) * u, Fraction(0))
        self.budgets[key] = value
        return value

    def run_rounds(self) -> dict[int, int]:
        if len(self.round_of) != len(self.run.selected):
            self.round_of = {e: k for k, e in enumerate(self.run.selected)}
        return self.round_of


def method_of_equal_shares(election: Election, options: CountOptions) -> MesResult:
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
        return MesResult([], Fraction(0), {}, 0, 0)
    endowment = Fraction(election.budget) / n_voters
    if options.endowment == "floor":
        endowment = Fraction(math.floor(endowment))
    engine = _Engine(election, options)
    free = engine.free
    costs = [p.cost for p in election.projects]
    free_cost = sum(costs[j] for j in free)

    run = engine.run(endowment)
    runs, certified = 1, 0
    if options.completion in ("add1", "add1-until-overspend"):
        search = functools.partial(
            _add1,
            engine,
            run,
            election.budget - free_cost,
            stop_when_exhaustive=options.completion == "add1",
        )
        try:
            run, runs, certified = search(prove=True)
        except _ProofFailed:
            # Never seen; if it happens, the exact one-step search gives the right answer.
            logger.error("MES Add1: an interval proof did not hold; counting step by step")
            run, runs, certified = search(prove=False)
    shares = dict.fromkeys(free, 0.0)
    for e, rho in zip(run.selected, run.rhos, strict=True):
        shares[engine.index[e]] = rho * float(engine.u[e].max())
    selected = free + [engine.index[e] for e in run.selected]
    return MesResult(selected, run.endowment, shares, runs, certified)


class _ProofFailed(Exception):
    """An Add1 interval proof was contradicted by a count (a bug, never seen)."""


def _add1(
    engine: _Engine, run: MesRun, budget: Number, *, prove: bool, stop_when_exhaustive: bool
) -> tuple[MesRun, int, int]:
    """The Add1 search from ``run`` (the first endowment) for projects costing at most
    ``budget`` together: the run it stops at, how many runs it made and how many steps it
    proved it could skip (``prove``)."""
    runs, certified = 1, 0
    previous = run
    last_endowment = run.endowment
    search = _ProofPacing()
    while True:
        spent = sum(engine.cost_exact[e] for e in run.selected)
        if spent > budget:
            # The outcome is the one just below this endowment: the previous run's, proved
            # constant up to here. Count it there, so that the endowment and what voters
            # paid are reported for the same endowment as a one-step search would.
            run = previous
            if run.endowment != last_endowment:
                run = engine.run(last_endowment)
                runs += 1
                if set(run.selected) != set(previous.selected):
                    raise _ProofFailed
            return run, runs, certified
        chosen = set(run.selected)
        if len(chosen) == len(engine.index):
            return run, runs, certified
        left = budget - spent
        if stop_when_exhaustive and all(
            engine.cost_exact[e] > left for e in range(len(engine.index)) if e not in chosen
        ):
            return run, runs, certified
        # Jump over endowments at which the outcome provably cannot change.
        steps, top = 0, None
        width = search.width() if prove else 0
        if width:
            proved, top = engine.certified_width(run, run.endowment + width)
            steps = math.floor(proved)
            search.learn(width, steps, top is not None)
        certified += steps
        if top is not None:
            # Proved all the way: the forced run at the top is MES's run there, and the
            # next proof can start from it without counting anything.
            run = top
            continue
        previous = run
        last_endowment = run.endowment + steps
        run = engine.run(last_endowment + 1)
        runs += 1
        search.counted(run.selected != previous.selected)


class _ProofPacing:
    """How wide an interval the Add1 search tries to prove next, and when not to try.

    A proof attempt costs about two runs. Its width follows what the last attempt proved:
    after a whole interval, twice as wide (four times after two in a row); after part of one,
    an eighth, since the proof failed in one cell of its 16-cell grid and the next attempt
    starts just after what it proved; after nothing, an eighth as well. Right after the
    funding order changes the two projects that swapped are still nearly tied, so no proof
    can start there: the next endowment is simply counted, and proofs start again at 16 steps.
    Where attempts keep proving too little to pay for themselves, they are made only at every
    second, fourth, ... run, up to one in 32.
    """

    SMALLEST = 4
    AFTER_CHANGE = 16

    def __init__(self) -> None:
        self.guess = self.SMALLEST
        self.last_whole = False
        self.profit = 1.0
        self.failures = 0
        self.skip = 0

    def width(self) -> int:
        """The width to try now, or 0 to run the next endowment without a proof."""
        if self.skip:
            self.skip -= 1
            return 0
        return self.guess

    def learn(self, width: int, steps: int, whole: bool) -> None:
        """An attempt at ``width`` proved ``steps`` steps (``whole``: all of them)."""
        if whole:
            self.guess = width * (4 if self.last_whole else 2)
        else:
            self.guess = max(self.SMALLEST, width // 8)
        self.last_whole = whole
        # Runs saved minus the attempt's cost, in runs.
        self.profit = 0.7 * self.profit + 0.3 * (steps + whole - 1.0)
        self.failures = 0 if self.profit > 0 else self.failures + 1
        self.skip = min(2**self.failures, 32) - 1 if self.failures else 0

    def counted(self, changed: bool) -> None:
        """A run was made; ``changed``: its funding order differs from the one before."""
        if changed:
            self.guess = max(self.guess, self.AFTER_CHANGE)
            self.last_whole = False
            self.skip = max(self.skip, 1)
