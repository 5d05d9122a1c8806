"""How Arki makes PDFs: HTML templates rendered by WeasyPrint as tagged PDF/UA.

`render_pdf` is the one entry point. A document is a Django template extending
`core/pdf/base.html`, so its text is escaped like any page, its numbers and dates are
localised by the template engine, and its headings, lists and tables become the PDF's
structure tree that screen readers follow. Every PDF declares its language (`<html lang>`) and
title (`<title>`) and embeds DejaVu Sans from `core/static/arki/fonts/` (Finnish, Swedish and
the Sámi letters č, đ, ŋ, ž; a PDF base font would turn those into boxes).

User text is never markup: the template engine escapes it, and the URL fetcher refuses any
address but our fonts and `data:` images, so a typed `<img src>` can neither show nor fetch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

AUTHOR = "Arki"
FONT_DIR = Path(__file__).resolve().parent / "static" / "arki" / "fonts"
#: Page formats a template may ask for (`page` in `render_pdf`), as CSS `@page size`.
PAGE_FORMATS = {"a4": "A4", "a3-landscape": "A3 landscape"}


def _lang(lang: str | None) -> str:
    """The document language (PDF `/Lang`, read aloud by screen readers): the given one or
    the active translation's."""
    return lang or translation.get_language() or settings.LANGUAGE_CODE


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


def qr_data_uri(url: str) -> str:
    """A QR code as an SVG `data:` URI for `<img src>` in a PDF template: vector, so it prints
    sharp at any size, and an image box of its own, so text never runs under it."""
    import base64

    import qrcode
    import qrcode.image.svg

    svg = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=1).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
