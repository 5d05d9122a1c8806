"""Arki's own figures as open data (JSON-stat 2 and CSV) for the region's statisticians.

One cube: figure × area × month. The areas are the whole region (``MK18``) and the
municipalities (``KU205``…); the months are those the metric plan follows (from the earliest
baseline of its "Arki's own figures" rows to their last follow-up, never past this month;
the last twelve without a plan). A figure whose tool offers no breakdown has one value, the
whole region this month. CC BY 4.0 is stated in the metadata. A cell that rests on 1 to k-1
people is null with status "withheld", and so are as many others of its month as the k rule
needs (`readers.figure_points`, the same as on the impact view).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from arki.core.classification import region_area_code
from arki.core.models import Municipality, Process
from arki.core.registry import Metric as RegistryMetric
from arki.core.registry import registry

from .enums import SourceKind
from .jsonstat import period_label, write_csv, write_jsonstat
from .models import Metric
from .readers import (
    DEFAULT_MONTHS,
    figure_points,
    k_anonymity,
    metric_months,
    months_back,
    this_month,
)
from .sources import Point

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
WITHHELD = "withheld"


def _plan(process: Process, published_only: bool):
    metrics = Metric.objects.filter(process=process, source=SourceKind.ARKI)
    return metrics.filter(is_published=True) if published_only else metrics


def _figures(process: Process, published_only: bool) -> list[RegistryMetric]:
    figures = registry.metrics()
    if published_only:
        keys = set(_plan(process, True).values_list("source_ref", flat=True))
        figures = [f for f in figures if f.key in keys]
    return figures


def export_months(process: Process, *, published_only: bool) -> tuple[datetime.date, datetime.date]:
    """The months of the open figures: the union of the plan's months for Arki's figures."""
    spans = [s for s in (metric_months(m) for m in _plan(process, published_only)) if s]
    if spans:
        return min(s[0] for s in spans), max(s[1] for s in spans)
    now = this_month()
    return months_back(now, DEFAULT_MONTHS - 1), now


def _area(process: Process, code: str | None) -> str:
    return region_area_code(process.region.code) if code is None else f"KU{code}"


def _cells(process: Process, published_only: bool) -> list[tuple[RegistryMetric, str, Point]]:
    first, last = export_months(process, published_only=published_only)
    rows = []
    for figure in _figures(process, published_only):
        for point in figure_points(figure, process, first, last):
            rows.append((figure, _area(process, point.municipality_code), point))
    return rows


def _area_labels(process: Process, cells) -> list[tuple[str, str]]:
    region = _area(process, None)
    names = {
        _area(process, m.code): str(m)
        for m in Municipality.objects.filter(region=process.region).order_by("code")
    }
    used = sorted({area for _f, area, _p in cells} - {region})
    return [(region, str(process.region)), *[(area, names.get(area, area)) for area in used]]


def figures_jsonstat(process: Process, *, published_only: bool) -> dict[str, Any]:
    cells = _cells(process, published_only)
    figures = list(dict.fromkeys(f for f, _a, _p in cells))
    months = sorted({p.period for _f, _a, p in cells}) or [this_month()]
    values: dict[tuple[str, ...], float | None] = {}
    status: dict[tuple[str, ...], str] = {}
    for figure, area, point in cells:
        key = (figure.key, area, period_label(point.period, "month"))
        values[key] = point.value
        if point.withheld:
            status[key] = WITHHELD
    return write_jsonstat(
        label=_("Arki's own figures: %(process)s") % {"process": process},
        source="Arki",
        licence=LICENCE,
        updated=timezone.now().replace(microsecond=0),
        dimensions=[
            ("indicator", _("Figure"), [(f.key, f"{f.label} ({f.unit})") for f in figures]),
            ("area", _("Area"), _area_labels(process, cells)),
            (
                "month",
                _("Month"),
                [(period_label(m, "month"), m.strftime("%Y-%m")) for m in months],
            ),
        ],
        values=values,
        status=status,
        roles={"geo": ["area"], "time": ["month"], "metric": ["indicator"]},
        note=[
            _("Licence: %(licence)s (%(url)s).") % {"licence": LICENCE, "url": LICENCE_URL},
            _("Figures that count people are withheld below %(k)s.") % {"k": k_anonymity()},
        ],
    ) | {"extension": {"licence": LICENCE, "licence_url": LICENCE_URL}}


def figures_csv(process: Process, *, published_only: bool) -> str:
    cells = _cells(process, published_only)
    labels = dict(_area_labels(process, cells))
    rows = []
    for figure, area, point in cells:
        rows.append(
            [
                figure.key,
                str(figure.label),
                str(figure.unit),
                area,
                labels.get(area, area),
                period_label(point.period, "month"),
                "" if point.value is None else point.value,
                WITHHELD if point.withheld else "",
                LICENCE,
            ]
        )
    return write_csv(
        ["indicator", "label", "unit", "area", "area_name", "month", "value", "status", "licence"],
        rows,
    )
