"""GDPR hooks: the core's export and erasure call these for every person.

Cards written at a person's seat are personal data only through their authorship: the card
text is the group's shared work, on a canvas other people also wrote on and that may be
published. Export lists the cards written at the person's seats. Erasure deletes
those cards, text and all, rather than only anonymising their authorship: a sticky note
written in a small group ("my husband's dementia…") can identify its writer to everyone at
the table even without a name on it. Published versions are snapshots without authorship,
chosen by the facilitator for publication, so they are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arki.core.models import Person

from .models import Card


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


def personal_data_erase(person: Person) -> Mapping[str, int]:
    deleted, _by_model = _cards(person).delete()
    return {"canvas_cards": deleted}
