"""The one gate between residents' free text and anyone who may not see identities.

Residents write names, phone numbers and addresses into diary answers and service-map rows
("naapurin Matti soitti, 040 123 4567"). Analysts, and every other role without the
`person.identity` permission, must never read them, on any page, fragment, search result or
export. Every such path asks `TextGate` for the text instead of reading the model field:

1. **Withheld until reviewed.** A participant's texts reach analysts only after staff have
   reviewed them (hidden what needs hiding on the analysis tool's redaction page and pressed
   "Reviewed"). The review stores a fingerprint of the texts as reviewed; any later change
   (a correction, a late paper kit, an import) no longer matches, so the texts are withheld
   again until reviewed again. Automatic detection cannot find a neighbour's name, a street
   or a nickname, so unreviewed text never goes out verbatim, not even masked.
2. **Staff redactions** (spans, and texts hidden everywhere in a participant's texts, kept by
   the analysis tool and reached through the registry's `text_redactions` and
   `hidden_phrases` hooks) are masked.
3. **Automatic masking** on top, as a safety net for what a reviewer missed: e-mail
   addresses, phone numbers (Finnish and international) and the first and last names of
   everyone enrolled in the process (`compute.masking`).

Masking keeps every character's position (see `compute.masking.mask`), so analysis codings
stay valid. Staff who may see identities read the raw text in their own pages and exports;
those exports are audit-logged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arki.core.models import Person, Process, User
from arki.core.permissions import can, municipality_scope
from arki.core.registry import registry
from arki.core.services.writes import save_fields

from .compute.masking import identity_spans, mask, name_tokens, phrase_spans
from .models import DiaryDay, Participant, ServiceUse
from .prompts import PROMPT_FIELDS


def sees_all_identities(user: User | AnonymousUser, process: Process) -> bool:
    """Whether the user may read raw texts of everyone in the process (else: `TextGate`)."""
    return (
        can(user, "person.identity", process)
        and municipality_scope(user, "person.identity", process) is None
    )


def withheld_text() -> str:
    """What an export cell shows instead of a text that awaits staff review."""
    return _("[awaiting staff review]")


def texts_digests(participant_ids: Iterable[int]) -> dict[int, str]:
    """A fingerprint of each participant's free texts (two queries)."""
    ids = list(participant_ids)
    hashes: dict[int, hashlib._Hash] = {pk: hashlib.sha256() for pk in ids}
    days = (
        DiaryDay.objects.filter(participant_id__in=ids)
        .order_by("participant_id", "day", "pk")
        .values_list("participant_id", "day", *PROMPT_FIELDS)
    )
    for participant_id, day, *texts in days.iterator(chunk_size=2000):
        hashes[participant_id].update(repr((day, texts)).encode())
    uses = (
        ServiceUse.objects.filter(participant_id__in=ids)
        .exclude(service_text="")
        .order_by("participant_id", "pk")
        .values_list("participant_id", "service_text")
    )
    for participant_id, text in uses.iterator(chunk_size=2000):
        hashes[participant_id].update(repr(("map", text)).encode())
    return {pk: h.hexdigest() for pk, h in hashes.items()}


def reviewed_participants(participant_ids: Iterable[int]) -> set[int]:
    """The participants whose texts are unchanged since staff reviewed them."""
    stored = dict(
        Participant.objects.filter(pk__in=list(participant_ids))
        .exclude(texts_reviewed_digest="")
        .values_list("pk", "texts_reviewed_digest")
    )
    if not stored:
        return set()
    current = texts_digests(stored)
    return {pk for pk, digest in stored.items() if current.get(pk) == digest}


def awaiting_review_count(participants: Iterable[int]) -> int:
    """How many of the participants (ids) have texts that analysts cannot see yet."""
    ids = set(participants)
    return len(ids - reviewed_participants(ids))


@transaction.atomic
def participant_texts_review(*, participant: Participant, by: User | None) -> Participant:
    """Mark the participant's texts, as they are now, reviewed for analysts."""
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    locked.texts_reviewed_digest = texts_digests([locked.pk])[locked.pk]
    locked.texts_reviewed_at = timezone.now()
    save_fields(locked, by, ["texts_reviewed_digest", "texts_reviewed_at"], clean=True)
    return locked


class TextGate:
    """Free text as a user without identity permission may see it (see the module docstring).

    Built once per request or export (`for_process`), then `prepare`d with the participants
    and diary days about to be shown (a few queries per batch, whatever the batch size).
    `diary` and `service_text` return the text to show, or None while it awaits review.
    With `preview=True` the review step is skipped: the staff redaction page uses it to show
    reviewers what analysts will see once reviewed.
    """

    def __init__(self, names: frozenset[str], *, preview: bool = False) -> None:
        self.names = names
        self.preview = preview
        self._reviewed: dict[int, bool] = {}
        self._phrases: dict[int, list[str]] = {}
        self._spans: dict[tuple[int, str], list[tuple[int, int]]] = {}
        self._days: set[int] = set()

    @classmethod
    def for_process(cls, process_id: int, *, preview: bool = False) -> TextGate:
        """A gate that masks the names of everyone enrolled in the process."""
        names = Person.objects.filter(process_id=process_id).values_list("full_name", flat=True)
        return cls(name_tokens(names), preview=preview)

    def prepare(self, participant_ids: Iterable[int], day_ids: Iterable[int] = ()) -> TextGate:
        new_participants = set(participant_ids) - self._reviewed.keys()
        if new_participants:
            reviewed = reviewed_participants(new_participants)
            self._reviewed.update({pk: pk in reviewed for pk in new_participants})
            phrases = registry.hidden_phrases(sorted(new_participants))
            self._phrases.update({pk: phrases.get(pk, []) for pk in new_participants})
        new_days = sorted(set(day_ids) - self._days)
        if new_days:
            self._spans.update(registry.text_redactions(new_days))
            self._days.update(new_days)
        return self

    def prepare_days(self, days: Sequence[DiaryDay]) -> TextGate:
        return self.prepare({d.participant_id for d in days}, [d.pk for d in days])

    def is_reviewed(self, participant_id: int) -> bool:
        if self.preview:
            return True
        if participant_id not in self._reviewed:
            self.prepare([participant_id])
        return self._reviewed[participant_id]

    def diary(self, day_id: int, participant_id: int, field: str, raw: str | None) -> str | None:
        """One diary answer: staff redactions and identities masked; None until reviewed."""
        raw = raw or ""
        if not raw.strip():
            return raw
        if not self.is_reviewed(participant_id):
            return None
        if day_id not in self._days:
            self.prepare([participant_id], [day_id])
        spans = [*self._spans.get((day_id, field), []), *self._identity_spans(participant_id, raw)]
        return mask(raw, spans)

    def service_text(self, participant_id: int, raw: str | None) -> str | None:
        """A service named in the participant's own words, masked; None until reviewed."""
        raw = raw or ""
        if not raw.strip():
            return raw
        if not self.is_reviewed(participant_id):
            return None
        return mask(raw, self._identity_spans(participant_id, raw))

    def _identity_spans(self, participant_id: int, raw: str) -> list[tuple[int, int]]:
        """Automatic masks plus every text staff hid everywhere in this participant's texts."""
        if participant_id not in self._phrases:
            self.prepare([participant_id])
        return [
            *identity_spans(raw, self.names),
            *phrase_spans(raw, self._phrases.get(participant_id, [])),
        ]

    def cell(self, text: str | None) -> str:
        """`text` for an export cell: the withheld marker instead of None."""
        return withheld_text() if text is None else text
