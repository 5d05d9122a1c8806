"""Paper kits (A4 PDF): instructions, the service-map form and seven diary days.

Many participants had no internet, so paper is a first-class channel: each kit is printed in
the participant's language, optionally in large print, with their pseudonym code on every
page and a QR code that opens the online diary with their personal access code. Each kit is an
HTML fragment rendered in its own language (`lang` on the kit, so a screen reader switches
voice), the fragments are laid out by WeasyPrint through `core.pdf`: the QR code sits in its
own box beside the text and table headers wrap, so nothing overlaps at any text size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from arki.core.models import Person, Workshop
from arki.core.pdf import qr_data_uri, render_document, render_pdf

from .enums import Frequency, HelpFrom, Served, TravelMode, UseChannel
from .prompts import DIARY_TITLE, PROMPTS

MAP_ROWS = 12
LARGE_MAP_ROWS = 8
WRITE_LINES = {False: 2, True: 3}  # ruled lines under each diary prompt


def online_url(person: Person) -> str:
    return f"{settings.ARKI_PUBLIC_URL}{reverse('insight_public:access')}?k={person.access_code}"


def _labels(choices: Iterable[Any]) -> list[str]:
    return [str(choice.label) for choice in choices]


def _kit_html(person: Person, workshop: Workshop, language: str, large_print: bool) -> str:
    """One person's kit as an HTML fragment, rendered in `language`."""
    with translation.override(language):
        choices = {"served_text": Served, "help_received_text": HelpFrom}
        title = DIARY_TITLE.get(language, DIARY_TITLE["fi"])
        days = [
            {
                "title": _("Day %(day)d – %(title)s") % {"day": day, "title": title},
                "prompts": [
                    {
                        "text": texts.get(language, texts["fi"]),
                        "choices": _labels(choices[field]) if field in choices else [],
                    }
                    for field, texts in PROMPTS
                ],
            }
            for day in range(1, 8)
        ]
        url = online_url(person)
        return render_to_string(
            "insight/pdf/kit.html",
            {
                "lang": language,
                "person": person,
                "workshop": workshop,
                "workshop_title": workshop.tr("title"),
                "qr": qr_data_uri(url),
                "url_base": url.split("?")[0],
                "map_choices": [
                    _("How often: %(choices)s") % {"choices": ", ".join(_labels(Frequency))},
                    _("Electronic or on site: %(choices)s")
                    % {"choices": ", ".join(_labels(UseChannel))},
                    _("How you get there: %(choices)s")
                    % {"choices": ", ".join(_labels(TravelMode))},
                ],
                "map_headers": [
                    _("Service"),
                    _("How often"),
                    _("Electronic / on site"),
                    _("km"),
                    _("min"),
                    _("How you get there"),
                ],
                "map_rows": range(LARGE_MAP_ROWS if large_print else MAP_ROWS),
                "days": days,
                "write_lines": range(WRITE_LINES[large_print]),
            },
        )


def _kits_context(
    people: list[Person],
    workshop: Workshop,
    *,
    large_print: bool,
    language: str | None,
    progress: Callable[[int], None] | None,
) -> dict[str, Any]:
    kits = []
    for index, person in enumerate(people, start=1):
        kits.append(_kit_html(person, workshop, language or person.language or "fi", large_print))
        if progress is not None:
            progress(index)
    return {"kits": kits, "large": large_print}


def kit_pdf(
    people: list[Person],
    workshop: Workshop,
    *,
    large_print: bool = False,
    language: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """One PDF with a kit for each person, each in its own (or the given) language.

    The document's language is the given one, else the first person's (kits in other
    languages carry their own `lang`)."""
    context = _kits_context(
        people, workshop, large_print=large_print, language=language, progress=progress
    )
    document_language = language or (people[0].language if people else None) or "fi"
    with translation.override(document_language):
        title = _("Service map and service diary")
    return render_pdf("insight/pdf/kits.html", context, title=title, lang=document_language)


def kit_document(people: list[Person], workshop: Workshop, *, large_print: bool) -> Any:
    """The laid-out kits (WeasyPrint boxes) for tests that check nothing overlaps."""
    context = _kits_context(people, workshop, large_print=large_print, language=None, progress=None)
    return render_document("insight/pdf/kits.html", context, title="kits")
