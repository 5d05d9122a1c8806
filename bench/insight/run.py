"""Benchmark of service maps and diaries at scale (arki/insight).

100,000 participants (the demo generator's population: service maps of 4–7 rows, 69 % with a
returned diary of up to seven days) are imported through the same all-or-nothing file
import staff use, then exported, and the aggregate pages are rendered:

1. import time of the service-map file and of the diary file (CSV, validated row by row);
2. exports as staff make them: the request that starts the background job, and the job's
   time until the file is ready (maps and diaries as CSV, maps as XLSX), with memory;
3. the charts page, the returns overview and the participant list: render time and query
   count with 100,000 participants, cold (figures cache emptied) and warm (median of 5), and
   the same with 100 participants (the query counts must not depend on the amount of data);
   the charts page has no cache: both renders read the maintained chart counts;
4. what keeping the chart counts costs: one map row added, one paper kit applied (median of
   5), the charts page right after such a write, and a rebuild of the counts from scratch.

Run (PostgreSQL; the database is created if missing and the bench process replaced):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/arki_insight_bench \
        .venv/bin/python bench/insight/run.py [--people 100000]
Writes bench/insight/results/latest.json and prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/arki_insight_bench")
# Job result files on disk, as in production (the test settings keep them in memory).
MEDIA = tempfile.mkdtemp(prefix="arki-insight-bench-")
os.environ["ARKI_TEST_MEDIA_ROOT"] = MEDIA


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from arki.core.kainuu import PILOT_CODES  # noqa: E402
from arki.core.models import Job, Municipality, Person, Process, Region, User  # noqa: E402
from arki.core.services.people import role_assign  # noqa: E402
from arki.core.services.processes import process_create_from_template  # noqa: E402
from arki.insight import services  # noqa: E402
from arki.insight.chart_counts import chart_counts_rebuild  # noqa: E402
from arki.insight.compute.tabular import read_table  # noqa: E402
from arki.insight.demo_data import generate_population  # noqa: E402
from arki.insight.models import Participant, Service  # noqa: E402
from arki.insight.prompts import PROMPT_FIELDS  # noqa: E402
from arki.insight.selectors import insight_workshop  # noqa: E402
from arki.insight.transfer import export_write, import_table  # noqa: E402

MAP_HEADER = [
    "code",
    "service",
    "frequency",
    "channel",
    "distance_km",
    "travel_minutes",
    "travel_mode",
]
DIARY_HEADER = ["code", "day", *PROMPT_FIELDS, "services", "served", "help_from"]


class RssSampler(threading.Thread):
    """Samples this process's resident memory every 0.1 s: the peak of one phase."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = self.baseline = current_rss_mb()
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, current_rss_mb())
            time.sleep(0.1)

    def stop(self) -> dict:
        self.running = False
        self.join()
        return {"peak_rss_mb": round(self.peak), "rss_growth_mb": round(self.peak - self.baseline)}


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_process(slug: str, people: int, rng: random.Random) -> tuple[Process, list[dict]]:
    Process.objects.filter(slug=slug).delete()
    towns = {m.code: m for m in Municipality.objects.filter(code__in=PILOT_CODES)}
    process = process_create_from_template(
        template="kainuu-2014-2016",
        name=f"Bench {people}",
        slug=slug,
        region=Region.objects.get(code="20"),
        municipalities=list(towns.values()),
        first_workshop_on=datetime.date(2014, 6, 12),
    )
    population = generate_population(people, rng)
    Person.objects.bulk_create(
        [
            Person(
                process=process,
                municipality=towns[p["municipality_code"]],
                age_band=p["age_band"],
                code=f"B{i:06d}",
                access_code=f"{slug[-5:].upper()}{i:07d}",
            )
            for i, p in enumerate(population)
        ],
        batch_size=5000,
    )
    return process, population


def files(population: list[dict]) -> tuple[bytes, bytes]:
    maps, diaries = io.StringIO(), io.StringIO()
    map_writer, diary_writer = csv.writer(maps), csv.writer(diaries)
    map_writer.writerow(MAP_HEADER)
    diary_writer.writerow(DIARY_HEADER)
    for i, person in enumerate(population):
        code = f"B{i:06d}"
        for row in person["map"]:
            map_writer.writerow([code, *(row[c] for c in MAP_HEADER[1:])])
        for day, answers in person["diary"].items():
            diary_writer.writerow(
                [
                    code,
                    day,
                    *(answers[f] for f in PROMPT_FIELDS),
                    ";".join(answers["services"]),
                    answers["served"],
                    ";".join(answers["help_from"]),
                ]
            )
    return maps.getvalue().encode(), diaries.getvalue().encode()


def timed_import(process: Process, kind: str, content: bytes, user: User) -> dict:
    sampler = RssSampler()
    sampler.start()
    start = time.perf_counter()
    name = f"{kind}.csv"
    header, _rows = read_table(content, name)
    result = import_table(
        process=process,
        kind=kind,
        header=header,
        rows=lambda: read_table(content, name)[1],  # as the import job does: read twice
        by=user,
    )
    seconds = time.perf_counter() - start
    assert result.ok, result.errors[:5]
    return {"rows": result.rows, "seconds": round(seconds, 2), **sampler.stop()}


def timed_export(client: Client, process: Process, kind: str, fmt: str) -> dict:
    """The request that starts the export job, then the job until its file is ready."""
    sampler = RssSampler()
    sampler.start()
    url = f"/staff/insight/{process.slug}/export/{kind}.{fmt}"
    start = time.perf_counter()
    response = client.post(url)
    request_ms = 1000 * (time.perf_counter() - start)
    assert response.status_code == 302, response.status_code
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))
    while not job.is_finished:  # the embedded backend runs it in a thread of this process
        time.sleep(0.2)
        job.refresh_from_db()
    seconds = time.perf_counter() - start
    assert job.status == "done", job.error
    result = {
        "request_ms": round(request_ms),
        "seconds": round(seconds, 1),
        "rows": job.result["rows"],
        "mb": round(job.result_file.size / 1e6, 1),
        **sampler.stop(),
    }
    if fmt == "csv":  # Python's own peak while writing the same file (a second run)
        participants = Participant.objects.filter(workshop__process=process)
        tracemalloc.start()
        with tempfile.TemporaryFile() as out:
            export_write(out, participants, kind=kind, fmt=fmt, identity=False)
        result["peak_traced_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
        tracemalloc.stop()
    return result


def page(client: Client, process: Process, name: str) -> dict:
    """Cold (figures cache emptied) and warm render time and query count of one staff page."""
    url = f"/staff/insight/{process.slug}/{name}"
    client.get(url)  # load templates and translations once
    cache.clear()
    with CaptureQueriesContext(connection) as cold_queries:
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        cold = time.perf_counter() - start
    times = []
    for _run in range(5):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as warm_queries:
        client.get(url)
    return {
        "cold_ms": round(1000 * cold),
        "cold_queries": len(cold_queries),
        "warm_median_ms": round(1000 * statistics.median(times)),
        "warm_queries": len(warm_queries),
    }


def analyze() -> None:
    """Fresh planner statistics, as autovacuum would give."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def median_ms(action, runs: int = 5) -> int:
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return round(1000 * statistics.median(times))


def chart_writes(client: Client, process: Process) -> dict:
    """The cost of keeping the chart counts: writes, the charts after a write, a rebuild."""
    participants = list(Participant.objects.filter(workshop__process=process)[:10])
    service = Service.objects.filter(process__isnull=True).first()
    assert service is not None
    row: dict[str, Any] = {
        "frequency": "weekly",
        "channel": "on_site",
        "distance_km": 12,
        "travel_minutes": 20,
        "travel_mode": "bus",
    }
    added = iter(participants[:5])
    kits = iter(participants[5:])
    payload = {"map": [{**row, "service": service.pk}] * 5, "days": {}}
    url = f"/staff/insight/{process.slug}/charts/"
    result: dict[str, Any] = {
        "service_use_add_ms": median_ms(
            lambda: services.service_use_add(participant=next(added), service=service, **row)
        ),
        "kit_apply_ms": median_ms(
            lambda: services.kit_apply(participant=next(kits), payload=payload)
        ),
    }
    services.service_use_add(participant=participants[0], service=service, **row)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        result["charts_after_write_ms"] = round(1000 * (time.perf_counter() - start))
    result["charts_after_write_queries"] = len(queries)
    start = time.perf_counter()
    result["rebuild_rows"] = chart_counts_rebuild(workshop_ids=[insight_workshop(process).pk])
    result["rebuild_seconds"] = round(time.perf_counter() - start, 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("compilepo", verbosity=0)
    rng = random.Random(2014)
    user, _created = User.objects.get_or_create(username="bench-facilitator")
    results: dict = {
        "people": args.people,
        "database": connection.vendor,
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
    }
    for slug, people in (("bench-small", 100), ("bench-insight", args.people)):
        # A fresh database session, as the import job's thread has: PostgreSQL caches the
        # plans of its foreign-key checks per session, and a plan made while the tables held
        # 100 participants (a sequential scan) turns the commit of 550,000 rows into an hour.
        connection.close()
        start = time.perf_counter()
        process, population = make_process(slug, people, rng)
        analyze()
        role_assign(user=user, role="facilitator", process=process)
        map_file, diary_file = files(population)
        del population  # the import is measured without the generator's data in memory
        setup = time.perf_counter() - start
        imports = {
            "maps": timed_import(process, "maps", map_file, user),
            "diaries": timed_import(process, "diaries", diary_file, user),
        }
        analyze()
        client = Client()
        client.force_login(user)
        from arki.core.testing import pass_second_factor  # staff log in with a second factor

        pass_second_factor(client, user)
        pages = {
            name or "overview": page(client, process, name)
            for name in ("charts/", "", "participants/")
        }
        results[slug] = {"setup_seconds": round(setup, 1), "imports": imports, "pages": pages}
        if slug == "bench-insight":
            results[slug]["exports"] = {
                "maps.csv": timed_export(client, process, "maps", "csv"),
                "diaries.csv": timed_export(client, process, "diaries", "csv"),
                "maps.xlsx": timed_export(client, process, "maps", "xlsx"),
            }
        results[slug]["chart_counts"] = chart_writes(client, process)
    results["machine"] = (
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    results["date"] = datetime.date.today().isoformat()
    results["load_average"] = [round(load, 2) for load in os.getloadavg()]
    shutil.rmtree(MEDIA, ignore_errors=True)
    out = Path(__file__).parent / "results" / "latest.json"
    out.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
