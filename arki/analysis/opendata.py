"""The analysis tool's open data (the manifest's `open_data`): personas as published.

What the public persona card shows, without its quotes: quotes are residents' own words,
shown on the card only with their writer's consent to publishing quotes, and not
re-licensed for anyone's reuse. Supporters are a count (a persona is published only with at
least `ARKI_K_ANONYMITY` of them, and one with fewer is left out here too), never who.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arki.core.models import Process
from arki.core.registry import OpenColumn, OpenDataset

from .selectors import published_personas


def persona_rows(process: Process) -> list[list[Any]]:
    rows = []
    for persona in published_personas(process):
        supporters: int = persona.supporter_count  # type: ignore[attr-defined]  # annotated
        if supporters < int(settings.ARKI_K_ANONYMITY):
            continue
        municipalities = sorted(persona.municipalities.all(), key=lambda m: m.code)
        rows.append(
            [
                persona.pk,
                persona.name,
                persona.description,
                persona.age_band,
                " ".join(m.code for m in municipalities),
                ", ".join(str(m) for m in municipalities),
                persona.typical_week,
                persona.pains,
                persona.gains,
                persona.needs,
                supporters,
                persona.version,
                timezone.localtime(persona.published_at).date().isoformat()
                if persona.published_at
                else "",
            ]
        )
    return rows


OPEN_DATA = [
    OpenDataset(
        name="personas",
        title=_("Customer profiles (personas)"),
        description=_(
            "The published personas: customer profiles built from groups of participants' "
            "service maps and diaries, as on their public cards (without quotes)."
        ),
        columns=[
            OpenColumn("persona", _("Persona"), _("The persona's number in Arki."), "integer"),
            OpenColumn("name", _("Name"), _("The persona's name (invented).")),
            OpenColumn("description", _("Description"), _("A short description.")),
            OpenColumn("age_band", _("Age band"), _("The age band, e.g. 65-74.")),
            OpenColumn(
                "municipalities",
                _("Municipality codes"),
                _("Statistics Finland's codes of the municipalities, separated by spaces."),
            ),
            OpenColumn(
                "municipalities_label", _("Municipalities"), _("The municipalities' names.")
            ),
            OpenColumn("typical_week", _("A typical week"), _("The persona's typical week.")),
            OpenColumn("pains", _("Pains"), _("What makes everyday life harder.")),
            OpenColumn("gains", _("Gains"), _("What helps.")),
            OpenColumn("needs", _("Needs"), _("Needs for services.")),
            OpenColumn(
                "supporters",
                _("Supporters"),
                _("How many participants the persona stands for."),
                "integer",
            ),
            OpenColumn("version", _("Version"), _("The card's version number."), "integer"),
            OpenColumn("published", _("Published"), _("The day it was published."), "date"),
        ],
        rows=persona_rows,
    )
]
