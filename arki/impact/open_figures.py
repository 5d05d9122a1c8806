"""Arki's own figures as open data (JSON-stat 2 and CSV) for the region's statisticians.

The registry's figures are computed for the whole process, so the open data has one area,
the whole region, and the current month. CC BY 4.0 is stated in the metadata. A figure that
counts people is never given below the k-anonymity size: its cell is null with status
"withheld".
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from arki.core.models import Process
from arki.core.registry import registry

from .enums import SourceKind
from .jsonstat import period_label, write_csv, write_jsonstat
from .models import Metric
from .readers import figure_point

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
WITHHELD = "withheld"


def _figures(process: Process, published_only: bool):
    figures = registry.metrics()
    if published_only:
        keys = set(
            Metric.objects.filter(
                process=process, is_published=True, source=SourceKind.ARKI
            ).values_list("source_ref", flat=True)
        )
        figures = [f for f in figures if f.key in keys]
    return figures


def _cells(process: Process, published_only: bool):
    area = f"MK{process.region.code}"
    rows = []
    for figure in _figures(process, published_only):
        point = figure_point(figure, process)
        rows.append((figure, area, point))
    return rows


def figures_jsonstat(process: Process, *, published_only: bool) -> dict[str, Any]:
    cells = _cells(process, published_only)
    month = cells[0][2].period if cells else timezone.localdate().replace(day=1)
    area = f"MK{process.region.code}"
    values: dict[tuple[str, ...], float | None] = {}
    status: dict[tuple[str, ...], str] = {}
    for figure, _area, point in cells:
        key = (figure.key, area, period_label(month, "month"))
        values[key] = point.value
        if point.withheld:
            status[key] = WITHHELD
    return write_jsonstat(
        label=_("Arki's own figures: %(process)s") % {"process": process},
        source="Arki",
        licence=LICENCE,
        updated=timezone.now().replace(microsecond=0),
        dimensions=[
            (
                "indicator",
                _("Figure"),
                [(f.key, f"{f.label} ({f.unit})") for f, _a, _p in cells],
            ),
            ("area", _("Area"), [(area, str(process.region))]),
            ("month", _("Month"), [(period_label(month, "month"), month.strftime("%Y-%m"))]),
        ],
        values=values,
        status=status,
        roles={"geo": ["area"], "time": ["month"], "metric": ["indicator"]},
        note=[
            _("Licence: %(licence)s (%(url)s).") % {"licence": LICENCE, "url": LICENCE_URL},
            _("Figures that count people are withheld below %(k)s.") % {"k": _k()},
        ],
    ) | {"extension": {"licence": LICENCE, "licence_url": LICENCE_URL}}


def _k() -> int:
    from .readers import k_anonymity

    return k_anonymity()


def figures_csv(process: Process, *, published_only: bool) -> str:
    rows = []
    for figure, area, point in _cells(process, published_only):
        rows.append(
            [
                figure.key,
                str(figure.label),
                str(figure.unit),
                area,
                period_label(point.period, "month"),
                "" if point.value is None else point.value,
                WITHHELD if point.withheld else "",
                LICENCE,
            ]
        )
    return write_csv(
        ["indicator", "label", "unit", "area", "month", "value", "status", "licence"], rows
    )
