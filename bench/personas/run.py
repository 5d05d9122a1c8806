"""Benchmark features + clustering for the analysis tool (issue 4 target: 100,000 participants
in under 30 s and 2 GiB on the 2-core machine).

Two measurements:

1. ``synthetic``: 100,000 generated participants (``arki.insight.demo_data``, the same planted
   life patterns as the tests) turned into feature records; timed from records to published
   groups: the feature matrix, scaling, k-means with the silhouette proposal per municipality
   and age group, and k-anonymity. Building 100,000 people as database rows would take hours
   on this machine, so the records come straight from the generator (same dataclasses the
   database path produces).
2. ``db``: the real database path (``arki.analysis.features.records_for``) on a sample of
   participants bulk-inserted into a throwaway SQLite database, to give the per-participant
   cost of reading maps, diaries and codes.

Each measurement runs in its own subprocess so that peak memory (``ru_maxrss``) is its own.

    python bench/personas/run.py [--n 100000] [--db-n 2000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def run(kind: str, n: int) -> dict:
    output = subprocess.run(
        [sys.executable, str(HERE / "worker.py"), kind, str(n)],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--db-n", type=int, default=2_000)
    args = parser.parse_args()
    for kind, n in (("synthetic", args.n), ("db", args.db_n)):
        print(json.dumps(run(kind, n)))


if __name__ == "__main__":
    main()
