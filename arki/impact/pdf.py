"""The impact report as an accessible PDF: for each metric its criterion, how it is measured,
source and last update, baseline and target, and its figures for the period as a table."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from arki.core.models import Process
from arki.core.pdf import para_text, pdf_document, pdf_styles

from .impact_view import Figures


def _when(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def impact_pdf(process: Process, figures: Sequence[Figures], *, period: str) -> bytes:
    buffer = io.BytesIO()
    title = _("Impact report: %(process)s, %(period)s") % {"process": process, "period": period}
    doc = pdf_document(buffer, title=title)
    styles = pdf_styles()
    story: list = [Paragraph(para_text(title), styles["Title"])]
    if not figures:
        story.append(Paragraph(para_text(_("No metrics in the plan yet.")), styles["Normal"]))
    for item in figures:
        metric = item.metric
        story.append(Paragraph(para_text(str(metric)), styles["Heading2"]))
        lines = [
            _("Criterion: %(text)s") % {"text": metric.criterion_text or "–"},
            _("How it is measured: %(text)s") % {"text": metric.tr("how_measured") or "–"},
            _("Source: %(text)s") % {"text": item.source_label or "–"},
            _("Last update: %(text)s") % {"text": _when(item.last_update)},
            _("Baseline: %(value)s (%(date)s)")
            % {
                "value": "–" if metric.baseline is None else f"{metric.baseline:g} {metric.unit}",
                "date": _when(metric.baseline_on),
            },
            _("Target: %(value)s (%(date)s), %(direction)s")
            % {
                "value": "–" if metric.target is None else f"{metric.target:g} {metric.unit}",
                "date": _when(metric.target_on),
                "direction": metric.get_direction_display(),
            },
        ]
        for line in lines:
            story.append(Paragraph(para_text(line), styles["Normal"]))
        rows = item.table()
        if rows:
            data = [[_("Period"), *item.headers()], *[[p, *cells] for p, cells in rows]]
            table = Table(data, repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                    ]
                )
            )
            story.append(Spacer(1, 6))
            story.append(table)
        else:
            story.append(Paragraph(para_text(_("No figures for this period.")), styles["Italic"]))
        story.append(Spacer(1, 12))
    doc.build(story)
    return buffer.getvalue()
