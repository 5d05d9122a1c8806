"""Which phase of a process is "now": plain Python, so the rule is easy to test and reuse.

A phase is current when today falls within its dates (`Phase.is_current_on`). The template
leaves the last phase open-ended, so once every workshop is behind us the process is over:
the last phase is then shown as the *latest* phase rather than as something still going on.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol


class PhaseLike(Protocol):
    starts_on: datetime.date | None
    ends_on: datetime.date | None

    def is_current_on(self, day: datetime.date) -> bool: ...


class PhaseState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    LATEST = "latest"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class TimelineStep:
    phase: Any
    state: PhaseState

    @property
    def is_marked(self) -> bool:
        """The one step a reader should notice: the current phase or, after the end, the last."""
        return self.state in {PhaseState.CURRENT, PhaseState.LATEST}


def process_is_over(
    phases: Sequence[PhaseLike], last_workshop_on: datetime.date | None, today: datetime.date
) -> bool:
    """Over when the last phase has ended, or (open-ended last phase) every workshop is past."""
    if not phases:
        return False
    last = phases[-1]
    if last.ends_on is not None:
        return last.ends_on < today
    return last_workshop_on is not None and last_workshop_on < today


def timeline(
    phases: Sequence[PhaseLike],
    today: datetime.date,
    last_workshop_on: datetime.date | None = None,
) -> list[TimelineStep]:
    """Phases in order, each with its state on `today`."""
    over = process_is_over(phases, last_workshop_on, today)
    steps = []
    for index, phase in enumerate(phases):
        if over:
            state = PhaseState.LATEST if index == len(phases) - 1 else PhaseState.DONE
        elif phase.is_current_on(today):
            state = PhaseState.CURRENT
        elif phase.starts_on is not None and phase.starts_on <= today:
            state = PhaseState.DONE
        else:
            state = PhaseState.UPCOMING
        steps.append(TimelineStep(phase=phase, state=state))
    return steps
