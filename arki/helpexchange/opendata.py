"""The help exchange's open data (the manifest's `open_data`): figures per month.

Aggregates only, for the whole process: help requests received, tasks done, requests that
expired without a helper, and the older people helped and volunteers who helped in each
month. Every count from 1 to `ARKI_K_ANONYMITY` − 1 is withheld (an empty value with status
"withheld"), and where the withheld months of a figure add up to fewer than k, more months
are withheld, so that the sum of the shown months cannot be subtracted from the
process-wide figures to find a small one. The figures are those of a public service of a
public process, published with the process; nothing about a single request is given.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from arki.core.models import Process
from arki.core.opendata import WITHHELD
from arki.core.registry import OpenColumn, OpenDataset

from .enums import AssignmentStatus, RequestStatus
from .models import Assignment, HelpRequest

INDICATORS = {
    "requests": _("Help requests received"),
    "tasks_done": _("Help tasks done"),
    "expired": _("Requests that expired without a helper"),
    "older_people_helped": _("Older people helped"),
    "volunteers_helping": _("Volunteers who helped"),
}


def _by_month(queryset, field: str, count: str) -> dict[str, int]:
    rows = (
        queryset.annotate(m=TruncMonth(field))
        .exclude(m=None)
        .values("m")
        .annotate(n=Count(count, distinct=True))
    )
    return {row["m"].strftime("%Y-%m"): row["n"] for row in rows}


def _suppress(values: dict[str, int], k: int) -> set[str]:
    hidden = {month for month, n in values.items() if 0 < n < k}
    shown = sorted((n, month) for month, n in values.items() if month not in hidden and n)
    while shown and 0 < sum(values[m] for m in hidden) < k:
        hidden.add(shown.pop(0)[1])
    return hidden


def month_rows(process: Process) -> list[list[Any]]:
    requests = HelpRequest.objects.filter(process=process)
    done = Assignment.objects.filter(request__process=process, status=AssignmentStatus.DONE)
    figures = {
        "requests": _by_month(requests, "created_at", "pk"),
        "tasks_done": _by_month(done, "completed_at", "request"),
        "expired": _by_month(requests.filter(status=RequestStatus.EXPIRED), "expires_at", "pk"),
        "older_people_helped": _by_month(done, "completed_at", "request__recipient"),
        "volunteers_helping": _by_month(done, "completed_at", "volunteer"),
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
