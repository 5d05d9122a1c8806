"""One step of the personas benchmark in a fresh process; prints one JSON line (see run.py).

worker.py build N   make (or keep) the bench process with N participants in the database
worker.py path      time the product's path on it: database → features → groups
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/arki_personas_bench")

SLUG = "bench-personas"
#: Diary answers an analyst codes, and how often a passage is coded on a day.
CODED_FIELDS = ("did_today", "where_went", "help_received_text", "help_needed_text")


def peak_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        if not connection.execute(query, [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def setup() -> None:
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()


def build(n: int) -> dict:
    """n generated participants as rows (bulk inserts: the benchmark times the reading).

    The demo generator's people (`arki.insight.demo_data.generate_population`: four planted
    life patterns, maps of 4–7 rows, 69 % with a diary of up to seven days) and two coders
    coding about one passage a day each with the seeded codebook, the second missing one in
    eight, as in the demo.
    """
    import datetime

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from arki.analysis.models import Code, Coding
    from arki.analysis.services import codebook_seed
    from arki.core.kainuu import PILOT_CODES, seed_kainuu
    from arki.core.models import Municipality, Person, Process, Region, User
    from arki.core.services.processes import process_create_from_template
    from arki.insight.demo_data import generate_population
    from arki.insight.models import DiaryDay, Participant, Service, ServiceUse
    from arki.insight.selectors import insight_workshop

    existing = Process.objects.filter(slug=SLUG).first()
    if existing and Participant.objects.filter(workshop__process=existing).count() == n:
        return {"step": "build", "participants": n, "reused": True}
    start = time.perf_counter()
    if existing:
        Coding.objects.filter(process=existing).delete()
        codes = Code.objects.filter(process=existing)
        while codes.exists():  # a parent is protected while it has children
            codes.filter(children__isnull=True).delete()
        existing.delete()
    seed_kainuu(Region, Municipality)
    rng = random.Random(2014)
    with transaction.atomic():
        process = process_create_from_template(
            template="kainuu-2014-2016",
            name="Bench personas",
            slug=SLUG,
            region=Region.objects.get(code="20"),
            municipalities=list(Municipality.objects.filter(code__in=PILOT_CODES)),
            first_workshop_on=datetime.date(2014, 6, 12),
        )
        workshop = insight_workshop(process)
        codebook_seed(process=process)
        codes = list(Code.objects.filter(process=process, parent__isnull=False))
        coders = [User.objects.get_or_create(username=f"bench-coder-{i}")[0] for i in range(1, 3)]
        places = {m.code: m for m in Municipality.objects.all()}
        services = dict(Service.objects.filter(process__isnull=True).values_list("name", "pk"))
        population = generate_population(n, rng)
        people = Person.objects.bulk_create(
            (
                Person(
                    process=process,
                    code=f"P-{i:06d}",
                    municipality=places[p["municipality_code"]],
                    age_band=p["age_band"],
                    access_code=f"p{i:015d}",
                )
                for i, p in enumerate(population)
            ),
            batch_size=5000,
        )
        now = timezone.now()
        participants = Participant.objects.bulk_create(
            (
                Participant(
                    person=person,
                    workshop=workshop,
                    map_submitted_at=now,
                    diary_returned_at=now if p["returned"] else None,
                )
                for person, p in zip(people, population, strict=True)
            ),
            batch_size=5000,
        )
        ServiceUse.objects.bulk_create(
            (
                ServiceUse(
                    participant=participant,
                    service_id=services.get(row["service"]),
                    service_text="" if row["service"] in services else row["service"],
                    frequency=row["frequency"],
                    channel=row["channel"],
                    distance_km=row["distance_km"],
                    travel_minutes=row["travel_minutes"],
                    travel_mode=row["travel_mode"],
                    position=position,
                )
                for participant, p in zip(participants, population, strict=True)
                for position, row in enumerate(p["map"], start=1)
            ),
            batch_size=5000,
        )
        texts = ("did_today", "where_went", "with_whom", "served_text")
        texts += ("help_received_text", "help_needed_text", "wishes_text")
        days = DiaryDay.objects.bulk_create(
            (
                DiaryDay(
                    participant=participant,
                    day=day,
                    saved_at=now,
                    served=answers["served"],
                    help_from=answers["help_from"],
                    **{f: answers[f] for f in texts},
                )
                for participant, p in zip(participants, population, strict=True)
                for day, answers in p["diary"].items()
            ),
            batch_size=5000,
        )
        del population, people, participants

        def codings():
            for day in days:
                fields = [f for f in CODED_FIELDS if getattr(day, f)]
                if not fields:
                    continue
                for code in rng.sample(codes, min(len(codes), rng.choice((0, 1, 1, 2)))):
                    field = rng.choice(fields)
                    end = min(len(getattr(day, field)), 40)
                    for number, coder in enumerate(coders):
                        if number and rng.random() < 0.125:
                            continue
                        yield Coding(
                            process=process,
                            day=day,
                            field=field,
                            start=0,
                            end=end,
                            code=code,
                            coder=coder,
                        )

        made = len(Coding.objects.bulk_create(codings(), batch_size=5000))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give
    return {
        "step": "build",
        "participants": n,
        "service_uses": ServiceUse.objects.filter(participant__workshop__process=process).count(),
        "diary_days": len(days),
        "codings": made,
        "seconds": round(time.perf_counter() - start, 1),
    }


def path() -> dict:
    """What the clustering job runs (`analysis.jobs.cluster_job`), with the staff page's
    defaults: k-means, 2–6 groups proposed by silhouette per municipality and age group,
    small groups merged (k = 5). Timed in phases; the saved run is rolled back."""
    from django.db import connection, transaction

    from arki.analysis import services
    from arki.core.models import Process

    process = Process.objects.get(slug=SLUG)
    connection.ensure_connection()
    before = rss_mib()
    start, cpu_start = time.perf_counter(), cpu_s()
    data = services.feature_data(process)
    features_s = time.perf_counter() - start
    published, withheld, slices = services.groups_plan(data, method="kmeans", k_min=2, k_max=6)
    clustering_s = time.perf_counter() - start - features_s
    total_s = time.perf_counter() - start
    cpu = cpu_s() - cpu_start  # this process only; the database server's work is not in it
    save_start = time.perf_counter()
    with transaction.atomic():
        run = services.cluster_run_create(
            process=process, method="kmeans", by=None, k_min=2, k_max=6, data=data
        )
        saved_groups = run.clusters.count()
        transaction.set_rollback(True)
    save_s = time.perf_counter() - save_start
    return {
        "step": "path",
        "database": connection.vendor,
        "participants": len(data.rows),
        "features": data.raw.shape[1],
        "slices": len(slices),
        "groups": len(published),
        "withheld": len(withheld),
        "smallest_group": min(g.size for g in published),
        "features_s": round(features_s, 2),
        "clustering_s": round(clustering_s, 2),
        "total_s": round(total_s, 2),
        "python_cpu_s": round(cpu, 2),
        "run_create_s": round(save_s, 2),
        "saved_groups": saved_groups,
        "rss_before_mib": before,
        "peak_mib": peak_mib(),
        "load": os.getloadavg(),
    }


if __name__ == "__main__":
    setup()
    step = sys.argv[1]
    print(json.dumps(build(int(sys.argv[2])) if step == "build" else path()))
