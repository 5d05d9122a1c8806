"""Adapter over the insight tool's data: diaries as redacted documents for analysis.

The analysis tool reads the insight models read-only and only here, so a change there
touches one file. Every text an analyst can see passes through `entry_text`, which applies
the redactions: pages, exports and search all use it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from arki.core.models import Process
from arki.insight.models import DiaryDay, Participant

from .compute.text import chunks, mask
from .enums import DiaryField
from .models import Redaction

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


def redactions_by_answer(day_ids: Iterable[int]) -> dict[tuple[int, str], list[tuple[int, int]]]:
    spans: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for day_id, field, start, end in Redaction.objects.filter(day_id__in=list(day_ids)).values_list(
        "day_id", "field", "start", "end"
    ):
        spans[(day_id, field)].append((start, end))
    return spans


def entries_for_days(days: Iterable[DiaryDay]) -> list[Entry]:
    """The non-empty answers of the given diary days, redacted, in diary order."""
    days = list(days)
    hidden = redactions_by_answer(d.pk for d in days)
    entries = []
    for day in days:
        for field in FIELDS:
            raw = getattr(day, field) or ""
            if not raw.strip():
                continue
            text = mask(raw, hidden.get((day.pk, field), []))
            entries.append(Entry(day.pk, day.day, field, text, tuple(chunks(text))))
    return entries


def entry_text(day: DiaryDay, field: str) -> str:
    """One answer, redacted."""
    hidden = redactions_by_answer([day.pk]).get((day.pk, field), [])
    return mask(getattr(day, field) or "", hidden)


def raw_text(day: DiaryDay, field: str) -> str:
    """The unredacted answer: only for staff who redact (see `selectors.redaction_view`)."""
    return getattr(day, field) or ""
