"""Benchmark of the help-exchange matching pass (arki/helpexchange/matching).

1. Speed: 10,000 open requests and 5,000 volunteers (capacity 2 each) spread over the
   villages of Kainuu; time of one full ranking-and-assignment pass (target < 10 s).
2. Quality on a subset against scipy's dense optimum (linear_sum_assignment):
   a. travel only (all other weights zero): total travel of the pass vs the optimum
      (target within 10 %);
   b. default weights: the pass's points vs the dense optimum of the same points (is the
      sparse k-nearest pass losing anything?), and what the default plan's travel costs
      compared with the travel-only optimum (the price of availability, skills, continuity
      and fair load, which are worth more to people than a few kilometres).

Run: .venv/bin/python bench/matching/run.py [--requests 10000 --volunteers 5000 --subset 600]
Writes bench/matching/results/latest.json and prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from arki.helpexchange.matching import (  # noqa: E402
    RequestFacts,
    VolunteerFacts,
    Weights,
    assign_all,
    policy_for,
    rank,
)
from arki.helpexchange.matching.geo import travel_km_matrix  # noqa: E402
from arki.helpexchange.matching.ranking import score  # noqa: E402
from arki.helpexchange.villages import KAINUU_VILLAGES  # noqa: E402

TASKS = ["shopping", "post", "walk", "it_guidance", "home_chores", "errand", "other"]
TASK_WEIGHTS = [26, 14, 20, 16, 10, 9, 5]
TRAVEL_ONLY = Weights(
    available=0, unavailable=0, skill=0, continuity=0, continuity_extra=0, per_load=0
)
POLICY = policy_for("standard")
INFEASIBLE = 1e6


def scenario(n_requests: int, n_volunteers: int, seed: int):
    """People live around village centres (a few km of scatter), more in the towns."""
    rng = random.Random(seed)
    villages = [v for vs in KAINUU_VILLAGES.values() for v in vs]
    weights = [4 if i == 0 else 1 for vs in KAINUU_VILLAGES.values() for i in range(len(vs))]

    def point():
        _name, lat, lon = rng.choices(villages, weights)[0]
        return lat + rng.gauss(0, 0.03), lon + rng.gauss(0, 0.06)

    volunteers = []
    for i in range(n_volunteers):
        lat, lon = point()
        volunteers.append(
            VolunteerFacts(
                id=i,
                lat=lat,
                lon=lon,
                age=rng.choice([14, 15, 16, 17, 18, 19, 22, 35, 67]),
                weekdays=frozenset(rng.sample(range(7), rng.randint(2, 5))),
                skills=frozenset(rng.sample(TASKS, 3)),
                max_km=rng.choice([15.0, 20.0, 30.0, 40.0]),
                load=rng.randint(0, 4),
                capacity=2,
                helped={
                    rng.randrange(n_requests): rng.randint(1, 4) for _ in range(rng.randint(0, 3))
                },
            )
        )
    requests = []
    for i in range(n_requests):
        lat, lon = point()
        requests.append(
            RequestFacts(
                id=i,
                lat=lat,
                lon=lon,
                task_type=rng.choices(TASKS, TASK_WEIGHTS)[0],
                recipient_id=rng.randrange(n_requests),
                weekday=None if rng.random() < 0.2 else rng.randrange(7),
            )
        )
    return requests, volunteers


def timed(fn, *args, **kwargs):
    """(result, wall seconds, CPU seconds): the machine is shared, so both are recorded."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start, time.process_time() - cpu


def dense_optimum(requests, volunteers, weights: Weights, objective: str):
    """scipy's exact optimum over all pairs, volunteers repeated by capacity, with the same
    eligibility as the pass (radius, and no minor alone in a home)."""
    km = travel_km_matrix(
        np.array([r.lat for r in requests]),
        np.array([r.lon for r in requests]),
        np.array([v.lat for v in volunteers]),
        np.array([v.lon for v in volunteers]),
    )
    cost = np.full(km.shape, INFEASIBLE)
    for i, r in enumerate(requests):
        for j, v in enumerate(volunteers):
            if (
                km[i, j] <= v.max_km
                and POLICY.may_take(v.age, r.task_type)
                and not POLICY.needs_partner(v.age, r.task_type)
            ):
                cost[i, j] = (
                    km[i, j]
                    if objective == "travel"
                    else -score(v, r, km[i, j], POLICY, weights)[0]
                )
    slots = np.repeat(np.arange(len(volunteers)), [v.capacity for v in volunteers])
    cost_slots = cost[:, slots]
    rows, cols = linear_sum_assignment(cost_slots)
    feasible = cost_slots[rows, cols] < INFEASIBLE / 2
    matched_km = km[rows[feasible], slots[cols[feasible]]]
    return (
        int(feasible.sum()),
        float(matched_km.sum()),
        float(-cost_slots[rows, cols][feasible].sum()),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--volunteers", type=int, default=5_000)
    parser.add_argument("--subset", type=int, default=600)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()

    requests, volunteers = scenario(args.requests, args.volunteers, args.seed)
    plan, seconds, cpu_seconds = timed(assign_all, requests, volunteers, POLICY)
    _ranked, rank_seconds, _cpu = timed(rank, requests[0], volunteers, POLICY, limit=20)

    sub_r, sub_v = scenario(args.subset, args.subset // 2, args.seed + 1)
    travel_plan = assign_all(sub_r, sub_v, POLICY, weights=TRAVEL_ONLY)
    opt_n, opt_km, _ = dense_optimum(sub_r, sub_v, TRAVEL_ONLY, "travel")
    default_plan = assign_all(sub_r, sub_v, POLICY)
    pts_n, _pts_km, opt_points = dense_optimum(sub_r, sub_v, Weights(), "points")

    results = {
        "machine": f"{platform.machine()} python {platform.python_version()}",
        "requests": args.requests,
        "volunteers": args.volunteers,
        "pass_seconds": round(seconds, 2),
        "pass_cpu_seconds": round(cpu_seconds, 2),
        "assigned": len(plan),
        "rank_one_request_seconds": round(rank_seconds, 3),
        "subset": {"requests": args.subset, "volunteers": args.subset // 2},
        "travel_only": {
            "pass_assigned": len(travel_plan),
            "optimal_assigned": opt_n,
            "pass_km": round(sum(a.km for a in travel_plan), 1),
            "optimal_km": round(opt_km, 1),
        },
        "default_weights": {
            "pass_assigned": len(default_plan),
            "optimal_assigned": pts_n,
            "pass_points": round(sum(a.points for a in default_plan), 1),
            "optimal_points": round(opt_points, 1),
            "pass_km": round(sum(a.km for a in default_plan), 1),
        },
    }
    t = results["travel_only"]
    d = results["default_weights"]
    t["gap_percent"] = round(100 * (t["pass_km"] / t["optimal_km"] - 1), 2)
    d["points_gap_percent"] = round(100 * (1 - d["pass_points"] / d["optimal_points"]), 2)
    d["travel_vs_travel_optimum_percent"] = round(100 * (d["pass_km"] / t["optimal_km"] - 1), 1)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    rows = [
        ("measure", "result", "target"),
        ("---", "---", "---"),
        (
            f"full pass, {args.requests:,} requests x {args.volunteers:,} volunteers",
            f"{seconds:.2f} s wall, {cpu_seconds:.2f} s CPU ({len(plan):,} assigned)",
            "< 10 s",
        ),
        (
            f"ranking one request over {args.volunteers:,} volunteers",
            f"{rank_seconds * 1000:.0f} ms",
            "",
        ),
        (
            f"travel-only pass vs optimum ({args.subset} x {args.subset // 2})",
            f"{t['pass_km']} km vs {t['optimal_km']} km ({t['gap_percent']:+} %), "
            f"{t['pass_assigned']} vs {t['optimal_assigned']} assigned",
            "within 10 %",
        ),
        (
            "default weights: points vs dense optimum of the same points",
            f"{d['pass_points']} vs {d['optimal_points']} ({-d['points_gap_percent']:+} %), "
            f"{d['pass_assigned']} vs {d['optimal_assigned']} assigned",
            "",
        ),
        (
            "default weights: travel vs travel-only optimum",
            f"{d['pass_km']} km ({d['travel_vs_travel_optimum_percent']:+} %)",
            "trade-off",
        ),
    ]
    print("\n".join("| " + " | ".join(row) + " |" for row in rows))


if __name__ == "__main__":
    main()
