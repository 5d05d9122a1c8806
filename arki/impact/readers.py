"""The "arki" and "statistics" source readers (see sources.py), and Arki's own figures as
open data: per month, for the whole region (the registry's figures are process-wide)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone, translation

from arki.core.models import Process
from arki.core.registry import Metric as RegistryMetric
from arki.core.registry import registry

from .enums import SourceKind
from .sources import Point, register_source

if TYPE_CHECKING:
    from .models import Metric

#: Units (in English) of registry figures that count people: below the k-anonymity size
#: such a figure is withheld, on the impact view and in the open data alike.
PEOPLE_UNITS = frozenset({"people", "pairs", "answers", "diaries", "ballots", "persons"})


def k_anonymity() -> int:
    return max(1, int(getattr(settings, "ARKI_K_ANONYMITY", 5)))


def counts_people(figure: RegistryMetric) -> bool:
    with translation.override("en"):
        return str(figure.unit).strip().lower() in PEOPLE_UNITS


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def registry_figure(key: str) -> RegistryMetric | None:
    return next((m for m in registry.metrics() if m.key == key), None)


def figure_point(figure: RegistryMetric, process: Process) -> Point:
    """One registry figure now, for the whole region; small counts of people withheld."""
    value = figure.compute(process)
    month = this_month()
    if value is None:
        return Point(month, None)
    if counts_people(figure) and value < k_anonymity():
        return Point(month, None, withheld=True)
    return Point(month, float(value))


@register_source(SourceKind.ARKI)
def read_arki(metric: Metric) -> list[Point]:
    figure = registry_figure(metric.source_ref)
    if figure is None:
        return []
    return [figure_point(figure, metric.process)]


@register_source(SourceKind.STATISTICS)
def read_statistics(metric: Metric) -> list[Point]:
    from .models import StatisticValue

    if not metric.source_ref.isdigit():
        return []
    rows = StatisticValue.objects.filter(
        series_id=int(metric.source_ref), series__process_id=metric.process_id
    ).values_list("period", "value", "municipality__code")
    return [Point(period, value, code) for period, value, code in rows]
