"""The capability `insight.diary_share`: diary days that count for a metric, per participant.

The impact tool's "diary" source reads follow-up diaries through this (it may not import
insight). For each participant and month (of the day's saving) it gets how many diary days
were saved and how many of them "count" for the field asked:

- ``with_whom``: the day was spent with someone (the answer is not empty and not just "alone"
  — "yksin", "ensam", "alone", "ei kukaan", "ingen", "nobody"): the share of days with
  someone to talk to;
- ``help_from``: help was received from someone that day;
- ``where_went``: the participant went somewhere (not "kotona"/"hemma"/"at home" alone).

Only saved days of people not erased count; the impact tool applies the k-anonymity rule.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from typing import Any

from django.utils import timezone

from arki.core.models import Process

from .models import DiaryDay

_NOBODY = re.compile(
    r"^\W*(yksin|yksinäni|ei kukaan|ei kenenkään kanssa|en kenenkään kanssa|ensam|ingen|"
    r"alone|nobody|no one)\W*$",
    re.IGNORECASE,
)
_HOME = re.compile(r"^\W*(kotona|kotosalla|hemma|at home|home|en mihinkään|ei mihinkään)\W*$", re.I)


def _someone(text: Any) -> bool:
    text = str(text or "").strip()
    return bool(text) and not _NOBODY.match(text)


def _went(text: Any) -> bool:
    text = str(text or "").strip()
    return bool(text) and not _HOME.match(text)


FIELDS = {
    "with_whom": _someone,
    "help_from": lambda value: bool(value),
    "where_went": _went,
}


def diary_share(process: Process, field: str) -> list[dict[str, Any]]:
    """Rows ``{"period", "municipality", "participant", "days", "yes"}`` (see the module)."""
    counts = FIELDS.get(field)
    if counts is None:
        return []
    days = DiaryDay.objects.filter(
        participant__workshop__process=process,
        participant__person__erased_at__isnull=True,
        saved_at__isnull=False,
    ).values_list("participant_id", "participant__person__municipality__code", "saved_at", field)
    cells: dict[tuple[int, str, datetime.date], list[int]] = defaultdict(lambda: [0, 0])
    for participant, municipality, saved_at, value in days:
        month = timezone.localtime(saved_at).date().replace(day=1)
        cell = cells[(participant, municipality, month)]
        cell[0] += 1
        cell[1] += int(counts(value))
    return [
        {"period": month, "municipality": code, "participant": pid, "days": n, "yes": yes}
        for (pid, code, month), (n, yes) in sorted(cells.items())
    ]
