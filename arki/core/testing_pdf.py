"""Checks every PDF test runs: tagged, with a language, a title and embedded fonts, and with
nothing printed over something else (never imported by the application itself)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

SAMI = "čđŋ"


def _fonts(resources: Any, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every font of a page's resources, following form XObjects (WeasyPrint draws
    repeated pieces such as SVG images as forms)."""
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if id(xobject) in seen:
            continue
        seen.add(id(xobject))
        yield from _fonts(xobject.get("/Resources"), seen)


def _descriptor(font: Any) -> Any:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor.get_object() if descriptor is not None else None


def assert_accessible_pdf(
    data: bytes, *, lang: str, title: str | None = None, contains: str = ""
) -> PdfReader:
    """The acceptance line of issue #15 for one PDF: it declares its language and a structure
    tree (tagged, /MarkInfo /Marked), every font it uses is embedded, and the text a screen
    reader or a copy-paste gets back contains `contains` (e.g. "čđŋ" when the input had them).
    Returns the reader for further checks."""
    reader = PdfReader(io.BytesIO(data))
    root: Any = reader.trailer["/Root"]
    assert root.get("/Lang") == lang, f"/Lang is {root.get('/Lang')!r}, expected {lang!r}"
    assert "/StructTreeRoot" in root, "the PDF is not tagged (no structure tree)"
    assert bool(root.get("/MarkInfo", {}).get("/Marked")), "the PDF is not marked as tagged"
    if title is not None:
        assert reader.metadata is not None and reader.metadata.title == title
    fonts = [font for page in reader.pages for font in _fonts(page.get("/Resources"), set())]
    assert fonts, "the PDF has no fonts (text drawn as shapes?)"
    for font in fonts:
        descriptor = _descriptor(font)
        assert descriptor is not None and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        ), f"font {font.get('/BaseFont')} is not embedded"
    if contains:
        text = pdf_text(reader)
        assert contains in text, f"{contains!r} not in the extracted text"
    return reader


def pdf_text(reader: PdfReader | bytes) -> str:
    """All pages' text with runs of white space made one space (lines may wrap anywhere)."""
    if isinstance(reader, bytes):
        reader = PdfReader(io.BytesIO(reader))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _leaves(box: Any, found: list[tuple[str, tuple[float, float, float, float]]]) -> None:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        if box.text.strip():
            found.append((box.text, (box.position_x, box.position_y, box.width, box.height)))
        return
    if isinstance(box, boxes.ReplacedBox):
        found.append(("<image>", (box.position_x, box.position_y, box.width, box.height)))
        return
    for child in getattr(box, "children", ()):
        _leaves(child, found)


def overlapping_boxes(document: Any) -> list[tuple[int, str, str]]:
    """Pairs of text runs or images that overlap on a page of a rendered WeasyPrint document
    (`arki.core.pdf.render_document`): `(page number, first, second)`. Empty when nothing is
    printed over anything else."""
    overlaps = []
    for number, page in enumerate(document.pages, start=1):
        found: list[tuple[str, tuple[float, float, float, float]]] = []
        _leaves(page._page_box, found)
        for index, (text, (x, y, w, h)) in enumerate(found):
            for other, (ox, oy, ow, oh) in found[index + 1 :]:
                # Half a point of tolerance: adjacent lines touch at their edges.
                across = x + w > ox + 0.5 and ox + ow > x + 0.5
                if across and y + h > oy + 0.5 and oy + oh > y + 0.5:
                    overlaps.append((number, text, other))
    return overlaps
