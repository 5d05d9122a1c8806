"""Safety policies: which volunteer may take which task, and who must go together.

Finnish criminal-record checks are not issued for volunteers working with older people, so
safety comes from how tasks and pairs are designed. Each organisation picks a policy; all
policies share this interface so matching, services and views ask the same questions.
"""

from __future__ import annotations

from collections.abc import Sequence

LOW, MEDIUM, HIGH = "low", "medium", "high"

# Task types that take the helper inside the older person's home.
IN_HOME_TASKS = frozenset({"it_guidance", "home_chores"})

DEFAULT_RISK = {
    "shopping": LOW,
    "post": LOW,
    "walk": MEDIUM,
    "it_guidance": MEDIUM,
    "home_chores": HIGH,
    "errand": MEDIUM,
    "other": MEDIUM,
}


class SafetyPolicy:
    """The default rules: a minor never works alone inside a home."""

    key = "standard"
    risk_levels: dict[str, str] = DEFAULT_RISK
    # Minors may take tasks up to this risk level (as part of a pair when in a home).
    minor_max_risk = HIGH
    check_in_from = MEDIUM  # tasks at or above this risk need check-in and check-out
    max_team = 2

    def risk(self, task_type: str) -> str:
        return self.risk_levels.get(task_type, MEDIUM)

    def in_home(self, task_type: str) -> bool:
        return task_type in IN_HOME_TASKS

    def needs_check_in(self, task_type: str) -> bool:
        return _level(self.risk(task_type)) >= _level(self.check_in_from)

    def may_take(self, age: int, task_type: str) -> bool:
        """May this volunteer take part in the task at all (alone or in a pair)?"""
        return age >= 18 or _level(self.risk(task_type)) <= _level(self.minor_max_risk)

    def needs_partner(self, age: int, task_type: str) -> bool:
        """Would this volunteer alone be an unsafe team for the task?"""
        return age < 18 and self.in_home(task_type)

    def team_problem(self, ages: Sequence[int], task_type: str) -> str | None:
        """A reason code if the team cannot do the task as it is, else None."""
        if not ages:
            return "empty_team"
        if len(ages) > self.max_team:
            return "team_too_big"
        if any(not self.may_take(age, task_type) for age in ages):
            return "minor_not_allowed"
        if self.in_home(task_type) and all(age < 18 for age in ages) and len(ages) < 2:
            return "minor_alone_in_home"
        return None

    def team_complete(self, ages: Sequence[int], task_type: str) -> bool:
        return self.team_problem(ages, task_type) is None


class StandardPolicy(SafetyPolicy):
    pass


class StrictPolicy(SafetyPolicy):
    """For schools and organisations with younger volunteers: minors take low-risk tasks only
    (which never take place in a home), and every task of medium risk needs a check-in."""

    key = "strict"
    minor_max_risk = LOW
    check_in_from = LOW


POLICIES: dict[str, SafetyPolicy] = {p.key: p for p in (StandardPolicy(), StrictPolicy())}


def policy_for(key: str) -> SafetyPolicy:
    return POLICIES.get(key, POLICIES["standard"])


def _level(risk: str) -> int:
    return {LOW: 0, MEDIUM: 1, HIGH: 2}[risk]
