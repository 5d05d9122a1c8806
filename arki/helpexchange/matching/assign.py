"""A full assignment pass: many open requests, many volunteers, one optimal plan.

Candidates are each request's nearest volunteers (a k-d tree on unit vectors, so 10,000 x
5,000 never builds a dense matrix); the points of `ranking.score` are computed for all
candidate edges at once with numpy; then a minimum-cost bipartite matching (scipy's sparse
LAPJV) picks the plan that first helps as many requests as possible and then maximises the
points. A volunteer with capacity c appears as c slots. Minors who would need a partner are
left out of the automatic pass: pairs are put together by a coordinator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching
from scipy.spatial import cKDTree

from .geo import EARTH_RADIUS_KM, ROAD_FACTOR
from .model import RequestFacts, VolunteerFacts
from .ranking import DEFAULT_WEIGHTS, Weights
from .safety import SafetyPolicy

# Leaving a request without a helper costs more than any real edge, so the plan helps as
# many requests as possible before it optimises points.
UNASSIGNED_COST = 10_000.0
_SHIFT = 1_000.0  # keeps every real edge cost positive (sparse zeros mean "no edge")


@dataclass(frozen=True)
class Assignment:
    request_id: int
    volunteer_id: int
    km: float
    points: float


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    p, lam = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(p) * np.cos(lam), np.cos(p) * np.sin(lam), np.sin(p)])


def _nearest(
    points_from: np.ndarray, points_to: np.ndarray, k: int, max_chord: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    chord, idx = cKDTree(points_to).query(
        points_from, k=min(k, len(points_to)), distance_upper_bound=max_chord
    )
    chord, idx = chord.reshape(len(points_from), -1), idx.reshape(len(points_from), -1)
    found = np.isfinite(chord)
    return np.nonzero(found)[0], idx[found], chord[found]


def _candidates(
    requests: Sequence[RequestFacts], volunteers: Sequence[VolunteerFacts], k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(request index, volunteer index, travel km) of candidate pairs: each request's k
    nearest volunteers and each volunteer's k nearest requests. The second half matters
    where helpers are scarce: it gives an outlying volunteer's requests a way in, so the
    matching can move a nearer helper elsewhere (an augmenting path) instead of leaving a
    request without help."""
    v_xyz = _unit_vectors(
        np.array([v.lat for v in volunteers]), np.array([v.lon for v in volunteers])
    )
    r_xyz = _unit_vectors(np.array([r.lat for r in requests]), np.array([r.lon for r in requests]))
    angle = max(v.max_km for v in volunteers) / ROAD_FACTOR / EARTH_RADIUS_KM
    max_chord = 2 * np.sin(angle / 2) + 1e-12
    r_rows, r_cols, r_chord = _nearest(r_xyz, v_xyz, k, max_chord)
    v_cols, v_rows, v_chord = _nearest(v_xyz, r_xyz, k, max_chord)
    keys = np.concatenate([r_rows * len(volunteers) + r_cols, v_rows * len(volunteers) + v_cols])
    chords = np.concatenate([r_chord, v_chord])
    keys, first = np.unique(keys, return_index=True)
    rows, cols = np.divmod(keys, len(volunteers))
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, chords[first] / 2)) * ROAD_FACTOR
    return rows, cols, km


def edge_points(
    requests: Sequence[RequestFacts],
    volunteers: Sequence[VolunteerFacts],
    rows: np.ndarray,
    cols: np.ndarray,
    km: np.ndarray,
    weights: Weights = DEFAULT_WEIGHTS,
) -> np.ndarray:
    """`ranking.score` for many edges at once (a test checks the two agree)."""
    task_types = sorted({r.task_type for r in requests})
    task_index = {t: i for i, t in enumerate(task_types)}
    r_task = np.array([task_index[r.task_type] for r in requests])[rows]
    r_day = np.array([-1 if r.weekday is None else r.weekday for r in requests])[rows]
    v_days = np.array([sum(1 << d for d in v.weekdays) for v in volunteers])[cols]
    v_skills = np.array(
        [sum(1 << task_index[s] for s in v.skills if s in task_index) for v in volunteers]
    )[cols]
    v_load = np.array([v.load for v in volunteers])[cols]

    day_free = (v_days >> np.maximum(r_day, 0)) & 1
    points = weights.base - weights.per_km * km - weights.per_load * v_load
    points += np.where(
        r_day < 0, 0.0, np.where(day_free == 1, weights.available, weights.unavailable)
    )
    points += np.where((v_skills >> r_task) & 1, weights.skill, 0.0)
    points += _continuity(requests, volunteers, rows, cols, weights)
    return points


def _continuity(requests, volunteers, rows, cols, weights: Weights) -> np.ndarray:
    helped = {
        (vi, recipient): times
        for vi, v in enumerate(volunteers)
        for recipient, times in v.helped.items()
        if times
    }
    bonus = np.zeros(len(rows))
    if not helped:
        return bonus
    recipients = [requests[r].recipient_id for r in rows]
    for e, (vi, recipient) in enumerate(zip(cols.tolist(), recipients, strict=True)):
        times = helped.get((vi, recipient))
        if times:
            bonus[e] = weights.continuity + weights.continuity_extra * min(times - 1, 3)
    return bonus


def _allowed(
    requests: Sequence[RequestFacts],
    volunteers: Sequence[VolunteerFacts],
    rows: np.ndarray,
    cols: np.ndarray,
    km: np.ndarray,
    policy: SafetyPolicy,
) -> np.ndarray:
    """Within the volunteer's own radius, and safe for the volunteer to do alone."""
    ages = sorted({v.age for v in volunteers})
    task_types = sorted({r.task_type for r in requests})
    ok = {
        (age, t): policy.may_take(age, t) and not policy.needs_partner(age, t)
        for age in ages
        for t in task_types
    }
    v_age = [volunteers[c].age for c in cols.tolist()]
    r_task = [requests[r].task_type for r in rows.tolist()]
    safe = np.fromiter((ok[a, t] for a, t in zip(v_age, r_task, strict=True)), bool, len(rows))
    return safe & (km <= np.array([v.max_km for v in volunteers])[cols])


def _solve(
    requests: Sequence[RequestFacts],
    volunteers: Sequence[VolunteerFacts],
    capacity: np.ndarray,
    policy: SafetyPolicy,
    weights: Weights,
    k: int,
) -> list[tuple[int, int, float, float]]:
    """One optimal matching on the k-nearest candidate graph: (request index, volunteer
    index, km, points) for each request that gets a helper."""
    rows, cols, km = _candidates(requests, volunteers, k)
    keep = _allowed(requests, volunteers, rows, cols, km, policy)
    rows, cols, km = rows[keep], cols[keep], km[keep]
    if not len(rows):
        return []
    points = edge_points(requests, volunteers, rows, cols, km, weights)

    first_slot = np.concatenate([[0], np.cumsum(capacity)[:-1]])
    slots = int(capacity.sum())
    edge_slots = [first_slot[cols] + s for s in range(int(capacity.max(initial=0)))]
    valid = [s < first_slot[cols] + capacity[cols] for s in edge_slots]
    m_rows = np.concatenate([rows[v] for v in valid] + [np.arange(len(requests))])
    m_cols = np.concatenate(
        [s[v] for s, v in zip(edge_slots, valid, strict=True)] + [slots + np.arange(len(requests))]
    )
    costs = np.concatenate(
        [(_SHIFT - points)[v] for v in valid] + [np.full(len(requests), UNASSIGNED_COST)]
    )
    graph = csr_matrix((costs, (m_rows, m_cols)), shape=(len(requests), slots + len(requests)))
    _, matched = min_weight_full_bipartite_matching(graph)

    slot_owner = np.repeat(np.arange(len(volunteers)), capacity)
    edge_of = {(r, c): e for e, (r, c) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True))}
    result = []
    for r, column in enumerate(matched.tolist()):
        if column < slots:
            e = edge_of[r, int(slot_owner[column])]
            result.append((r, int(cols[e]), float(km[e]), float(points[e])))
    return result


def assign_all(
    requests: Sequence[RequestFacts],
    volunteers: Sequence[VolunteerFacts],
    policy: SafetyPolicy,
    weights: Weights = DEFAULT_WEIGHTS,
    k: int = 50,
    rounds: int = 3,
) -> list[Assignment]:
    """The best plan for all open requests at once; requests left out get no assignment.

    Where helpers are scarce a request's k nearest volunteers may all be taken, so each
    further round looks again for the requests still without a helper, among the
    volunteers who still have room (their nearest free volunteers may live further away).
    """
    remaining = np.array([max(v.capacity, 0) for v in volunteers], dtype=int)
    open_requests = list(range(len(requests)))
    plan: list[Assignment] = []
    for _round in range(rounds):
        free = np.nonzero(remaining > 0)[0]
        if not open_requests or not len(free):
            break
        sub_requests = [requests[i] for i in open_requests]
        sub_volunteers = [volunteers[int(j)] for j in free]
        matched = _solve(sub_requests, sub_volunteers, remaining[free], policy, weights, k)
        if not matched:
            break
        for r, c, km, points in matched:
            plan.append(Assignment(sub_requests[r].id, sub_volunteers[c].id, km, points))
            remaining[free[c]] -= 1
        done = {r for r, *_rest in matched}
        open_requests = [i for n, i in enumerate(open_requests) if n not in done]
    return plan
