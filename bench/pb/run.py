"""Benchmark Arki's counting engine against pabutools on the pabulib files.

For each election: Arki's and pabutools' MES with Add1 completion (then greedy), and their
greedy rule, each in its own subprocess (pabutools capped at 15 minutes; past that it is
recorded as "did not finish"). Records time (reading + counting), peak memory of the child,
the speed ratio and whether the winners match. Results accumulate in
``bench/pb/results/<tools>.json`` (one file per set of tools, so the slow pabutools side can run
apart from Arki's; re-running a subset updates only those entries). All result files are
merged and rendered to ``bench/pb/results/results.md``.

    python bench/pb/run.py [DATA_DIR] [--tools arki,pabutools] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
RESULTS_DIR = HERE / "results"
TABLE = RESULTS_DIR / "results.md"
RULES = ("mes", "greedy")


def measure(tool: str, rule: str, path: Path, timeout: float) -> dict[str, Any]:
    """Run the worker; return seconds, peak memory (MiB) and selected ids, or a DNF record."""
    command = [sys.executable, str(HERE / "worker.py"), tool, rule, str(path)]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            os.wait4(proc.pid, 0)
            return {"finished": False, "timeout": timeout}
        time.sleep(0.05)
    output = proc.stdout.read().decode() if proc.stdout else ""
    if status != 0 or not output.strip():
        return {"finished": False, "error": f"exit status {status}"}
    data = json.loads(output.strip().splitlines()[-1])
    data.update(finished=True, peak_mib=round(usage.ru_maxrss / 1024, 1))
    data["seconds"] = round(data["seconds"], 3)
    return data


def render(results: dict[str, Any]) -> str:
    header = (
        "| election | voters | rule | Arki s | Arki MiB | pabutools s | pabutools MiB "
        "| speed-up | same winners |\n|---|---:|---|---:|---:|---:|---:|---:|---|\n"
    )
    rows = []
    for name in sorted(results["elections"]):
        entry = results["elections"][name]
        for rule in RULES:
            a = entry.get("arki", {}).get(rule)
            p = entry.get("pabutools", {}).get(rule)
            if not a:
                continue
            a_s = f"{a['seconds']:.2f}" if a.get("finished") else "error"
            a_m = f"{a.get('peak_mib', 0):.0f}" if a.get("finished") else ""
            if p and p.get("finished"):
                p_s, p_m = f"{p['seconds']:.2f}", f"{p['peak_mib']:.0f}"
                ratio = (
                    f"{p['seconds'] / max(a['seconds'], 1e-3):.0f}x" if a.get("finished") else ""
                )
                same = "yes" if sorted(p["selected"]) == sorted(a.get("selected", [])) else "**NO**"
            elif p:
                p_s = (
                    f"did not finish in {p.get('timeout', 0) / 60:.0f} min"
                    if "timeout" in p
                    else "error"
                )
                p_m = ratio = ""
                same = "n/a"
            else:
                p_s = p_m = ratio = ""
                same = "not run"
            label = "MES + Add1" if rule == "mes" else "greedy"
            rows.append(
                f"| {name} | {entry['voters']:,} | {label} | {a_s} | {a_m} | {p_s} | {p_m} "
                f"| {ratio} | {same} |"
            )
    return header + "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", default=str(REPO.parent / "shared/data/pabulib"))
    parser.add_argument("--tools", default="arki,pabutools")
    parser.add_argument("--rules", default="mes,greedy")
    parser.add_argument("--only", nargs="*", help="file names (without .pb) to run")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--render", action="store_true", help="only merge and render results")
    args = parser.parse_args()
    if args.render:
        TABLE.write_text(render(merge_results()))
        print(TABLE.read_text())
        return

    store = RESULTS_DIR / f"{args.tools.replace(',', '-')}.json"
    results: dict[str, Any] = {"elections": {}}
    if store.exists():
        results = json.loads(store.read_text())
    results["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    files = sorted(Path(args.data).glob("*.pb"), key=lambda p: p.stat().st_size)
    for path in files:
        if args.only and path.stem not in args.only:
            continue
        entry = results["elections"].setdefault(path.stem, {})
        entry["voters"] = _voters(path)
        for tool in args.tools.split(","):
            for rule in args.rules.split(","):
                timeout = args.timeout if tool == "pabutools" else 600.0
                record = measure(tool, rule, path, timeout)
                record["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
                entry.setdefault(tool, {})[rule] = record
                print(path.stem, tool, rule, record.get("seconds", record), flush=True)
                store.write_text(json.dumps(results, indent=1, sort_keys=True))
    merged = merge_results()
    TABLE.write_text(render(merged))
    print(render(merged))


def merge_results() -> dict[str, Any]:
    """All result files in one: per election, per tool, per rule."""
    merged: dict[str, Any] = {"elections": {}}
    for path in sorted(RESULTS_DIR.glob("*.json")):
        data = json.loads(path.read_text())
        for name, entry in data["elections"].items():
            target = merged["elections"].setdefault(name, {})
            for key, value in entry.items():
                if isinstance(value, dict):
                    target.setdefault(key, {}).update(value)
                else:
                    target[key] = value
    return merged


def _voters(path: Path) -> int:
    for line in path.open(encoding="utf-8"):
        if line.startswith("num_votes;"):
            return int(line.split(";")[1])
    return 0


if __name__ == "__main__":
    main()
