"""The help exchange's open data (the manifest's `open_data`): figures per month.

Aggregates only, for the whole process: help requests received, tasks done, requests that
expired without a helper, and the older people helped and volunteers who helped in each
month. The numbers are the whole-area cells of the figures' breakdowns in `metrics.py`, the
same code that gives the impact tool its figures per municipality and month, so the two
cannot disagree; only the months in which some figure is above zero are written.

Every count from 1 to `ARKI_K_ANONYMITY` − 1 is withheld (an empty value with status
"withheld"), and where the withheld months of a figure add up to fewer than k, more months
are withheld, so that the sum of the shown months cannot be subtracted from the
process-wide figures to find a small one. The figures are those of a public service of a
public process, published with the process; nothing about a single request is given.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from arki.core.models import Process
from arki.core.opendata import WITHHELD
from arki.core.registry import Breakdown, OpenColumn, OpenDataset

from . import metrics

INDICATORS = {
    "requests": _("Help requests received"),
    "tasks_done": _("Help tasks done"),
    "expired": _("Requests that expired without a helper"),
    "older_people_helped": _("Older people helped"),
    "volunteers_helping": _("Volunteers who helped"),
}

#: The breakdown each indicator's numbers come from.
BREAKDOWNS: dict[str, Breakdown] = {
    "requests": metrics.requests_breakdown,
    "tasks_done": metrics.tasks_done_breakdown,
    "expired": metrics.unmet_breakdown,
    "older_people_helped": metrics.older_people_helped_breakdown,
    "volunteers_helping": metrics.volunteers_helping_breakdown,
}


def _suppress(values: dict[str, int], k: int) -> set[str]:
    hidden = {month for month, n in values.items() if 0 < n < k}
    shown = sorted((n, month) for month, n in values.items() if month not in hidden and n)
    while shown and 0 < sum(values[m] for m in hidden) < k:
        hidden.add(shown.pop(0)[1])
    return hidden


def _whole_area_by_month(
    breakdown: Breakdown, process: Process, span: tuple[Any, Any]
) -> dict[str, int]:
    """The breakdown's whole-area cells as {"YYYY-MM": count}, months of 0 left out."""
    return {
        cell.month.strftime("%Y-%m"): int(cell.value)
        for cell in breakdown(process, *span)
        if cell.municipality is None and cell.value
    }


def month_rows(process: Process) -> list[list[Any]]:
    span = metrics.rows_span(process)
    if span is None:
        return []
    figures = {
        key: _whole_area_by_month(breakdown, process, span) for key, breakdown in BREAKDOWNS.items()
    }
    months = sorted({month for values in figures.values() for month in values})
    k = int(settings.ARKI_K_ANONYMITY)
    rows = []
    for key, values in figures.items():
        hidden = _suppress(values, k)
        for month in months:
            n = values.get(month, 0)
            withheld = month in hidden
            rows.append(
                [
                    month,
                    key,
                    str(INDICATORS[key]),
                    "" if withheld else n,
                    WITHHELD if withheld else "",
                ]
            )
    return rows


OPEN_DATA = [
    OpenDataset(
        name="help-exchange-by-month",
        title=_("Help exchange figures by month"),
        description=_(
            "Requests, tasks done and the people helped and helping in each month, for the "
            "whole process. Counts below the k-anonymity size are withheld."
        ),
        columns=[
            OpenColumn("month", _("Month"), _("The month, as YYYY-MM."), dimension=True),
            OpenColumn(
                "indicator",
                _("Figure"),
                _("requests, tasks_done, expired, older_people_helped or volunteers_helping."),
                dimension=True,
            ),
            OpenColumn("indicator_label", _("Figure name"), _("The figure in words.")),
            OpenColumn("value", _("Value"), _("The count; empty when withheld."), "integer"),
            OpenColumn(
                "status",
                _("Status"),
                _("withheld: the count is below the k-anonymity size (or would reveal one)."),
            ),
        ],
        rows=month_rows,
        jsonstat=True,
    )
]
