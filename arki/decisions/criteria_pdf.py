"""The printable A4 voting sheet of a criteria vote (for voters without a phone).

One row per criterion with two boxes, "important" and "not important", in the order staff
see in the paper entry, and a line for the voter's name or table. Staff type a filled
sheet in through the live session's paper entry. Every text goes through `para_text`.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from arki.core.models import SessionActivity
from arki.core.pdf import para_text, pdf_document, pdf_styles

from .models import Criterion

BOX = "\u2610"  # ☐, drawn by Helvetica as an empty box on every reader we tried


def voting_sheet_pdf(activity: SessionActivity) -> bytes:
    buffer = io.BytesIO()
    title = f"{activity.title} · {activity.session.workshop}"
    document = pdf_document(buffer, title=title)
    styles = pdf_styles()
    criteria = Criterion.objects.filter(activity=activity).order_by("position", "pk")
    rows = [
        [
            Paragraph(para_text(_("Criterion")), styles["Heading4"]),
            Paragraph(para_text(_("Important")), styles["Heading4"]),
            Paragraph(para_text(_("Not important")), styles["Heading4"]),
        ]
    ]
    for number, criterion in enumerate(criteria, start=1):
        rows.append(
            [
                Paragraph(para_text(f"{number}. {criterion.tr('text')}"), styles["Normal"]),
                "",
                "",
            ]
        )
    table = Table(rows, colWidths=[110 * mm, 30 * mm, 34 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.whitesmoke]),
                ("TOPPADDING", (0, 1), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 8),
            ]
        )
    )
    story = [
        Paragraph(para_text(activity.title), styles["Title"]),
        Paragraph(para_text(str(activity.session.workshop)), styles["Normal"]),
        Spacer(1, 4 * mm),
        Paragraph(
            para_text(
                _(
                    "Mark each criterion important or not important with a cross. You may "
                    "leave a criterion without a mark. Give the sheet to the facilitator."
                )
            ),
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(para_text(_("Name or table:") + " " + "_" * 40), styles["Normal"]),
        Spacer(1, 6 * mm),
        table,
    ]
    document.build(story)
    return buffer.getvalue()
