"""The plain facts matching works on (built from database rows by the Django layer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class VolunteerFacts:
    id: int
    lat: float
    lon: float
    age: int
    weekdays: frozenset[int] = frozenset(range(7))  # 0 = Monday
    skills: frozenset[str] = frozenset()
    max_km: float = 15.0
    load: int = 0  # tasks accepted in the last 30 days
    capacity: int = 2  # new tasks one pass may give this volunteer
    helped: dict[int, int] = field(default_factory=dict)  # recipient id -> tasks done

    @property
    def is_minor(self) -> bool:
        return self.age < 18


@dataclass(frozen=True)
class RequestFacts:
    id: int
    lat: float
    lon: float
    task_type: str
    recipient_id: int
    weekday: int | None = None  # None = flexible


@dataclass(frozen=True)
class Reason:
    """Why a volunteer ranks where they do; `code` is translated by the Django layer."""

    code: str
    points: float
    params: dict[str, Any] = field(default_factory=dict)
