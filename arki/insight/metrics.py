"""Figures the insight tool feeds to a process's metrics."""

from __future__ import annotations

from arki.core.models import Process

from .models import Participant


def diaries_returned(process: Process) -> int:
    return Participant.objects.filter(
        workshop__process=process, diary_returned_at__isnull=False
    ).count()


def diary_return_rate(process: Process) -> float | None:
    enrolled = Participant.objects.filter(workshop__process=process).count()
    return round(100 * diaries_returned(process) / enrolled, 1) if enrolled else None
