"""Ranking the volunteers for one request, with the reasons a coordinator reads.

Points, higher is better. Travel costs points per kilometre; being free on the day, having
the skill, and above all having helped this person before (trust matters to older people)
earn points; a heavy recent load costs points so that work spreads fairly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .geo import travel_km
from .model import Reason, RequestFacts, VolunteerFacts
from .safety import SafetyPolicy


@dataclass(frozen=True)
class Weights:
    base: float = 100.0
    per_km: float = 2.0
    available: float = 10.0
    unavailable: float = -25.0
    skill: float = 10.0
    continuity: float = 15.0
    continuity_extra: float = 5.0  # for each further earlier visit, up to three
    per_load: float = 4.0


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Ranked:
    volunteer_id: int
    points: float
    km: float
    needs_partner: bool
    reasons: tuple[Reason, ...]


def score(
    volunteer: VolunteerFacts,
    request: RequestFacts,
    km: float,
    policy: SafetyPolicy,
    weights: Weights = DEFAULT_WEIGHTS,
) -> tuple[float, list[Reason]]:
    """Points and reasons of one volunteer for one request (eligibility checked elsewhere)."""
    reasons = [Reason("distance", -weights.per_km * km, {"km": round(km, 1)})]
    if request.weekday is None:
        reasons.append(Reason("flexible", 0.0))
    elif request.weekday in volunteer.weekdays:
        reasons.append(Reason("available", weights.available))
    else:
        reasons.append(Reason("unavailable", weights.unavailable))
    if request.task_type in volunteer.skills:
        reasons.append(Reason("skill", weights.skill, {"task_type": request.task_type}))
    times = volunteer.helped.get(request.recipient_id, 0)
    if times:
        bonus = weights.continuity + weights.continuity_extra * min(times - 1, 3)
        reasons.append(Reason("continuity", bonus, {"times": times}))
    if volunteer.load:
        reasons.append(
            Reason("load", -weights.per_load * volunteer.load, {"tasks": volunteer.load})
        )
    if policy.needs_partner(volunteer.age, request.task_type):
        reasons.append(Reason("needs_partner", 0.0))
    return weights.base + sum(r.points for r in reasons), reasons


def eligible(
    volunteer: VolunteerFacts, request: RequestFacts, km: float, policy: SafetyPolicy
) -> bool:
    return km <= volunteer.max_km and policy.may_take(volunteer.age, request.task_type)


def rank(
    request: RequestFacts,
    volunteers: Iterable[VolunteerFacts],
    policy: SafetyPolicy,
    weights: Weights = DEFAULT_WEIGHTS,
    limit: int | None = None,
) -> list[Ranked]:
    """Eligible volunteers for `request`, best first (ties: nearer first, then lower id)."""
    ranked = []
    for volunteer in volunteers:
        km = travel_km(volunteer.lat, volunteer.lon, request.lat, request.lon)
        if not eligible(volunteer, request, km, policy):
            continue
        points, reasons = score(volunteer, request, km, policy, weights)
        ranked.append(
            Ranked(
                volunteer_id=volunteer.id,
                points=round(points, 1),
                km=round(km, 1),
                needs_partner=policy.needs_partner(volunteer.age, request.task_type),
                reasons=tuple(reasons),
            )
        )
    ranked.sort(key=lambda r: (-r.points, r.km, r.volunteer_id))
    return ranked[:limit] if limit is not None else ranked
