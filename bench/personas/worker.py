"""One benchmark measurement in a fresh process; prints one JSON line (see run.py)."""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

AGE_GROUP = {
    "13-17": "young",
    "18-29": "young",
    "30-64": "adult",
    "65-74": "older",
    "75-84": "older",
    "85+": "older",
}


def peak_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def catalogue() -> dict[str, tuple[str, str]]:
    import importlib

    module = importlib.import_module("arki.insight.migrations.0002_seed_catalogue")
    return {fi: (category, sector) for category, sector, fi, *_ in module.CATALOGUE}


def synthetic(n: int) -> dict:
    from arki.analysis.compute.anonymity import Group, enforce_k
    from arki.analysis.compute.clustering import cluster
    from arki.analysis.compute.features import FeatureSpace, feature_matrix, standardize
    from arki.analysis.compute.generated import records_from_population
    from arki.insight.demo_data import generate_population

    population = generate_population(n, random.Random(2014))
    records = records_from_population(population, catalogue())
    space = FeatureSpace(
        ("health", "social", "sports", "culture", "transport", "commerce", "everyday"),
        ("public", "private", "third", "informal"),
        ("walk", "bicycle", "car", "lift", "bus", "taxi", "service"),
        tuple(str(i) for i in range(12)),  # a 12-code codebook
    )
    rng = np.random.default_rng(1)
    for record in records:  # codes as analysts would have applied them
        record.codes = {str(c): int(v) for c, v in enumerate(rng.poisson(0.4, 12)) if v}
    before = peak_mib()
    start = time.perf_counter()
    matrix = standardize(feature_matrix(records, space))
    features_s = time.perf_counter() - start
    slices = defaultdict(list)
    for i, person in enumerate(population):
        slices[(person["municipality_code"], AGE_GROUP[person["age_band"]])].append(i)
    groups = []
    for (municipality, age_group), index in slices.items():
        result = cluster(matrix[index], "kmeans", k_min=2, k_max=6, seed=1)
        for label in set(result.labels.tolist()):
            members = [index[i] for i in np.flatnonzero(result.labels == label)]
            groups.append(
                Group(age_group, frozenset({municipality}), members, matrix[members].mean(axis=0))
            )
    published, withheld = enforce_k(groups, 5)
    total_s = time.perf_counter() - start
    return {
        "kind": "synthetic",
        "participants": n,
        "slices": len(slices),
        "groups": len(published),
        "withheld": len(withheld),
        "features_s": round(features_s, 2),
        "clustering_s": round(total_s - features_s, 2),
        "total_s": round(total_s, 2),
        "peak_mib_before": before,
        "peak_mib": peak_mib(),
    }


def db(n: int) -> dict:
    workdir = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from arki.analysis.compute.features import feature_matrix, standardize
    from arki.analysis.features import feature_space, mapped_participants, records_for

    process = build_sample(n)
    start = time.perf_counter()
    rows = mapped_participants(process)
    records = records_for(process, [r[0] for r in rows])
    matrix = standardize(feature_matrix(records, feature_space(process)))
    seconds = time.perf_counter() - start
    return {
        "kind": "db",
        "participants": len(rows),
        "features": matrix.shape[1],
        "records_and_features_s": round(seconds, 3),
        "per_100k_s_estimate": round(seconds / max(len(rows), 1) * 100_000, 1),
        "peak_mib": peak_mib(),
    }


def build_sample(n: int):
    """n generated participants as real rows (bulk inserts: the bench times reading)."""
    import datetime

    from django.utils import timezone

    from arki.analysis.models import Code, Coding
    from arki.analysis.services import codebook_seed
    from arki.core.kainuu import PILOT_CODES, seed_kainuu
    from arki.core.models import Municipality, Person, Region, User
    from arki.core.services.processes import process_create_from_template
    from arki.insight.demo_data import generate_population
    from arki.insight.models import DiaryDay, Participant, Service, ServiceUse
    from arki.insight.selectors import insight_workshop

    seed_kainuu(Region, Municipality)
    process = process_create_from_template(
        template="kainuu-2014-2016",
        name="Bench",
        slug="bench",
        region=Region.objects.get(code="18"),
        municipalities=list(Municipality.objects.filter(code__in=PILOT_CODES)),
        first_workshop_on=datetime.date(2014, 6, 12),
    )
    workshop = insight_workshop(process)
    codebook_seed(process=process)
    codes = list(Code.objects.filter(process=process))
    coder = User.objects.create_user("bench-coder")
    places = {m.code: m for m in Municipality.objects.all()}
    services = dict(Service.objects.filter(process__isnull=True).values_list("name", "pk"))
    population = generate_population(n, random.Random(7), returned_share=1.0)
    people = Person.objects.bulk_create(
        Person(
            process=process,
            code=f"B-{i:06d}",
            municipality=places[p["municipality_code"]],
            age_band=p["age_band"],
            access_code=f"b{i:015d}",
        )
        for i, p in enumerate(population)
    )
    now = timezone.now()
    participants = Participant.objects.bulk_create(
        Participant(person=person, workshop=workshop, map_submitted_at=now, diary_returned_at=now)
        for person in people
    )
    ServiceUse.objects.bulk_create(
        ServiceUse(
            participant=participant,
            service_id=services.get(row["service"]),
            service_text="" if row["service"] in services else row["service"],
            frequency=row["frequency"],
            channel=row["channel"],
            distance_km=row["distance_km"],
            travel_minutes=row["travel_minutes"],
            travel_mode=row["travel_mode"],
        )
        for participant, person in zip(participants, population, strict=True)
        for row in person["map"]
    )
    fields = ("did_today", "help_received_text", "help_needed_text", "wishes_text")
    days = DiaryDay.objects.bulk_create(
        DiaryDay(
            participant=participant,
            day=day,
            saved_at=now,
            help_from=answers["help_from"],
            **{f: answers[f] for f in fields},
        )
        for participant, person in zip(participants, population, strict=True)
        for day, answers in person["diary"].items()
    )
    Coding.objects.bulk_create(
        Coding(
            process=process,
            day=day,
            field="did_today",
            start=0,
            end=5,
            code=codes[i % len(codes)],
            coder=coder,
        )
        for i, day in enumerate(days[::3])
    )
    return process


if __name__ == "__main__":
    kind, count = sys.argv[1], int(sys.argv[2])
    print(json.dumps(synthetic(count) if kind == "synthetic" else db(count)))
