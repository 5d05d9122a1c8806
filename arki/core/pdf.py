"""Shared pieces of the PDFs Arki renders with ReportLab."""

from __future__ import annotations

from xml.sax.saxutils import escape


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
