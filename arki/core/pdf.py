"""Shared pieces of the PDFs Arki renders with ReportLab: the page set-up and text escaping."""

from __future__ import annotations

from typing import BinaryIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import translation
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate


def para_text(text: object, *, line_breaks: bool = False) -> str:
    """Text made safe for a ReportLab `Paragraph`.

    A Paragraph parses its text as XML-like markup, so a `<`, `>` or `&` in a person's name,
    a title or a translation would either break the parser (a volunteer called
    `Cert <b>unclosed & <font` made the certificate a server error) or be obeyed: `<a href>`
    becomes a live link, `<font>` and `<img>` change the page. Every piece of text that is
    not our own markup goes through here; `line_breaks` turns newlines into `<br/>`, the
    only markup added after escaping.
    """
    escaped = escape(str(text))
    return escaped.replace("\n", "<br/>") if line_breaks else escaped


# One page set-up for every PDF Arki makes (reports, certificates, persona cards, paper kits,
# chart summaries), so they look alike and all carry the metadata a screen reader announces.
# Helvetica is one of the PDF base fonts: readers have it, nothing is embedded, and its
# WinAnsi encoding covers every Finnish and Swedish letter (ä, ö, å, é); a font file (e.g.
# DejaVu) would only be needed for scripts Arki's three languages do not use.
PAGE_SIZE = A4
MARGIN = 18 * mm
FONT, BOLD = "Helvetica", "Helvetica-Bold"
AUTHOR = "Arki"


def _lang(lang: str | None) -> str:
    """The document language (PDF `/Lang`, read aloud by screen readers): the given one or
    the active translation's."""
    return lang or translation.get_language() or settings.LANGUAGE_CODE


def pdf_document(
    buffer: BinaryIO,
    *,
    title: object,
    lang: str | None = None,
    author: str = AUTHOR,
    pagesize: tuple[float, float] = PAGE_SIZE,
    margin: float = MARGIN,
    **margins: float,
) -> SimpleDocTemplate:
    """A platypus document on A4 with Arki's margins, title, author and language set.

    `margins` overrides one side (`leftMargin=25 * mm`)."""
    sides = {f"{side}Margin": margin for side in ("left", "right", "top", "bottom")}
    return SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        title=str(title),
        author=author,
        lang=_lang(lang),
        **(sides | margins),
    )


def pdf_canvas(
    buffer: BinaryIO,
    *,
    title: object,
    lang: str | None = None,
    author: str = AUTHOR,
    pagesize: tuple[float, float] = PAGE_SIZE,
    compress: bool = False,
) -> Canvas:
    """A drawing canvas (pages laid out by hand: paper kits, bar charts) with the same
    metadata as `pdf_document`."""
    canvas = Canvas(buffer, pagesize=pagesize, pageCompression=int(compress), lang=_lang(lang))
    canvas.setTitle(str(title))
    canvas.setAuthor(author)
    return canvas


def pdf_styles() -> StyleSheet1:
    """The paragraph styles every platypus PDF uses (ReportLab's sample sheet, in `FONT`)."""
    return getSampleStyleSheet()
