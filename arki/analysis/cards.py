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


def persona_pdf(card: dict[str, Any]) -> bytes:
    """The card in the active language: figures with its decimal separator, the supporter
    count with its plural."""
    persona = card["persona"]
    sections = [
        (title, _lines(text))
        for title, text in (
            (_("A typical week"), persona.typical_week),
            (_("Pains"), persona.pains),
            (_("Gains"), persona.gains),
            (_("Needs"), persona.needs),
        )
        if text.strip()
    ]
    context = {
        "persona": persona,
        "municipalities": card["municipalities"],
        "supporter_count": card["supporter_count"],
        "description": _lines(persona.description),
        "sections": sections,
        "services": card["services"],
        "quotes": card["quotes"],
    }
    return render_pdf("analysis/pdf/persona.html", context, title=persona.name)
