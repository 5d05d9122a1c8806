"""The printable A4 feedback sheet of user testing (workshop 9), for testers without a phone.

The sheet has the same fields as the phone card, in the same order, so staff type a filled
sheet in field by field on the session's page. Every text goes through `para_text`.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from arki.core.pdf import para_text, pdf_document, pdf_styles

from .enums import TesterGroup
from .forms_actions import target_choices
from .models import TestSession


def feedback_sheet_pdf(session: TestSession) -> bytes:
    buffer = io.BytesIO()
    title = _("Feedback card: %(session)s") % {"session": session.title}
    doc = pdf_document(buffer, title=title)
    styles = pdf_styles()
    width = doc.width
    story: list = [
        Paragraph(para_text(title), styles["Title"]),
        Paragraph(
            para_text(
                _(
                    "Tick your group and what the card is about, write at least one of the "
                    "three boxes and circle how feasible it is."
                )
            ),
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(para_text(_("You are testing as")), styles["Heading3"]),
        Paragraph(
            "&nbsp;&nbsp;&nbsp;".join(
                f"[&nbsp;&nbsp;] {para_text(label)}" for _v, label in TesterGroup.choices
            ),
            styles["Normal"],
        ),
        Paragraph(para_text(_("The card is about")), styles["Heading3"]),
    ]
    for group_label, options in target_choices(session.process):
        story.append(Paragraph(f"<b>{para_text(group_label)}</b>", styles["Normal"]))
        for _value, label in options:
            story.append(Paragraph(f"[&nbsp;&nbsp;] {para_text(label)}", styles["Normal"]))
    story.append(Spacer(1, 4 * mm))
    rows = [
        [Paragraph(f"<b>{para_text(name)}</b>", styles["Normal"])]
        for name in (_("Obstacle"), _("Opportunity"), _("Suggested intermediate step"))
    ]
    boxes = Table(
        [cell for row in rows for cell in (row, [""])],
        colWidths=[width],
        rowHeights=[7 * mm, 38 * mm] * len(rows),
    )
    boxes.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [
        boxes,
        Spacer(1, 5 * mm),
        Paragraph(para_text(_("Feasibility (1 = hard, 5 = easy)")), styles["Heading3"]),
        Paragraph(
            "&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;".join(str(n) for n in range(1, 6)),
            styles["Heading2"],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()
