"""Figures of the help exchange for the process metrics (brief §3, workshop 4: experience
data, services performed, demand and supply, need for coordination)."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from arki.core.models import Process
from arki.core.registry import Metric

from .enums import AssignmentStatus, RequestStatus, Smiley, VolunteerStatus
from .models import Assignment, Feedback, HelpRequest, Volunteer


def _requests(process: Process):
    return HelpRequest.objects.filter(process=process)


def tasks_done_by_month(process: Process) -> list[tuple[object, int]]:
    rows = (
        _requests(process)
        .filter(status=RequestStatus.DONE)
        .annotate(month=TruncMonth("assignments__completed_at"))
        .exclude(month=None)
        .values("month")
        .annotate(n=Count("pk", distinct=True))
        .order_by("month")
    )
    return [(row["month"], row["n"]) for row in rows]


def tasks_done_per_month(process: Process) -> float | None:
    months = tasks_done_by_month(process)
    return round(sum(n for _m, n in months) / len(months), 1) if months else None


def older_people_helped(process: Process) -> int:
    return (
        _requests(process).filter(status=RequestStatus.DONE).values("recipient").distinct().count()
    )


def active_volunteers(process: Process) -> int:
    return Volunteer.objects.filter(process=process, status=VolunteerStatus.ACTIVE).count()


def recurring_pairs(process: Process) -> int:
    """Volunteer and older person who have done at least two tasks together."""
    return (
        Assignment.objects.filter(request__process=process, status=AssignmentStatus.DONE)
        .values("volunteer", "request__recipient")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .count()
    )


def experience_answers(process: Process) -> int:
    return Feedback.objects.filter(request__process=process).count()


def day_easier_share(process: Process) -> float | None:
    answers = Feedback.objects.filter(request__process=process)
    total = answers.count()
    return round(100 * answers.filter(answer=Smiley.YES).count() / total, 1) if total else None


def requests_total(process: Process) -> int:
    return _requests(process).count()


def requests_completed(process: Process) -> int:
    return _requests(process).filter(status=RequestStatus.DONE).count()


def unmet_requests(process: Process) -> int:
    return _requests(process).filter(status=RequestStatus.EXPIRED).count()


def manual_intervention_share(process: Process) -> float | None:
    total = requests_total(process)
    manual = _requests(process).filter(manual_intervention=True).count()
    return round(100 * manual / total, 1) if total else None


METRICS = [
    Metric(
        "help.tasks_per_month", _("Help tasks done per month"), _("tasks"), tasks_done_per_month
    ),
    Metric("help.older_people_helped", _("Older people helped"), _("people"), older_people_helped),
    Metric("help.active_volunteers", _("Active volunteers"), _("people"), active_volunteers),
    Metric("help.recurring_pairs", _("Recurring helper pairs"), _("pairs"), recurring_pairs),
    Metric("help.experience_answers", _("Experience answers"), _("answers"), experience_answers),
    Metric("help.day_easier", _("Answers 'it made my day easier'"), "%", day_easier_share),
    Metric("help.requests", _("Help requests"), _("requests"), requests_total),
    Metric("help.completed", _("Help requests completed"), _("requests"), requests_completed),
    Metric(
        "help.unmet", _("Requests that expired without a helper"), _("requests"), unmet_requests
    ),
    Metric(
        "help.manual_share",
        _("Requests needing a coordinator's manual matching"),
        "%",
        manual_intervention_share,
    ),
]


def figures(process: Process) -> list[tuple[Metric, object]]:
    return [(metric, metric.compute(process)) for metric in METRICS]
