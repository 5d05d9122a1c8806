"""Printed survey kits (A4 PDF): one sheet per respondent, with their code on every page, a QR
code that opens the online survey with that code, and each question with boxes to tick.

The insight tool's paper kits are the model (impact may not import insight): the same page
set-up from `arki.core.pdf`, text drawn as real, searchable text in the PDF base font, which
covers Finnish and Swedish letters. Staff type the returned kits in on the entry page.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit

from arki.core.pdf import BOLD, FONT, MARGIN, PAGE_SIZE, Canvas, pdf_canvas

from .enums import QuestionKind
from .models import Respondent, Survey

WIDTH, HEIGHT = PAGE_SIZE
SIZE, LINE = 11.0, 16.0


def survey_url(respondent: Respondent) -> str:
    return f"{settings.ARKI_PUBLIC_URL}{reverse('impact_public:survey_access')}?k={respondent.code}"


class _Sheet:
    def __init__(self, canvas: Canvas, footer: str) -> None:
        self.canvas, self.footer, self.y = canvas, footer, HEIGHT - MARGIN

    def end_page(self) -> None:
        self.canvas.setFont(FONT, 9)
        self.canvas.drawString(MARGIN, 10 * mm, self.footer)
        self.canvas.showPage()
        self.y = HEIGHT - MARGIN

    def text(self, text: str, *, bold: bool = False, scale: float = 1.0, width: float = 0) -> None:
        size = SIZE * scale
        font = BOLD if bold else FONT
        lines = simpleSplit(text, font, size, width or WIDTH - 2 * MARGIN)
        if self.y - len(lines) * LINE * scale < 18 * mm:
            self.end_page()
        self.canvas.setFont(font, size)
        for line in lines:
            self.canvas.drawString(MARGIN, self.y - size, line)
            self.y -= LINE * scale

    def gap(self, amount: float = 0.5) -> None:
        self.y -= LINE * amount


def _sheet(canvas: Canvas, survey: Survey, respondent: Respondent, language: str) -> None:
    sheet = _Sheet(
        canvas,
        _("Code %(code)s · %(survey)s") % {"code": respondent.code, "survey": survey.tr("title")},
    )
    qr = 36 * mm
    widget = QrCodeWidget(survey_url(respondent))
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(qr, qr, transform=[qr / (right - left), 0, 0, qr / (top - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, WIDTH - MARGIN - qr, HEIGHT - MARGIN - qr)
    narrow = WIDTH - 2 * MARGIN - qr - 6 * mm
    sheet.text(survey.tr("title"), bold=True, scale=1.6, width=narrow)
    sheet.text(
        _("Your survey code: %(code)s") % {"code": respondent.code},
        bold=True,
        scale=1.3,
        width=narrow,
    )
    sheet.text(_("Answer online: scan the code or go to"), width=narrow)
    sheet.text(survey_url(respondent).split("?")[0], width=narrow)
    sheet.y = min(sheet.y, HEIGHT - MARGIN - qr - 4 * mm)
    if survey.tr("intro"):
        sheet.text(survey.tr("intro"))
    sheet.text(_("Or tick one box for each question and return the sheet to your contact person."))
    sheet.gap()
    for number, question in enumerate(survey.questions.all(), start=1):
        sheet.text(f"{number}. {question.tr('text')}", bold=True)
        if question.kind == QuestionKind.TEXT:
            for _line in range(2):
                sheet.gap(1.2)
                canvas.line(MARGIN, sheet.y, WIDTH - MARGIN, sheet.y)
        else:
            labels = [str(o.get(language) or o["fi"]) for o in question.options]
            sheet.text("    ".join(f"[  ] {label}" for label in labels))
        sheet.gap(0.6)
    sheet.end_page()


def kits_pdf(
    survey: Survey, respondents: list[Respondent], *, language: str | None = None
) -> bytes:
    buffer = io.BytesIO()
    language = language or (translation.get_language() or "fi")[:2]
    with translation.override(language):
        canvas = pdf_canvas(
            buffer,
            title=_("Survey kits: %(survey)s") % {"survey": survey.tr("title")},
            lang=language,
            compress=True,
        )
        for respondent in respondents:
            _sheet(canvas, survey, respondent, language)
        if not respondents:
            canvas.setFont(FONT, SIZE)
            canvas.drawString(MARGIN, HEIGHT - MARGIN, _("No respondents yet."))
            canvas.showPage()
        canvas.save()
    return buffer.getvalue()
