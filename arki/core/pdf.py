"""How Arki makes PDFs: HTML templates rendered by WeasyPrint as tagged PDF/UA.

`render_pdf` is the one entry point. A document is a Django template extending
`core/pdf/base.html`, so its text is escaped like any page, its numbers and dates are
localised by the template engine, and its headings, lists and tables become the PDF's
structure tree that screen readers follow. Every PDF declares its language (`<html lang>`) and
title (`<title>`) and embeds DejaVu Sans from `core/static/arki/fonts/` (Finnish, Swedish and
the Sámi letters č, đ, ŋ, ž; a PDF base font would turn those into boxes).

The ReportLab helpers below remain for modules not moved yet (see docs/architecture.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from reportlab.lib.pagesizes import A3, A4, landscape
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
#: Sheets for a table to write on (workshop canvases).
A3_LANDSCAPE = landscape(A3)
MARGIN = 18 * mm
FONT, BOLD = "Helvetica", "Helvetica-Bold"
AUTHOR = "Arki"


def _lang(lang: str | None) -> str:
    """The document language (PDF `/Lang`, read aloud by screen readers): the given one or
    the active translation's."""
    return lang or translation.get_language() or settings.LANGUAGE_CODE


FONT_DIR = Path(__file__).resolve().parent / "static" / "arki" / "fonts"
#: Page formats a template may ask for (`page` in `render_pdf`), as CSS `@page size`.
PAGE_FORMATS = {"a4": "A4", "a3-landscape": "A3 landscape"}


def _fetcher() -> Any:
    """WeasyPrint may read our own font files and `data:` images (QR codes), nothing else:
    a document never fetches a URL a user typed (an `<img src>` would be escaped anyway, this
    is the second lock) and never reads other local files."""
    from weasyprint.urls import URLFetcher

    fonts = FONT_DIR.as_uri() + "/"

    class _OwnFilesOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:") or (url.startswith(fonts) and ".." not in url):
                return super().fetch(url, headers)
            raise ValueError(f"A PDF may not load {url[:80]}")

    return _OwnFilesOnly()


def render_document(
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    title: object,
    lang: str | None = None,
    page: str = "a4",
    author: str = AUTHOR,
) -> Any:
    """The laid-out WeasyPrint document (pages and boxes) behind `render_pdf`; tests use it
    to check that nothing on a page overlaps."""
    from weasyprint import HTML

    language = _lang(lang)
    with translation.override(language):
        html = render_to_string(
            template_name,
            {
                **(context or {}),
                "pdf_title": str(title),
                "pdf_lang": language,
                "pdf_author": author,
                "pdf_page": PAGE_FORMATS[page],
                "pdf_fonts": FONT_DIR.as_uri(),
            },
        )
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=_fetcher())
    return document.render(pdf_variant="pdf/ua-1")


def render_pdf(
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    title: object,
    lang: str | None = None,
    page: str = "a4",
    author: str = AUTHOR,
) -> bytes:
    """Render `template_name` (extending `core/pdf/base.html`) to a tagged PDF/UA-1 document.

    The template is rendered in `lang` (default: the active language), so `{% translate %}`,
    `{{ number }}` (decimal comma in Finnish and Swedish), dates and `ngettext` follow the
    document's language. `page` is `"a4"` or `"a3-landscape"`.
    """
    document = render_document(
        template_name, context, title=title, lang=lang, page=page, author=author
    )
    return document.write_pdf(pdf_variant="pdf/ua-1")


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
