"""Pictures of the insight data: one participant's map (SVG) and the charts summary (PDF)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib.units import mm

from arki.core.pdf import BOLD, FONT, MARGIN, PAGE_SIZE, pdf_canvas

from .compute.svg import MapPoint, service_map_svg
from .enums import TravelMode
from .models import ServiceUse


def participant_svg(uses: list[ServiceUse], code: str) -> str:
    modes = dict(TravelMode.choices)
    points = [
        MapPoint(
            name=use.service_name,
            minutes=use.travel_minutes,
            channel=use.channel,
            mode=use.travel_mode,
            mode_label=str(modes.get(use.travel_mode, "")),
        )
        for use in uses
    ]
    return service_map_svg(
        points,
        title=_("Service map of %(code)s") % {"code": code},
        description=_(
            "%(count)d services around the home; the further out, the longer the trip. "
            "The same data is in the table below."
        )
        % {"count": len(points)},
        home=_("Home"),
        online=_("Electronic"),
    )


def charts_pdf(data: dict[str, Any], title: str) -> bytes:
    """The aggregate charts as horizontal bars on A4 pages, with the numbers printed."""
    buffer = io.BytesIO()
    canvas = pdf_canvas(buffer, title=title)
    width, height = PAGE_SIZE
    margin = MARGIN
    y = height - margin

    def line(text: str, font: str = FONT, size: float = 10) -> None:
        nonlocal y
        if y < 25 * mm:
            canvas.showPage()
            y = height - margin
        canvas.setFont(font, size)
        canvas.drawString(margin, y, text)
        y -= size * 1.5

    def bars(heading: str, rows: list[dict[str, Any]]) -> None:
        nonlocal y
        line(heading, BOLD, 12)
        for row in rows:
            line(f"{row['label']}: {row['count']} ({row['percent']} %)")
            canvas.setFillColorRGB(0, 0, 0.75)
            canvas.rect(
                margin + 70 * mm,
                y + 10,
                (width - 2 * margin - 70 * mm) * row["width"] / 100,
                8,
                fill=1,
                stroke=0,
            )
            canvas.setFillColorRGB(0, 0, 0)
        y -= 6

    line(title, BOLD, 16)
    line(
        _("Service-map rows: %(count)d. Electronic use: %(share)d %%.")
        % {"count": data["uses"], "share": data["electronic_share"]}
    )
    y -= 6
    line(_("Use by category and age group"), BOLD, 12)
    for row in data["by_category"]:
        cells = ", ".join(f"{c['group']} {c['count']}" for c in row["cells"])
        line(f"{row['label']}: {cells}")
    y -= 6
    bars(_("Distance from home"), data["distance"])
    bars(_("Travel time"), data["minutes"])
    bars(_("Travel modes"), data["modes"])
    bars(_("Electronic or on site"), data["channels"])
    canvas.save()
    return buffer.getvalue()
