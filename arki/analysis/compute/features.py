"""Per-participant features from the service map, the diary and the codes (pure numpy).

A `Record` is what one participant gave; `feature_matrix` turns many records into one
scaled matrix for clustering. The Django side builds records from the database
(`arki.analysis.features`); tests and the benchmark build them from generated data, so
every path clusters exactly the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

#: Uses per month for each answer of "how often" (a month has ~4.3 weeks).
USES_PER_MONTH = {"daily": 30.0, "weekly": 4.3, "monthly": 1.0, "less": 0.3}
ELECTRONIC_WEIGHT = {"electronic": 1.0, "both": 0.5, "on_site": 0.0}
#: A "did you need help" answer starting with one of these means no help was needed.
NO_HELP_WORDS = {"ei", "en", "eipä", "enpä", "nej", "no", "none", "-"}


@dataclass(frozen=True)
class Use:
    category: str
    sector: str
    frequency: str
    channel: str
    km: float
    minutes: float
    mode: str


@dataclass
class Record:
    person_id: int
    uses: list[Use] = field(default_factory=list)
    diary_days: int = 0
    help_received_days: int = 0
    help_needed_days: int = 0
    codes: Mapping[str, int] = field(default_factory=dict)


def needs_help(text: str) -> bool:
    """Whether a "would you have needed help" answer says yes (any non-negative answer)."""
    words = text.strip().lower().replace(".", " ").split()
    return bool(words) and words[0] not in NO_HELP_WORDS


@dataclass(frozen=True)
class FeatureSpace:
    """The columns of the matrix; fixed per run so that groups can be compared."""

    categories: tuple[str, ...]
    sectors: tuple[str, ...]
    modes: tuple[str, ...]
    codes: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return [
            *(f"use:{c}" for c in self.categories),
            *(f"share:{c}" for c in self.categories),
            "services",
            "electronic_share",
            "distance_km",
            "travel_minutes",
            *(f"mode:{m}" for m in self.modes),
            *(f"sector:{s}" for s in self.sectors),
            "help_received",
            "help_needed",
            *(f"code:{c}" for c in self.codes),
        ]


def feature_row(record: Record, space: FeatureSpace) -> list[float]:
    uses = record.uses
    per_category = dict.fromkeys(space.categories, 0.0)
    services_in = dict.fromkeys(space.categories, 0)
    for use in uses:
        if use.category in per_category:
            per_category[use.category] += USES_PER_MONTH.get(use.frequency, 0.0)
            services_in[use.category] += 1
    trips = [u for u in uses if u.mode and u.mode != "none"]
    modes = dict.fromkeys(space.modes, 0.0)
    for use in trips:
        if use.mode in modes:
            modes[use.mode] += 1
    sectors = dict.fromkeys(space.sectors, 0.0)
    for use in uses:
        if use.sector in sectors:
            sectors[use.sector] += 1
    n_uses, n_trips = max(len(uses), 1), max(len(trips), 1)
    days = max(record.diary_days, 1)
    return [
        # volume (uses a month) and mix (share of the person's services) both matter: a
        # heavy and a light user of the same mix of services live alike
        *(math.log1p(v) for v in per_category.values()),
        *(v / n_uses for v in services_in.values()),
        float(len(uses)),
        sum(ELECTRONIC_WEIGHT.get(u.channel, 0.0) for u in uses) / n_uses,
        math.log1p(sum(u.km for u in trips) / n_trips),
        math.log1p(sum(u.minutes for u in trips) / n_trips),
        *(v / n_trips for v in modes.values()),
        *(v / n_uses for v in sectors.values()),
        record.help_received_days / days,
        record.help_needed_days / days,
        *(record.codes.get(c, 0) / days for c in space.codes),
    ]


def feature_matrix(records: Sequence[Record], space: FeatureSpace) -> np.ndarray:
    """Raw (unscaled) features, one row per record, columns as in `space.names`."""
    if not records:
        return np.zeros((0, len(space.names)))
    return np.array([feature_row(r, space) for r in records], dtype=np.float64)


def standardize(matrix: np.ndarray) -> np.ndarray:
    """z-scores per column; a constant column becomes zeros instead of dividing by zero."""
    if matrix.size == 0:
        return matrix
    mean = matrix.mean(axis=0)
    std = matrix.std(axis=0)
    std[std == 0] = 1.0
    return (matrix - mean) / std
