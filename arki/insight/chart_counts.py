"""The counts behind the service-map charts, kept current by every write of map rows.

Aggregating 550,000 map rows (100,000 maps) on each visit of the charts page takes most of a
second; `ChartCount` holds the same figures per workshop, municipality, age group and bar, a
few hundred rows. Every service that writes `ServiceUse` rows keeps them current:

- rows added: `chart_counts_add(uses=<the new rows>)` after writing them;
- rows deleted: `chart_counts_remove(uses=<the rows>)` before deleting them;
- free-text rows mapped to a catalogue service: `chart_counts_move(uses=..., category=...)`;
- a person's municipality or age band edited in the core (the `person_changed` hook):
  `chart_counts_regroup(uses=<their rows>, municipality_id=<old>, age_band=<old>)`.

A change is summed in SQL for any number of rows (one grouped query) and applied with one
upsert (`n = n + change`) whose rows are sorted, so concurrent writers lock count rows in the
same order and cannot deadlock. Inside `chart_counts_batch()` changes are collected and
applied once when the batch ends: a kit or an import of 100,000 maps then takes the locks of
the count rows only for a moment at the end of its transaction, instead of holding them while
it writes. `chart_counts_rebuild()` recomputes everything from the map rows (migration,
command `arki insight_charts_rebuild`).

What the charts count is defined once, in `row_counts`: a row counts once in its category
("unmapped" without a catalogue service), travel mode and channel, and (on-site use only) in
its distance and travel-time bins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from arki.core.enums import AGE_GROUP_OF_BAND

from .enums import ChartDimension, UseChannel

#: Bins of the distance (km) and travel-time (min) charts: [low, high), the last open-ended.
DISTANCE_BINS = [(0, 1), (1, 5), (5, 10), (10, 20), (20, 50), (50, None)]
MINUTE_BINS = [(0, 5), (5, 15), (15, 30), (30, 60), (60, None)]
UNMAPPED = "unmapped"
CATEGORY = ChartDimension.CATEGORY.value
DISTANCE = ChartDimension.DISTANCE.value
MINUTES = ChartDimension.MINUTES.value
MODE = ChartDimension.MODE.value
CHANNEL = ChartDimension.CHANNEL.value
GROUP_OF_BAND = {band.value: group.value for band, group in AGE_GROUP_OF_BAND.items()}

#: (workshop id, municipality id, age group, dimension, bucket)
Key = tuple[int, int, str, str, str]
COLUMNS = ["workshop_id", "municipality_id", "age_group", "dimension", "bucket"]
#: Rows per upsert statement (6 parameters each: well under any database's limit).
UPSERT_ROWS = 150

_pending: ContextVar[Counter[Key] | None] = ContextVar("chart_count_batch", default=None)


def _bin(field: str, bins: list[tuple[int, int | None]]) -> Case:
    """The index of the bin a row's value falls in; NULL for electronic use (no trip)."""
    whens = [When(channel=UseChannel.ELECTRONIC, then=Value(None))]
    whens += [
        When(**{f"{field}__lt": high}, then=Value(index))
        for index, (_low, high) in enumerate(bins)
        if high is not None
    ]
    return Case(*whens, default=Value(len(bins) - 1), output_field=IntegerField())


def row_counts(uses: QuerySet[Any]) -> Counter[Key]:
    """What the given map rows add to the charts, in one grouped query.

    Works on the historical model of a migration too (only field names are used).
    """
    rows = (
        uses.order_by()
        .annotate(dbin=_bin("distance_km", DISTANCE_BINS), mbin=_bin("travel_minutes", MINUTE_BINS))
        .values_list(
            "participant__workshop_id",
            "participant__person__municipality_id",
            "participant__person__age_band",
            "service__category",
            "channel",
            "travel_mode",
            "dbin",
            "mbin",
        )
        .annotate(n=Count("pk"))
    )
    counts: Counter[Key] = Counter()
    for workshop, municipality, band, category, channel, mode, dbin, mbin, n in rows:
        base = (workshop, municipality, GROUP_OF_BAND[band])
        counts[(*base, CATEGORY, category or UNMAPPED)] += n
        counts[(*base, MODE, mode)] += n
        counts[(*base, CHANNEL, channel)] += n
        if dbin is not None:
            counts[(*base, DISTANCE, str(dbin))] += n
        if mbin is not None:
            counts[(*base, MINUTES, str(mbin))] += n
    return counts


def _upsert(changes: Counter[Key], table: str) -> None:
    rows = sorted((key, n) for key, n in changes.items() if n)
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in [*COLUMNS, "n"])
    conflict = ", ".join(quote(c) for c in COLUMNS)
    n = quote("n")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_ROWS):
            chunk = rows[start : start + UPSERT_ROWS]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {quote(table)} ({columns}) VALUES {values} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {n} = {quote(table)}.{n} + excluded.{n}",
                [value for key, count in chunk for value in (*key, count)],
            )


def _apply(changes: Counter[Key]) -> None:
    from .models import ChartCount

    pending = _pending.get()
    if pending is not None:
        pending.update(changes)  # update() adds, negative changes included
    else:
        _upsert(changes, ChartCount._meta.db_table)


@contextmanager
def chart_counts_batch() -> Iterator[None]:
    """Collect the count changes of a longer write; apply them once when it ends.

    Use inside the write's transaction. Nested batches join the outermost one.
    """
    if _pending.get() is not None:
        yield
        return
    pending: Counter[Key] = Counter()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    _apply(pending)


def chart_counts_add(*, uses: QuerySet[Any]) -> None:
    """Count map rows just written."""
    _apply(row_counts(uses))


def chart_counts_remove(*, uses: QuerySet[Any]) -> None:
    """Uncount map rows about to be deleted."""
    changes = row_counts(uses)
    _apply(Counter({key: -n for key, n in changes.items()}))


def chart_counts_move(*, uses: QuerySet[Any], category: str) -> None:
    """The rows are about to get a catalogue service of `category`: move them to its bar."""
    changes: Counter[Key] = Counter()
    for key, n in row_counts(uses).items():
        if key[3] == CATEGORY and key[4] != category:
            changes[key] -= n
            changes[(*key[:4], category)] += n  # type: ignore[arg-type]
    _apply(changes)


def chart_counts_regroup(*, uses: QuerySet[Any], municipality_id: int, age_band: str) -> None:
    """The rows' person has just got another municipality or age band; they were counted
    under `municipality_id` and `age_band`: uncount them there, count them under the new."""
    old_group = GROUP_OF_BAND[age_band]
    changes: Counter[Key] = Counter()
    for key, n in row_counts(uses).items():
        changes[key] += n
        changes[(key[0], municipality_id, old_group, key[3], key[4])] -= n
    _apply(changes)


def chart_counts_rebuild(
    *, workshop_ids: list[int] | None = None, service_use: Any = None, chart_count: Any = None
) -> int:
    """Recompute the counts from the map rows (all workshops, or the given ones).

    The models can be given (a migration's historical models); returns the rows written.
    """
    if service_use is None or chart_count is None:
        from .models import ChartCount, ServiceUse

        service_use, chart_count = ServiceUse, ChartCount
    uses = service_use.objects.all()
    old = chart_count.objects.all()
    if workshop_ids is not None:
        uses = uses.filter(participant__workshop_id__in=workshop_ids)
        old = old.filter(workshop_id__in=workshop_ids)
    with transaction.atomic():
        old.delete()
        counts = row_counts(uses)
        chart_count.objects.bulk_create(
            [
                chart_count(**dict(zip(COLUMNS, key, strict=True)), n=n)
                for key, n in sorted(counts.items())
            ],
            batch_size=1000,
        )
    return len(counts)
