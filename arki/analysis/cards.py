"""The A4 persona card for workshop tables (an HTML template rendered by `core.pdf`).

Only what the public may see: the description, figures and redacted quotes, with the
supporter count — never codes of the people behind it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from arki.core.pdf import render_pdf


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


#: The card's HTML template (rendered in the PDF's language by `core.pdf`).
TEMPLATE = "analysis/pdf/persona.html"


def _text(persona: Any, field: str) -> dict[str, Any]:
    """A persona text in the active language (Finnish where its version is missing, then
    with `lang` "fi" for the element that holds it, as the web card's `lang_of` marks it)."""
    return {
        "lines": _lines(persona.tr(field)),
        "lang": "fi" if persona.tr_is_fallback(field) else "",
    }


def persona_context(card: dict[str, Any]) -> dict[str, Any]:
    """The template's context, in the active language: the persona's texts are those of the
    language (`tr`), as on the web card."""
    persona = card["persona"]
    sections = [
        {"title": title, **text}
        for title, field in (
            (_("A typical week"), "typical_week"),
            (_("Pains"), "pains"),
            (_("Gains"), "gains"),
            (_("Needs"), "needs"),
        )
        if (text := _text(persona, field))["lines"]
    ]
    return {
        "persona": persona,
        "name": persona.tr("name"),
        "name_lang": "fi" if persona.tr_is_fallback("name") else "",
        "municipalities": card["municipalities"],
        "supporter_count": card["supporter_count"],
        "description": _text(persona, "description"),
        "sections": sections,
        "services": card["services"],
        "quotes": card["quotes"],
    }


def persona_pdf(card: dict[str, Any]) -> bytes:
    """The card in the active language: the persona's texts in it (Finnish, marked, where a
    version is missing), figures with its decimal separator, the supporter count with its
    plural."""
    context = persona_context(card)
    return render_pdf(TEMPLATE, context, title=context["name"])
