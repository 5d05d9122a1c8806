"""Pictures of the insight data: one participant's map (SVG) and the charts summary (PDF)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from arki.core.pdf import render_pdf

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
    """The aggregate charts as tables with horizontal bars (SVG) on A4 pages: every bar's
    count and share is printed beside it, so the PDF reads the same without the picture."""
    sections = [
        (_("Distance from home"), data["distance"]),
        (_("Travel time"), data["minutes"]),
        (_("Travel modes"), data["modes"]),
        (_("Electronic or on site"), data["channels"]),
    ]
    context = {
        "summary": _("Service-map rows: %(count)d. Electronic use: %(share)d %%.")
        % {"count": data["uses"], "share": data["electronic_share"]},
        "by_category": data["by_category"],
        "sections": sections,
    }
    return render_pdf("insight/pdf/charts.html", context, title=title)
