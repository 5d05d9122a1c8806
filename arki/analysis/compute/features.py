"""Per-participant features from the service map, the diary and the codes (pure numpy).

A `Record` is what one participant gave; `feature_matrix` turns many records into one
scaled matrix for clustering. The Django side builds records from the database
(`arki.analysis.features`); tests and the benchmark build them from generated data, so
every path clusters exactly the same numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

#: Uses per month for each answer of "how often" (a month has ~4.3 weeks).
USES_PER_MONTH = {"daily": 30.0, "weekly": 4.3, "monthly": 1.0, "less": 0.3}
ELECTRONIC_WEIGHT = {"electronic": 1.0, "both": 0.5, "on_site": 0.0}
#: A "did you need help" answer whose first word is one of these means no help was needed.
NO_HELP_WORDS = ("ei", "en", "eipä", "enpä", "nej", "no", "none", "-")
#: The same rule as regular expressions, so that the database can count it too (PostgreSQL
#: and Python's `re` read them alike): a word is a run of characters other than blanks and
#: full stops; "ä" is spelled out in both cases because PostgreSQL's case-insensitive match
#: folds only ASCII letters in the C locale.
HAS_WORD = r"[^\s.]"
NO_HELP = (
    r"^[\s.]*(" + "|".join(re.escape(w).replace("ä", "[äÄ]") for w in NO_HELP_WORDS) + r")([\s.]|$)"
)
_HAS_WORD, _NO_HELP = re.compile(HAS_WORD), re.compile(NO_HELP, re.IGNORECASE)


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
    return bool(_HAS_WORD.search(text)) and not _NO_HELP.match(text)


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


@dataclass
class Totals:
    """What the features are made of, summed per participant: one row per participant.

    The database path (`arki.analysis.features`) fills these with GROUP BY queries; records
    from generated data fill them in Python (`totals_from_records`); `matrix_from_totals` is
    the one place that turns them into features, so both paths give the same numbers.
    """

    monthly: np.ndarray  # n × categories: uses a month
    services_in: np.ndarray  # n × categories: services (map rows)
    services: np.ndarray  # n: map rows
    electronic: np.ndarray  # n: sum of ELECTRONIC_WEIGHT over map rows
    trips: np.ndarray  # n: map rows with a travel mode
    km: np.ndarray  # n: kilometres summed over trips
    minutes: np.ndarray  # n: travel minutes summed over trips
    modes: np.ndarray  # n × modes: trips by mode
    sectors: np.ndarray  # n × sectors: map rows by sector
    diary_days: np.ndarray  # n: saved diary days
    help_received_days: np.ndarray  # n
    help_needed_days: np.ndarray  # n
    codes: np.ndarray  # n × codes: answers each code was applied to

    @classmethod
    def zeros(cls, n: int, space: FeatureSpace) -> Totals:
        def z(*shape: int) -> np.ndarray:
            return np.zeros(shape, dtype=np.float64)

        c = len(space.categories)
        return cls(
            monthly=z(n, c),
            services_in=z(n, c),
            services=z(n),
            electronic=z(n),
            trips=z(n),
            km=z(n),
            minutes=z(n),
            modes=z(n, len(space.modes)),
            sectors=z(n, len(space.sectors)),
            diary_days=z(n),
            help_received_days=z(n),
            help_needed_days=z(n),
            codes=z(n, len(space.codes)),
        )


def is_trip(mode: str) -> bool:
    return bool(mode) and mode != "none"


def totals_from_records(records: Sequence[Record], space: FeatureSpace) -> Totals:
    totals = Totals.zeros(len(records), space)
    category_at = {c: i for i, c in enumerate(space.categories)}
    mode_at = {m: i for i, m in enumerate(space.modes)}
    sector_at = {s: i for i, s in enumerate(space.sectors)}
    code_at = {c: i for i, c in enumerate(space.codes)}
    for row, record in enumerate(records):
        for use in record.uses:
            totals.services[row] += 1
            totals.electronic[row] += ELECTRONIC_WEIGHT.get(use.channel, 0.0)
            if (c := category_at.get(use.category)) is not None:
                totals.monthly[row, c] += USES_PER_MONTH.get(use.frequency, 0.0)
                totals.services_in[row, c] += 1
            if (s := sector_at.get(use.sector)) is not None:
                totals.sectors[row, s] += 1
            if is_trip(use.mode):
                totals.trips[row] += 1
                totals.km[row] += use.km
                totals.minutes[row] += use.minutes
                if (m := mode_at.get(use.mode)) is not None:
                    totals.modes[row, m] += 1
        totals.diary_days[row] = record.diary_days
        totals.help_received_days[row] = record.help_received_days
        totals.help_needed_days[row] = record.help_needed_days
        for code, count in record.codes.items():
            if (k := code_at.get(code)) is not None:
                totals.codes[row, k] = count
    return totals


def matrix_from_totals(t: Totals) -> np.ndarray:
    """Raw (unscaled) features, one row per participant, columns as in `FeatureSpace.names`."""
    uses = np.maximum(t.services, 1)[:, None]
    trips = np.maximum(t.trips, 1)[:, None]
    days = np.maximum(t.diary_days, 1)[:, None]
    return np.hstack(
        [
            # volume (uses a month) and mix (share of the person's services) both matter: a
            # heavy and a light user of the same mix of services live alike
            np.log1p(t.monthly),
            t.services_in / uses,
            t.services[:, None],
            t.electronic[:, None] / uses,
            np.log1p(t.km[:, None] / trips),
            np.log1p(t.minutes[:, None] / trips),
            t.modes / trips,
            t.sectors / uses,
            t.help_received_days[:, None] / days,
            t.help_needed_days[:, None] / days,
            t.codes / days,
        ]
    )


def feature_matrix(records: Sequence[Record], space: FeatureSpace) -> np.ndarray:
    """Raw (unscaled) features, one row per record, columns as in `space.names`."""
    return matrix_from_totals(totals_from_records(records, space))


def standardize(matrix: np.ndarray) -> np.ndarray:
    """z-scores per column; a constant column becomes zeros instead of dividing by zero."""
    if matrix.size == 0:
        return matrix
    mean = matrix.mean(axis=0)
    std = matrix.std(axis=0)
    std[std == 0] = 1.0
    return (matrix - mean) / std
