"""The A4 persona card for workshop tables (reportlab platypus, page set-up in core.pdf).

Only what the public may see: the description, figures and redacted quotes, with the
supporter count — never codes of the people behind it.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from arki.core.pdf import BOLD, para_text, pdf_document, pdf_styles


def _paragraphs(text: str, style: Any) -> list[Paragraph]:
    return [Paragraph(para_text(line), style) for line in text.splitlines() if line.strip()]


def persona_pdf(card: dict[str, Any]) -> bytes:
    persona = card["persona"]
    styles = pdf_styles()
    body, heading = styles["BodyText"], styles["Heading2"]
    buffer = io.BytesIO()
    doc = pdf_document(buffer, title=persona.name, topMargin=16 * mm, bottomMargin=16 * mm)
    places = ", ".join(str(m) for m in card["municipalities"])
    story: list[Any] = [
        Paragraph(para_text(persona.name), styles["Title"]),
        Paragraph(
            para_text(
                " · ".join(
                    part
                    for part in (
                        persona.get_age_band_display() if persona.age_band else "",
                        places,
                        _("%(n)d participants behind this persona")
                        % {"n": card["supporter_count"]},
                    )
                    if part
                )
            ),
            body,
        ),
        Spacer(1, 4 * mm),
        *_paragraphs(persona.description, body),
    ]
    for title, text in (
        (_("A typical week"), persona.typical_week),
        (_("Pains"), persona.pains),
        (_("Gains"), persona.gains),
        (_("Needs"), persona.needs),
    ):
        if text.strip():
            story += [Paragraph(para_text(title), heading), *_paragraphs(text, body)]
    if card["services"]:
        story.append(Paragraph(para_text(_("Services used most")), heading))
        rows = [
            [
                _("Category"),
                _("Users"),
                _("Uses a month"),
                _("Distance"),
                _("Trip"),
                _("Usually by"),
            ]
        ]
        for s in card["services"]:
            rows.append(
                [
                    str(s["category"]),
                    f"{s['share']} %",
                    f"{s['uses_per_month']}",
                    f"{s['km']} km" if s["km"] is not None else "–",
                    f"{s['minutes']} min" if s["minutes"] is not None else "–",
                    str(s["mode"] or "–"),
                ]
            )
        table = Table(rows, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, 0), BOLD),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                    ("FONTSIZE", (0, 0), (-1, -1), 9),
                ]
            )
        )
        story.append(table)
    if card["quotes"]:
        story.append(Paragraph(para_text(_("In their own words")), heading))
        story += [Paragraph(f"“{para_text(q['text'])}”", body) for q in card["quotes"]]
    doc.build(story)
    return buffer.getvalue()
