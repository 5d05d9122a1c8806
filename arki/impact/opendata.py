"""The impact tool's open data (the manifest's `open_data`): the published metrics' figures.

Every metric of the plan that staff published, with each figure its source gives (Arki's own
figures, among them the help exchange's, surveys, official statistics, diaries), per period
and area, as the public impact page shows them. A figure resting on fewer people than
`ARKI_K_ANONYMITY`, or withheld by its source, has an empty value and status "withheld".
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from arki.core.classification import region_area_code
from arki.core.models import Process
from arki.core.opendata import WITHHELD
from arki.core.registry import OpenColumn, OpenDataset

from .selectors import published_metrics
from .sources import read_points


def metric_rows(process: Process) -> list[list[Any]]:
    k = int(settings.ARKI_K_ANONYMITY)
    region = region_area_code(process.region.code)
    rows = []
    for metric in published_metrics(process):
        seen = set()
        for point in read_points(metric):
            area = f"KU{point.municipality_code}" if point.municipality_code else region
            key = (area, point.period)
            if key in seen:
                continue
            seen.add(key)
            withheld = point.withheld or (point.n is not None and point.n < k)
            value = None if withheld else point.value
            rows.append(
                [
                    metric.pk,
                    metric.tr("name"),
                    metric.unit,
                    area,
                    point.period.isoformat(),
                    "" if value is None else round(value, 3),
                    WITHHELD if withheld else "",
                    "" if metric.baseline is None else metric.baseline,
                    "" if metric.target is None else metric.target,
                ]
            )
    return rows


OPEN_DATA = [
    OpenDataset(
        name="impact-metrics",
        title=_("Impact metrics"),
        description=_(
            "The published metrics of the impact plan and their figures by period and area: "
            "Arki's own figures (the help exchange's among them), surveys and official "
            "statistics. Figures about fewer people than the k-anonymity size are withheld."
        ),
        columns=[
            OpenColumn("metric", _("Metric"), _("The metric's number in Arki."), "integer", True),
            OpenColumn("metric_label", _("Metric name"), _("The metric in words.")),
            OpenColumn("unit", _("Unit"), _("The unit of the values.")),
            OpenColumn(
                "area",
                _("Area"),
                _("MK and the region's code, or KU and the municipality's code."),
                dimension=True,
            ),
            OpenColumn(
                "period",
                _("Period"),
                _("The first day of the period the value is for."),
                "date",
                True,
            ),
            OpenColumn("value", _("Value"), _("The figure; empty when withheld."), "number"),
            OpenColumn(
                "status",
                _("Status"),
                _("withheld: the figure rests on fewer people than the k-anonymity size."),
            ),
            OpenColumn("baseline", _("Baseline"), _("The value the plan starts from."), "number"),
            OpenColumn("target", _("Target"), _("The value the plan aims at."), "number"),
        ],
        rows=metric_rows,
        jsonstat=True,
    )
]
