"""The "arki" and "statistics" source readers (see sources.py), and the k rule of Arki's own
figures, shared by the impact view and the open figures.

A registry figure with a `breakdown` is read per municipality and month over the months the
plan follows the metric (`metric_months`); one without is read for the whole region now.
Either way a cell resting on 1 to k-1 people (k = ARKI_K_ANONYMITY) is withheld, and, within a
month, enough further municipalities that none can be recovered from the region's total by
subtraction (the surveys' `suppress`). A count of 0 is shown: it is about no one.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone, translation

from arki.core.models import Process
from arki.core.registry import FigureCell, registry
from arki.core.registry import Metric as RegistryMetric

from .enums import SourceKind
from .sources import Point, register_source
from .surveys.compute import suppress

if TYPE_CHECKING:
    from .models import Metric

#: Units (in English) of registry figures that count people: below the k-anonymity size
#: such a figure is withheld, on the impact view and in the open data alike.
PEOPLE_UNITS = frozenset({"people", "pairs", "answers", "diaries", "ballots", "persons"})

#: Months shown for a metric whose plan gives no dates: the last twelve.
DEFAULT_MONTHS = 12


def k_anonymity() -> int:
    return max(1, int(getattr(settings, "ARKI_K_ANONYMITY", 5)))


def too_few(people: int | None, k: int | None = None) -> bool:
    """True for a group of 1 to k-1 people: shown, it could point at someone."""
    return people is not None and 0 < people < (k or k_anonymity())


def counts_people(figure: RegistryMetric) -> bool:
    with translation.override("en"):
        return str(figure.unit).strip().lower() in PEOPLE_UNITS


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def months_back(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 - n
    return datetime.date(index // 12, index % 12 + 1, 1)


def registry_figure(key: str) -> RegistryMetric | None:
    return next((m for m in registry.metrics() if m.key == key), None)


def _dates(metric: Metric) -> list[datetime.date]:
    dates = []
    for text in metric.follow_up_dates or []:
        try:
            dates.append(datetime.date.fromisoformat(str(text)))
        except ValueError:
            continue
    return [*dates, *([metric.target_on] if metric.target_on else [])]


def metric_months(
    metric: Metric, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date] | None:
    """The first and last month the plan follows `metric`: from the baseline date to the last
    follow-up or target date, never past this month (without a baseline date, from the first
    follow-up date; without any date, the last twelve months). None before it begins."""
    now = (today or timezone.localdate()).replace(day=1)
    ends = _dates(metric)
    start = metric.baseline_on or min(ends, default=None)
    first = start.replace(day=1) if start else months_back(now, DEFAULT_MONTHS - 1)
    if first > now:
        return None
    later = [d.replace(day=1) for d in ends if d.replace(day=1) >= first]
    last = min(now, max(later)) if later else now
    return first, last


def figure_point(figure: RegistryMetric, process: Process) -> Point:
    """One registry figure now, for the whole region; small counts of people withheld."""
    value = figure.compute(process)
    month = this_month()
    if value is None:
        return Point(month, None)
    people = int(value) if counts_people(figure) else None
    if too_few(people):
        return Point(month, None, withheld=True)
    return Point(month, float(value), n=people)


def figure_points(
    figure: RegistryMetric, process: Process, first: datetime.date, last: datetime.date
) -> list[Point]:
    """A registry figure per month and municipality (None = the whole region) from its
    `breakdown`, with the k rule applied month by month (see the module's docstring)."""
    if figure.breakdown is None:
        return [figure_point(figure, process)]
    k = k_anonymity()
    by_people = counts_people(figure)

    def people(cell: FigureCell) -> int | None:
        if cell.people is not None:
            return cell.people
        return int(cell.value) if by_people and cell.value is not None else None

    months: dict[datetime.date, list[FigureCell]] = defaultdict(list)
    for cell in figure.breakdown(process, first, last):
        if first <= cell.month <= last:
            months[cell.month.replace(day=1)].append(cell)
    points = []
    for month in sorted(months):
        cells = sorted(
            months[month], key=lambda c: (c.municipality is not None, c.municipality or "")
        )
        counted = {c.municipality: people(c) for c in cells if c.municipality is not None}
        hidden = suppress({code: n for code, n in counted.items() if n}, k)
        for cell in cells:
            n = people(cell)
            withheld = too_few(n, k) if cell.municipality is None else cell.municipality in hidden
            value = None if withheld or cell.value is None else float(cell.value)
            points.append(Point(month, value, cell.municipality, None if withheld else n, withheld))
    return points


@register_source(SourceKind.ARKI)
def read_arki(metric: Metric) -> list[Point]:
    figure = registry_figure(metric.source_ref)
    if figure is None:
        return []
    if figure.breakdown is None:
        return [figure_point(figure, metric.process)]
    months = metric_months(metric)
    return figure_points(figure, metric.process, *months) if months else []


@register_source(SourceKind.STATISTICS)
def read_statistics(metric: Metric) -> list[Point]:
    from .models import StatisticValue

    if not metric.source_ref.isdigit():
        return []
    rows = StatisticValue.objects.filter(
        series_id=int(metric.source_ref), series__process_id=metric.process_id
    ).values_list("period", "value", "municipality__code")
    return [Point(period, value, code) for period, value, code in rows]
