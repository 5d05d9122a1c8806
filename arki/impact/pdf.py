"""The impact report as an accessible PDF: for each metric its criterion, how it is measured,
source and last update, baseline and target, and its figures for the period as a table."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import formats
from django.utils.translation import gettext as _

from arki.core.models import Process
from arki.core.pdf import render_pdf

from .impact_view import Figures, _number


def _when(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def _value(value: float | None, unit: str) -> str:
    return "–" if value is None else f"{_number(value)} {unit}".strip()


def impact_pdf(process: Process, figures: Sequence[Figures], *, period: str) -> bytes:
    """In the active language, figures with its decimal separator."""
    title = _("Impact report: %(process)s, %(period)s") % {"process": process, "period": period}
    metrics = []
    for item in figures:
        metric = item.metric
        metrics.append(
            {
                "name": str(metric),
                "lines": [
                    _("Criterion: %(text)s") % {"text": metric.criterion_text or "–"},
                    _("How it is measured: %(text)s") % {"text": metric.tr("how_measured") or "–"},
                    _("Source: %(text)s") % {"text": item.source_label or "–"},
                    _("Last update: %(text)s") % {"text": _when(item.last_update)},
                    _("Baseline: %(value)s (%(date)s)")
                    % {
                        "value": _value(metric.baseline, metric.unit),
                        "date": _when(metric.baseline_on),
                    },
                    _("Target: %(value)s (%(date)s), %(direction)s")
                    % {
                        "value": _value(metric.target, metric.unit),
                        "date": _when(metric.target_on),
                        "direction": metric.get_direction_display(),
                    },
                ],
                "headers": item.headers(),
                "rows": item.table(),
            }
        )
    return render_pdf("impact/pdf/report.html", {"metrics": metrics}, title=title)
