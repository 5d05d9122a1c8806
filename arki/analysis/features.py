"""Feature totals from the database (service maps, diaries, codes), for clustering.

The pure feature code is in `compute.features`; this module only sums the rows, and lets the
database do it: three GROUP BY queries (map rows, diary days, codes), each returning one row
per participant with the totals as columns, read in chunks straight into numpy arrays. No
model instance or per-use Python object is made, so 100,000 participants take seconds and
a few tens of megabytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

import numpy as np
from django.db.models import Case, CharField, Count, F, FloatField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Concat

from arki.core.models import Process
from arki.insight.enums import Sector, ServiceCategory, TravelMode
from arki.insight.models import DiaryDay, Participant, ServiceUse

from .compute.features import (
    ELECTRONIC_WEIGHT,
    HAS_WORD,
    NO_HELP,
    USES_PER_MONTH,
    FeatureSpace,
    Totals,
)
from .compute.generated import OTHER
from .models import Code, Coding

MODES = tuple(m for m in TravelMode.values if m != TravelMode.NONE)
#: Rows fetched from the database at a time (bounded memory whatever the process size).
CHUNK = 10_000


def feature_space(process: Process) -> FeatureSpace:
    codes = tuple(
        str(pk)
        for pk in Code.objects.filter(process=process).order_by("pk").values_list("pk", flat=True)
    )
    return FeatureSpace(
        categories=tuple(ServiceCategory.values),
        sectors=tuple(s for s in Sector.values),
        modes=MODES,
        codes=codes,
    )


def _mapped(process: Process) -> QuerySet[Participant]:
    return Participant.objects.filter(
        workshop__process=process, map_submitted_at__isnull=False
    ).exclude(person__erased_at__isnull=False)


def mapped_participants(process: Process) -> Sequence[tuple[int, int, int, str]]:
    """(participant id, person id, municipality id, age band) of everyone with a map."""
    return list(
        _mapped(process)
        .order_by("person__code")
        .values_list("pk", "person_id", "person__municipality_id", "person__age_band")
    )


def _float(expression) -> Coalesce:
    return Coalesce(expression, Value(0.0), output_field=FloatField())


def _weighted(field: str, weights: dict[str, float]) -> Case:
    return Case(
        *(When(**{field: key}, then=Value(w)) for key, w in weights.items()),
        default=Value(0.0),
        output_field=FloatField(),
    )


def _is(field: str, value: str, other: str) -> Q:
    """A map row's service category/sector; a free-text service counts as `other`."""
    q = Q(**{f"service__{field}": value})
    return q | Q(service__isnull=True) if value == other else q


def _map_columns(space: FeatureSpace) -> dict:
    trip = ~Q(travel_mode__in=["", TravelMode.NONE])
    monthly = _weighted("frequency", USES_PER_MONTH)
    columns: dict = {}
    for i, category in enumerate(space.categories):
        q = _is("category", category, OTHER[0])
        columns[f"m{i}"] = _float(Sum(Case(When(q, then=monthly), default=Value(0.0))))
        columns[f"n{i}"] = Count("pk", filter=q)
    columns["services"] = Count("pk")
    columns["electronic"] = _float(Sum(_weighted("channel", ELECTRONIC_WEIGHT)))
    columns["trips"] = Count("pk", filter=trip)
    columns["km"] = _float(Sum(Cast("distance_km", FloatField()), filter=trip))
    columns["minutes"] = _float(Sum(Cast("travel_minutes", FloatField()), filter=trip))
    for i, mode in enumerate(space.modes):
        columns[f"t{i}"] = Count("pk", filter=Q(travel_mode=mode))
    for i, sector in enumerate(space.sectors):
        columns[f"s{i}"] = Count("pk", filter=_is("sector", sector, OTHER[1]))
    return columns


class _Index:
    """Row numbers of ids, vectorised: which of an array of ids are known, and their rows."""

    def __init__(self, ids: Sequence[int]) -> None:
        ids_array = np.asarray(ids, dtype=np.int64)
        self.order = np.argsort(ids_array, kind="stable")
        self.sorted = ids_array[self.order]

    def __call__(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ids = ids.astype(np.int64)
        if not len(self.sorted):
            return np.zeros(len(ids), dtype=bool), np.zeros(0, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.sorted, ids), len(self.sorted) - 1)
        known = self.sorted[at] == ids
        return known, self.order[at[known]]


def _blocks(rows: Iterable[tuple]) -> Iterator[np.ndarray]:
    """Rows of numbers as float arrays of at most CHUNK rows (bounded memory)."""
    rows = iter(rows)
    while batch := list(islice(rows, CHUNK)):
        yield np.array(batch, dtype=np.float64)


def _fill(rows: Iterable[tuple], participants: _Index, width: int) -> np.ndarray:
    """(participant id, *numbers) rows → an n × width array in the participants' order."""
    out = np.zeros((len(participants.sorted), width), dtype=np.float64)
    for block in _blocks(rows):
        known, at = participants(block[:, 0])
        out[at] = block[known, 1:]
    return out


def _grouped(queryset: QuerySet, keys: tuple[str, ...], columns: dict) -> Iterable[tuple]:
    """One row per distinct `keys`: (*keys, *columns), fetched in chunks."""
    return (
        queryset.order_by()  # a model's default ordering would join the GROUP BY
        .values(*keys)
        .annotate(**columns)
        .values_list(*keys, *columns)
        .iterator(chunk_size=CHUNK)
    )


def totals_for(process: Process, participant_ids: Sequence[int]) -> tuple[Totals, FeatureSpace]:
    """Totals of the given participants (rows in their order) and the feature space.

    The participants are selected in the database by a subquery rather than a list of
    100,000 ids: `participant_ids` are the process's mapped participants
    (`mapped_participants`) or some of them; rows of others are skipped.
    """
    space = feature_space(process)
    participants = _Index(participant_ids)
    members = _mapped(process).values("pk")
    totals = Totals.zeros(len(participant_ids), space)

    columns = _map_columns(space)
    at = {name: i for i, name in enumerate(columns)}
    block = _fill(
        _grouped(ServiceUse.objects.filter(participant__in=members), ("participant_id",), columns),
        participants,
        len(columns),
    )

    def take(prefix: str, n: int) -> np.ndarray:
        return block[:, [at[f"{prefix}{i}"] for i in range(n)]]

    totals.monthly = take("m", len(space.categories))
    totals.services_in = take("n", len(space.categories))
    totals.modes = take("t", len(space.modes))
    totals.sectors = take("s", len(space.sectors))
    for name in ("services", "electronic", "trips", "km", "minutes"):
        setattr(totals, name, block[:, at[name]])

    # help received: someone named, or any text (`str.strip()` in the records path)
    received = ~Q(help_from=[]) | Q(help_received_text__regex=r"\S")
    needed = Q(help_needed_text__regex=HAS_WORD) & ~Q(help_needed_text__iregex=NO_HELP)
    days = DiaryDay.objects.filter(participant__in=members, saved_at__isnull=False)
    block = _fill(
        _grouped(
            days,
            ("participant_id",),
            {
                "days": Count("pk"),
                "received": Count("pk", filter=received),
                "needed": Count("pk", filter=needed),
            },
        ),
        participants,
        3,
    )
    totals.diary_days, totals.help_received_days, totals.help_needed_days = block.T

    # a code counts once per answer (day and field), however many coders applied it
    codes = _Index([int(code) for code in space.codes])
    answer = Concat(Cast("day_id", output_field=CharField()), Value(":"), F("field"))
    for block in _blocks(
        _grouped(
            Coding.objects.filter(day__participant__in=members),
            ("day__participant_id", "code_id"),
            {"answers": Count(answer, distinct=True)},
        )
    ):
        known, rows = participants(block[:, 0])
        known_code, columns_at = codes(block[known, 1])
        totals.codes[rows[known_code], columns_at] = block[known, 2][known_code]
    return totals, space
