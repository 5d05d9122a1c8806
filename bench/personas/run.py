"""Benchmark of features + clustering for the analysis tool (issue 4 target: 100,000
participants in under 30 s and 2 GiB on the 2-core machine), timed on the product's path.

1. ``build``: 100,000 generated participants (``arki.insight.demo_data``: the planted life
   patterns the tests use) go into the database as real rows: people, participants, service
   maps, diary days and two coders' codings (bulk inserts; a few minutes, done once: a
   process of the same size already in the database is reused).
2. ``path`` (each run in a fresh process, so that ``ru_maxrss`` is its own peak): what the
   clustering job runs: ``services.feature_data`` (database → per-participant totals →
   feature matrix) and ``services.groups_plan`` (k-means per municipality and age group with
   the silhouette proposal, then k-anonymity), then ``cluster_run_create`` saving the groups
   (rolled back).

Run (PostgreSQL; the database is created if missing):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/arki_personas_bench \\
        .venv/bin/python bench/personas/run.py [--n 100000] [--runs 3]
Writes bench/personas/results/latest.json and prints one JSON line per step.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def step(*args: str) -> dict:
    output = subprocess.run(
        [sys.executable, str(HERE / "worker.py"), *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = [step("build", str(args.n))]
    print(json.dumps(results[0]), flush=True)
    for _run in range(args.runs):
        results.append(step("path"))
        print(json.dumps(results[-1]), flush=True)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
