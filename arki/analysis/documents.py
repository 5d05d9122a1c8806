"""Adapter over the insight tool's data: diaries as redacted documents for analysis.

The analysis tool reads the insight models read-only and only here, so a change there
touches one file. Every text an analyst can see comes from `entries_for_days` or
`entry_text`, which ask the text's owner, insight's `TextGate`: a diary whose texts staff have
not reviewed yet gives no entries at all; a reviewed one has the staff redactions (kept
here, handed to the gate through the registry's `text_redactions` hook) and automatically
found identities masked. Pages, exports, REFI-QDA, persona cards and search all use it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from arki.core.models import Process, User
from arki.insight.models import DiaryDay, Participant
from arki.insight.redaction import (
    TextGate,
    awaiting_review_count,
    participant_texts_review,
    reviewed_participants,
)

from .compute.text import chunks
from .enums import DiaryField
from .models import HiddenPhrase, Redaction

FIELDS = [value for value, _label in DiaryField.choices]


@dataclass(frozen=True)
class Entry:
    """One answer of one diary day, as analysts see it."""

    day_id: int
    day: int
    field: str
    text: str  # redacted
    spans: tuple[tuple[int, int], ...]  # sentence/phrase chunks

    @property
    def label(self) -> str:
        return str(DiaryField(self.field).label)

    @property
    def key(self) -> str:
        return f"{self.day_id}-{self.field}"

    def chunk_texts(self) -> list[tuple[int, int, int, str]]:
        return [(i, a, b, self.text[a:b]) for i, (a, b) in enumerate(self.spans)]


def returned_diaries(process: Process) -> QuerySet[Participant]:
    """Participants of the process whose diary came back (the documents to analyse)."""
    return (
        Participant.objects.filter(workshop__process=process, diary_returned_at__isnull=False)
        .select_related("person__municipality")
        .order_by("person__code")
    )


def redactions_by_answer(
    day_ids: Iterable[int],
) -> dict[tuple[int, str], list[tuple[int, int]]]:
    """The staff redactions of the given days (registered as insight's `text_redactions`)."""
    spans: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for day_id, field, start, end in Redaction.objects.filter(day_id__in=list(day_ids)).values_list(
        "day_id", "field", "start", "end"
    ):
        spans[(day_id, field)].append((start, end))
    return spans


def hidden_phrases(participant_ids: Sequence[int]) -> dict[int, list[str]]:
    """The texts staff hid everywhere, by participant (registered as `hidden_phrases`)."""
    phrases: dict[int, list[str]] = defaultdict(list)
    for participant_id, text in HiddenPhrase.objects.filter(
        participant_id__in=list(participant_ids)
    ).values_list("participant_id", "text"):
        phrases[participant_id].append(text)
    return phrases


def entries_for_days(days: Iterable[DiaryDay], *, preview: bool = False) -> list[Entry]:
    """The non-empty answers analysts may see of the given days, redacted, in diary order.

    Days of a diary awaiting staff review give nothing (`preview=True`, for the reviewers'
    own page, shows what analysts will see once it is reviewed).
    """
    days = list(days)
    if not days:
        return []
    gate = TextGate.for_process(_process_id(days[0]), preview=preview).prepare_days(days)
    entries = []
    for day in days:
        for field in FIELDS:
            text = gate.diary(day.pk, day.participant_id, field, getattr(day, field))
            if text is None or not text.strip():
                continue
            entries.append(Entry(day.pk, day.day, field, text, tuple(chunks(text))))
    return entries


def analyst_gate(process: Process) -> TextGate:
    """One gate for many `entry_text` calls in a process (loads its lookups once)."""
    return TextGate.for_process(process.pk)


def entry_text(day: DiaryDay, field: str, gate: TextGate | None = None) -> str:
    """One answer as analysts see it ("" while the diary awaits staff review)."""
    gate = gate or TextGate.for_process(_process_id(day))
    return gate.diary(day.pk, day.participant_id, field, getattr(day, field)) or ""


def raw_text(day: DiaryDay, field: str) -> str:
    """The unredacted answer: only for staff who redact (see `selectors.redaction_view`)."""
    return getattr(day, field) or ""


def awaiting_review(process: Process) -> int:
    """How many returned diaries analysts cannot read yet because staff have not reviewed them."""
    return awaiting_review_count(returned_diaries(process).values_list("pk", flat=True))


def reviewed_diaries(participant_ids: Iterable[int]) -> set[int]:
    """The diaries (participant ids) analysts see: reviewed, and unchanged since."""
    return reviewed_participants(participant_ids)


def diary_reviewed(participant: Participant) -> bool:
    return participant.pk in reviewed_diaries([participant.pk])


def diary_review(*, participant: Participant, by: User) -> None:
    """Staff mark a diary's texts reviewed: from now on analysts see them (redacted)."""
    participant_texts_review(participant=participant, by=by)


def unique_days(days: Iterable[DiaryDay]) -> list[DiaryDay]:
    """The days without repeats (codings point at the same day many times)."""
    return list({day.pk: day for day in days}.values())


def map_texts(participant: Participant) -> list[str]:
    """The services a participant named in their own words (reviewed with the diary)."""
    return list(
        participant.service_uses.exclude(service_text="").values_list("service_text", flat=True)
    )


def _process_id(day: DiaryDay) -> int:
    return int(
        Participant.objects.filter(pk=day.participant_id).values_list(
            "workshop__process_id", flat=True
        )[0]
    )
