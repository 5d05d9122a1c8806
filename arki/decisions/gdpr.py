"""GDPR hooks: the core's export and erasure call these for every person.

A participant's seat (`core.Seat.person`) links them to what they wrote and marked in the
decisions workshops. The export lists all of it. Erasure deletes the texts they wrote alone
(problems, ideas and feedback cards written at their seat, criteria they proposed that nobody
has voted on) and keeps their marks (criterion votes, scores, dots, action picks): those are
counted in published results, and once the core has replaced the seat's secret and the
person is erased they point at nobody.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arki.core.models import Person

from .models import (
    Action,
    ActionPick,
    Criterion,
    CriterionVote,
    Feedback,
    Idea,
    Problem,
    ProblemDot,
    Score,
)


def personal_data_export(person: Person) -> Mapping[str, Any]:
    seats = person.seats.all()
    return {
        "problems": list(Problem.objects.filter(seat__in=seats).values("text", "created_at")),
        "ideas": list(
            Idea.objects.filter(seat__in=seats).values("text", "implementation", "created_at")
        ),
        "problem_dots": list(ProblemDot.objects.filter(seat__in=seats).values("problem__text")),
        "criteria_proposed": list(
            Criterion.objects.filter(proposed_by__in=seats).values("text", "created_at")
        ),
        "criterion_votes": list(
            CriterionVote.objects.filter(seat__in=seats).values("criterion__text", "important")
        ),
        "scores": list(
            Score.objects.filter(seat__in=seats).values("concept__name", "criterion__text", "value")
        ),
        "feedback": list(
            Feedback.objects.filter(seat__in=seats).values(
                "tester_group", "obstacle", "opportunity", "intermediate_step", "feasibility"
            )
        ),
        "action_picks": list(
            ActionPick.objects.filter(seat__in=seats).values("action__title", "party")
        ),
        # dactions: actions proposed on a phone in workshop 8.
        "actions_proposed": list(
            Action.objects.filter(proposed_by__in=seats).values("title", "description", "level")
        ),
    }


def personal_data_erase(person: Person) -> Mapping[str, int]:
    seats = person.seats.all()
    feedback = Feedback.objects.filter(seat__in=seats).update(
        obstacle="", opportunity="", intermediate_step=""
    )
    return {
        "ideas": Idea.objects.filter(seat__in=seats, concepts__isnull=True).delete()[0],
        "problems": Problem.objects.filter(
            seat__in=seats, ideas__isnull=True, concepts__isnull=True
        ).delete()[0],
        "criteria": Criterion.objects.filter(proposed_by__in=seats, votes__isnull=True).delete()[0],
        "feedback_texts": feedback,
        # dactions: a proposal nobody has reviewed is the person's own text and goes; one staff
        # took on is the process's action now and only loses the link to the seat.
        "actions_proposed": Action.objects.filter(
            proposed_by__in=seats, needs_review=True
        ).delete()[0]
        + Action.objects.filter(proposed_by__in=seats).update(proposed_by=None),
    }
