"""GDPR hooks: the core's export and erasure call these for every person.

Cards written at a person's seat are personal data only through their authorship: the card
text is the group's shared work, on a canvas other people also wrote on and that may be
published. Export lists the cards written at the person's seats. Erasure deletes
those cards, text and all, rather than only anonymising their authorship: a sticky note
written in a small group ("my husband's dementia…") can identify its writer to everyone at
the table even without a name on it. For the same reason the cards are also taken out of
every saved version (published or not) that holds them; the rest of the version stays.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from arki.core.models import Person

from .models import CanvasVersion, Card


def _cards(person: Person):
    return Card.objects.filter(seat__person=person).select_related("canvas")


def personal_data_export(person: Person) -> Mapping[str, Any]:
    cards = [
        {
            "canvas": str(card.canvas),
            "zone": card.zone,
            "text": card.text,
            "created_at": card.created_at.isoformat(),
        }
        for card in _cards(person)
    ]
    return {"canvas_cards": cards} if cards else {}


@transaction.atomic
def personal_data_erase(person: Person) -> Mapping[str, int]:
    cards = _cards(person)
    ids = set(cards.values_list("pk", flat=True))
    versions = 0
    for version in CanvasVersion.objects.filter(canvas__cards__in=ids).distinct():
        for zone in version.snapshot["zones"]:
            zone["cards"] = [card for card in zone["cards"] if card.get("id") not in ids]
        version.save(update_fields=["snapshot", "modified_at"])
        versions += 1
    deleted = Card.objects.filter(pk__in=ids).delete()[0]
    return {"canvas_cards": deleted, "canvas_versions_redacted": versions}
