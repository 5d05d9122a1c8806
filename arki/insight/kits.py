"""Paper kits (A4 PDF): instructions, the service-map form and seven diary days.

Many participants had no internet, so paper is a first-class channel: each kit is printed in
the participant's language, optionally in large print, with their pseudonym code on every
page and a QR code that opens the online diary with their personal access code. Text is
drawn as real text (`arki.core.pdf`'s font, which covers Finnish and Swedish letters) so it stays
searchable and extractable.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from arki.core.models import Person, Workshop
from arki.core.pdf import BOLD, FONT, MARGIN, PAGE_SIZE, pdf_canvas

from .enums import Frequency, HelpFrom, Served, TravelMode, UseChannel
from .prompts import DIARY_TITLE, PROMPTS

WIDTH, HEIGHT = PAGE_SIZE
MAP_ROWS = 12


@dataclass(frozen=True)
class KitStyle:
    size: float
    line: float
    write_lines: int  # ruled lines under each diary prompt

    @classmethod
    def for_print(cls, large: bool) -> KitStyle:
        return cls(15, 22, 3) if large else cls(10.5, 15, 2)


def online_url(person: Person) -> str:
    return f"{settings.ARKI_PUBLIC_URL}{reverse('insight_public:access')}?k={person.access_code}"


class _Writer:
    """Draws wrapped text top-down and starts a new page when the page is full."""

    def __init__(self, canvas: Canvas, style: KitStyle, footer: str) -> None:
        self.canvas, self.style, self.footer = canvas, style, footer
        self.y = HEIGHT - MARGIN

    def new_page(self) -> None:
        self.canvas.setFont(FONT, 9)
        self.canvas.drawString(MARGIN, 10 * mm, self.footer)
        self.canvas.showPage()
        self.y = HEIGHT - MARGIN

    def ensure(self, height: float) -> None:
        if self.y - height < 18 * mm:
            self.new_page()

    def text(self, text: str, *, bold: bool = False, scale: float = 1.0) -> None:
        size = self.style.size * scale
        lines = simpleSplit(text, BOLD if bold else FONT, size, WIDTH - 2 * MARGIN)
        self.ensure(len(lines) * self.style.line * scale)
        self.canvas.setFont(BOLD if bold else FONT, size)
        for line in lines:
            self.canvas.drawString(MARGIN, self.y - size, line)
            self.y -= self.style.line * scale

    def ruled(self, count: int) -> None:
        self.ensure(count * self.style.line * 1.4)
        for _line in range(count):
            self.y -= self.style.line * 1.4
            self.canvas.line(MARGIN, self.y, WIDTH - MARGIN, self.y)
        self.y -= self.style.line * 0.4

    def gap(self, amount: float = 0.5) -> None:
        self.y -= self.style.line * amount


def _choices_line(choices: Iterable[tuple[str, Any]]) -> str:
    return "   ".join(f"[  ] {label}" for _value, label in choices)


def _cover(writer: _Writer, person: Person, workshop: Workshop) -> None:
    canvas = writer.canvas
    writer.text(_("Service map and service diary"), bold=True, scale=1.8)
    writer.text(f"{workshop.process} – {workshop.tr('title')}")
    writer.gap()
    writer.text(_("Your code: %(code)s") % {"code": person.code}, bold=True, scale=1.5)
    writer.text(
        _("Your personal access code for the online diary: %(code)s")
        % {"code": person.access_code},
        bold=True,
    )
    size = 42 * mm
    widget = QrCodeWidget(online_url(person))
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    writer.ensure(size)
    renderPDF.draw(drawing, canvas, WIDTH - MARGIN - size, writer.y - size)
    writer.text(_("You can also fill the diary online: scan the code or go to"))
    writer.text(online_url(person).split("?")[0])
    writer.gap()
    for paragraph in (
        _("Thank you for taking part! Your answers help to develop the services near you."),
        _(
            "1. Service map: list every service you have used during the last three months, "
            "how often, whether electronically or on site, how far it is from home, how long "
            "the trip takes and how you usually get there."
        ),
        _(
            "2. Service diary: for one week, write a few lines every evening. The questions "
            "are on each day's page. Write as much or as little as you like."
        ),
        _(
            "3. Return the kit in the envelope or to your municipality's contact person. Your "
            "answers are handled under your code only; your name is not shown to analysts."
        ),
    ):
        writer.text(paragraph)
        writer.gap(0.4)
    writer.new_page()


def _map_form(writer: _Writer) -> None:
    writer.text(
        _("Service map: services you used during the last three months"), bold=True, scale=1.3
    )
    writer.text(
        _("How often: %(choices)s") % {"choices": ", ".join(str(c.label) for c in Frequency)}
    )
    writer.text(
        _("Electronic or on site: %(choices)s")
        % {"choices": ", ".join(str(c.label) for c in UseChannel)}
    )
    writer.text(
        _("How you get there: %(choices)s")
        % {"choices": ", ".join(str(c.label) for c in TravelMode)}
    )
    writer.gap()
    headers = [
        _("Service"),
        _("How often"),
        _("Electronic / on site"),
        _("km"),
        _("min"),
        _("How you get there"),
    ]
    widths = [0.30, 0.14, 0.17, 0.08, 0.08, 0.23]
    usable = WIDTH - 2 * MARGIN
    row_height = writer.style.line * 1.8
    canvas = writer.canvas
    canvas.setFont(BOLD, writer.style.size * 0.85)
    x = MARGIN
    for header, share in zip(headers, widths, strict=True):
        canvas.drawString(x + 2, writer.y - writer.style.size, header)
        x += share * usable
    writer.y -= writer.style.line * 1.2
    rows = MAP_ROWS if writer.style.size < 12 else 8
    for _row in range(rows):
        writer.ensure(row_height)
        x = MARGIN
        for share in widths:
            canvas.rect(x, writer.y - row_height, share * usable, row_height)
            x += share * usable
        writer.y -= row_height
    writer.new_page()


def _day(writer: _Writer, day: int, language: str) -> None:
    title = DIARY_TITLE.get(language, DIARY_TITLE["fi"])
    writer.text(_("Day %(day)d – %(title)s") % {"day": day, "title": title}, bold=True, scale=1.3)
    writer.text(_("Date: ____ . ____ ."))
    writer.gap(0.3)
    for number, (field, texts) in enumerate(PROMPTS, start=1):
        writer.text(f"{number}. {texts.get(language, texts['fi'])}", bold=True)
        if field == "served_text":
            writer.text(_choices_line(Served.choices))
        elif field == "help_received_text":
            writer.text(_choices_line(HelpFrom.choices))
        writer.ruled(writer.style.write_lines)
    writer.new_page()


def kit_pdf(
    people: list[Person],
    workshop: Workshop,
    *,
    large_print: bool = False,
    language: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """One PDF with a kit for each person, each in its own (or the given) language."""
    buffer = io.BytesIO()
    canvas = pdf_canvas(
        buffer, title=_("Service map and service diary"), lang=language, compress=True
    )
    style = KitStyle.for_print(large_print)
    for index, person in enumerate(people, start=1):
        kit_language = language or person.language or "fi"
        with translation.override(kit_language):
            writer = _Writer(canvas, style, f"{person.code} · {workshop.process}")
            _cover(writer, person, workshop)
            _map_form(writer)
            for day in range(1, 8):
                _day(writer, day, kit_language)
        if progress is not None:
            progress(index)
    canvas.save()
    return buffer.getvalue()
