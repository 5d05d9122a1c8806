"""Canvas PDFs (ReportLab): a blank A3 sheet for tables without devices, and a filled canvas.

The zones are drawn as a grid of boxes with their prompts, the persona or concept printed at
the top, so the paper canvas and the screen canvas are the same structure and a paper canvas
can be typed in zone by zone afterwards. Every user text goes through `para_text`.
"""

from __future__ import annotations

import io
import math

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Frame, KeepInFrame, Paragraph

from arki.core.pdf import A3_LANDSCAPE, para_text, pdf_canvas, pdf_styles

from .models import Canvas
from .selectors import canvas_zones


def canvas_pdf(canvas: Canvas, *, blank: bool) -> bytes:
    buffer = io.BytesIO()
    size = A3_LANDSCAPE
    title = f"{canvas.type.label}: {canvas.label}"
    pdf = pdf_canvas(buffer, title=title, pagesize=size)
    styles = pdf_styles()
    width, height = size
    margin = 12 * mm
    header = Paragraph(para_text(title), styles["Title"])
    header_frame = Frame(margin, height - margin - 22 * mm, width - 2 * margin, 22 * mm)
    header_frame.addFromList(
        [
            header,
            Paragraph(
                para_text(f"{canvas.type.label_title}: {canvas.label} · {canvas.workshop}"),
                styles["Normal"],
            ),
        ],
        pdf,
    )
    zones = canvas_zones(canvas)
    columns = min(3, len(zones))
    rows = math.ceil(len(zones) / columns)
    box_w = (width - 2 * margin) / columns
    box_h = (height - 2 * margin - 26 * mm) / rows
    for index, row in enumerate(zones):
        col, line = index % columns, index // columns
        x = margin + col * box_w
        y = height - margin - 26 * mm - (line + 1) * box_h
        pdf.rect(x, y, box_w, box_h)
        story = [
            Paragraph(para_text(row["zone"].title), styles["Heading2"]),
            Paragraph(para_text(row["zone"].prompt), styles["Italic"]),
        ]
        if not blank:
            for card in row["cards"]:
                prefix = _("Step %(step)d: ") % {"step": card.step} if card.step else ""
                story.append(Paragraph("• " + para_text(prefix + card.text), styles["Normal"]))
        frame = Frame(x + 2 * mm, y + 2 * mm, box_w - 4 * mm, box_h - 4 * mm, showBoundary=0)
        frame.addFromList([KeepInFrame(box_w - 8 * mm, box_h - 8 * mm, story, mode="shrink")], pdf)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
