"""GDPR hooks: memos and codings are about a person; export them, erase keeping counts.

Erasure blanks memo texts and takes the person's quotes off persona cards. Supporter and
group links and codings stay, pointing at the now anonymous person, so published figures
("7 participants behind this persona", code counts) stay true; the core blanks the identity
and the insight tool the diary text the codings pointed at.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from arki.core.models import Person

from .documents import entry_text
from .models import Coding, HiddenPhrase, Memo, Persona


def personal_data_export(person: Person) -> dict[str, Any]:
    codings = Coding.objects.filter(day__participant__person=person).select_related("code", "day")
    return {
        "memos": [
            {"written_at": m.created_at, "text": m.text} for m in Memo.objects.filter(person=person)
        ],
        "coded_segments": [
            {
                "day": c.day.day,
                "answer": c.field,
                "code": c.code.name,
                "text": entry_text(c.day, c.field)[c.start : c.end],
            }
            for c in codings
        ],
        "personas": list(Persona.objects.filter(supporters=person).values_list("name", flat=True)),
    }


@transaction.atomic
def personal_data_erase(person: Person) -> dict[str, int]:
    memos = Memo.objects.filter(person=person).exclude(text="").update(text="")
    codings = Coding.objects.filter(day__participant__person=person).count()
    # the texts staff hid were in the person's answers, which the insight tool blanks
    phrases, _by_model = HiddenPhrase.objects.filter(participant__person=person).delete()
    personas = 0
    for persona in Persona.objects.filter(supporters=person):
        # the quotes of this person leave the card; the count already published stays
        persona.quotes.remove(*persona.quotes.filter(day__participant__person=person))
        personas += 1
    return {
        "memos_blanked": memos,
        "codings_kept_as_counts": codings,
        "persona_quotes_checked": personas,
        "hidden_texts_deleted": phrases,
    }
