"""Records from generated populations (`arki.insight.demo_data`), for tests and benchmarks.

The records hold what `arki.analysis.features.totals_for` sums in the database, and both go
through `compute.features.matrix_from_totals`, so the clustering recovery test and the
database path exercise the same feature code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .features import Record, Use, needs_help

OTHER = ("everyday", "private")


def record_from_generated(
    person_id: int, person: Mapping[str, Any], catalogue: Mapping[str, tuple[str, str]]
) -> Record:
    """`catalogue` maps a Finnish service name to (category, sector)."""
    uses = [
        Use(
            *catalogue.get(row["service"], OTHER),
            frequency=row["frequency"],
            channel=row["channel"],
            km=float(row["distance_km"]),
            minutes=float(row["travel_minutes"]),
            mode=row["travel_mode"],
        )
        for row in person["map"]
    ]
    days = person["diary"].values()
    return Record(
        person_id=person_id,
        uses=uses,
        diary_days=len(person["diary"]),
        help_received_days=sum(1 for d in days if d["help_from"] or d["help_received_text"]),
        help_needed_days=sum(1 for d in days if needs_help(d["help_needed_text"])),
    )


def records_from_population(
    population: Iterable[Mapping[str, Any]], catalogue: Mapping[str, tuple[str, str]]
) -> list[Record]:
    return [record_from_generated(i, p, catalogue) for i, p in enumerate(population)]
