"""How long WeasyPrint takes for the paper-kit batches (arki/insight/kits.py).

Kits for N people (normal and large print, Finnish and Swedish alternating) are rendered in a
fresh subprocess each, with unsaved model instances (no database: the batch job's cost is the
layout, not the queries). Reports wall time, pages, file size and peak memory (max RSS).

Run:  .venv/bin/python bench/pdf/run.py [--people 1 10 50 160]
Writes bench/pdf/results/latest.json and prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WORKER = r"""
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django
django.setup()
import logging
logging.getLogger("weasyprint").setLevel(logging.ERROR)
from arki.core.models import Person, Process, Workshop
from arki.insight.kits import kit_pdf
from pypdf import PdfReader
import io
people = [
    Person(code=f"P{{i:05d}}", access_code=f"A{{i:07d}}", language="sv" if i % 4 == 0 else "fi")
    for i in range({people})
]
workshop = Workshop(title="Palvelukartta ja päiväkirja", process=Process(name="Kainuun arki"))
start = time.perf_counter()
pdf = kit_pdf(people, workshop, large_print={large})
seconds = time.perf_counter() - start
pages = len(PdfReader(io.BytesIO(pdf)).pages)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "pages": pages, "bytes": len(pdf), "max_rss_mb": rss}}))
"""


def run(people: int, large: bool) -> dict:
    code = WORKER.format(root=str(ROOT), people=people, large=large)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    return {"people": people, "large_print": large, **json.loads(out.strip().splitlines()[-1])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs="+", default=[1, 10, 50, 160])
    args = parser.parse_args()
    rows = []
    for n in args.people:
        for large in (False, True):
            rows.append(run(n, large))
            print(json.dumps(rows[-1]), flush=True)  # a long run shows its progress
    result = {"machine": platform.platform(), "cpus": os.cpu_count(), "rows": rows}
    target = ROOT / "bench" / "pdf" / "results" / "latest.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2) + "\n")
    print("| kits | print | pages | seconds | s / kit | MB | max RSS MB |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['people']} | {'large' if r['large_print'] else 'normal'} | {r['pages']} "
            f"| {r['seconds']:.1f} | {r['seconds'] / r['people']:.2f} "
            f"| {r['bytes'] / 1e6:.1f} | {r['max_rss_mb']:.0f} |"
        )


if __name__ == "__main__":
    main()
