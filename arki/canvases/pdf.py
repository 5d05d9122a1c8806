"""Canvas PDFs: a blank A3 sheet for tables without devices, and a filled canvas.

The zones are drawn as a grid of boxes with their prompts, the persona or concept printed at
the top, so the paper canvas and the screen canvas are the same structure and a paper canvas
can be typed in zone by zone afterwards. An HTML template rendered by `core.pdf` on A3
landscape; a zone with more cards than its box holds grows rather than shrinking its text.
"""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from arki.core.pdf import render_pdf

from .models import Canvas
from .selectors import canvas_zones

#: Height of A3 landscape less the page margins and the header, in millimetres.
_ZONES_HEIGHT = 297 - 2 * 12 - 30


def canvas_pdf(canvas: Canvas, *, blank: bool) -> bytes:
    title = f"{canvas.type.label}: {canvas.tr('label')}"
    zones = []
    for row in canvas_zones(canvas):
        cards = []
        if not blank:
            for card in row["cards"]:
                prefix = _("Step %(step)d: ") % {"step": card.step} if card.step else ""
                cards.append(prefix + card.text)
        zones.append({"title": row["zone"].title, "prompt": row["zone"].prompt, "cards": cards})
    columns = min(3, len(zones)) or 1
    rows = math.ceil(len(zones) / columns) or 1
    context = {
        "subtitle": f"{canvas.type.label_title}: {canvas.tr('label')} · {canvas.workshop}",
        "zones": zones,
        "columns": columns,
        "zone_height": f"{_ZONES_HEIGHT / rows - 3:.1f}mm",
    }
    return render_pdf("canvases/pdf/canvas.html", context, title=title, page="a3-landscape")
