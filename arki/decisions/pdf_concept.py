"""The printed A4 group sheet of the concept workshop (ReportLab through arki.core.pdf).

The sheet has the funnel's shape: the persona and service area at the top, fifteen numbered
problem lines with a box to mark the three picked, then five idea lines for each picked
problem, a box for the best idea and room to write how to implement it. Whatever the group
already wrote (on phones or typed in) is printed on the lines, so a sheet can be printed
blank at the start or filled at the end. Every user text goes through `para_text`.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from arki.core.pdf import para_text, pdf_document, pdf_styles

from .models import IDEAS_PER_PROBLEM, MAX_PROBLEMS, PICKED_PROBLEMS
from .selectors import Funnel

BOX = "[  ]"
TICK = "[X]"
LINE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
    ]
)


def group_sheet_pdf(funnel: Funnel) -> bytes:
    group = funnel.group
    buffer = io.BytesIO()
    title = _("Concept workshop, group %(number)d: %(label)s") % {
        "number": group.number,
        "label": group.label,
    }
    doc = pdf_document(buffer, title=title)
    styles = pdf_styles()
    normal = styles["Normal"]
    width = doc.width
    story: list = [
        Paragraph(para_text(title), styles["Title"]),
        Paragraph(
            para_text(
                _("Persona: %(persona)s · Service area: %(area)s · %(workshop)s")
                % {
                    "persona": group.label,
                    "area": group.service_area or "—",
                    "workshop": group.workshop,
                }
            ),
            normal,
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            para_text(
                _(
                    "1. List at most %(max)d problems between the persona and its needs. "
                    "2. Mark the %(picked)d most challenging."
                )
                % {"max": MAX_PROBLEMS, "picked": PICKED_PROBLEMS}
            ),
            styles["Heading2"],
        ),
    ]
    rows = [["#", _("Problem"), _("Picked")]]
    for index in range(MAX_PROBLEMS):
        problem = funnel.problems[index] if index < len(funnel.problems) else None
        rows.append(
            [
                str(index + 1),
                Paragraph(para_text(problem.text), normal) if problem else "",
                TICK if problem is not None and problem.picked else BOX,
            ]
        )
    table = Table(rows, colWidths=[10 * mm, width - 30 * mm, 20 * mm], rowHeights=None)
    table.setStyle(LINE_STYLE)
    story += [table, Spacer(1, 6 * mm)]
    story.append(
        Paragraph(
            para_text(
                _(
                    "3. Write %(ideas)d solution ideas for each picked problem, mark the best "
                    "and write how to implement it."
                )
                % {"ideas": IDEAS_PER_PROBLEM}
            ),
            styles["Heading2"],
        )
    )
    for number in range(PICKED_PROBLEMS):
        problem = funnel.picked[number] if number < len(funnel.picked) else None
        ideas = list(problem.idea_list) if problem is not None else []  # type: ignore[attr-defined]
        heading = _("Picked problem %(number)d: %(text)s") % {
            "number": number + 1,
            "text": problem.text if problem else "",
        }
        idea_rows = [["#", _("Idea"), _("Best")]]
        for index in range(IDEAS_PER_PROBLEM):
            idea = ideas[index] if index < len(ideas) else None
            idea_rows.append(
                [
                    str(index + 1),
                    Paragraph(para_text(idea.text), normal) if idea else "",
                    TICK if idea is not None and idea.best else BOX,
                ]
            )
        ideas_table = Table(idea_rows, colWidths=[10 * mm, width - 30 * mm, 20 * mm])
        ideas_table.setStyle(LINE_STYLE)
        best = next((i for i in ideas if i.best), None)
        how = Table(
            [
                [_("How to implement the best idea")],
                [
                    Paragraph(para_text(best.implementation, line_breaks=True), normal)
                    if best is not None and best.implementation
                    else ""
                ],
            ],
            colWidths=[width],
            rowHeights=[None, 25 * mm],
        )
        how.setStyle(LINE_STYLE)
        story.append(
            KeepTogether(
                [
                    Paragraph(para_text(heading), styles["Heading3"]),
                    ideas_table,
                    Spacer(1, 2 * mm),
                    how,
                    Spacer(1, 4 * mm),
                ]
            )
        )
    doc.build(story)
    return buffer.getvalue()
