"""Figures of the help exchange for the process metrics (brief §3, workshop 4: experience
data, services performed, demand and supply, need for coordination, group activities).

Each figure is computed for the whole process (`compute`) and, where its rows carry a place
and a date, per municipality and month (`breakdown`, see `arki.core.registry.FigureCell`).
The place is the municipality of the request's village (where the help was needed; always a
municipality of the process) or of the group activity's village; the month is that of the
date the figure counts (a task's completion, an answer, a request's creation or expiry, an
activity's start), in the local time zone as `TruncMonth` gives it. Active volunteers have no
breakdown: a volunteer's status keeps no history, so last year's figure cannot be recounted.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence

from django.db.models import Count, Max, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arki.core.models import Process
from arki.core.registry import FigureCell, Metric, month_starts

from .enums import AssignmentStatus, RequestStatus, Smiley, VolunteerStatus
from .models import Assignment, Event, EventSignup, Feedback, HelpRequest, Volunteer

#: (when, municipality code, what is counted, the person it is about or None)
Row = tuple[datetime.datetime, str, Hashable, Hashable | None]


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


def events_held(process: Process) -> int:
    return Event.objects.filter(process=process, starts_at__lte=timezone.now()).count()


def event_attendance(process: Process) -> int:
    """Distinct people marked present at a group activity (young and old)."""
    return (
        EventSignup.objects.filter(event__process=process, attended=True)
        .values("person")
        .distinct()
        .count()
    )


# --- per municipality and month ------------------------------------------------------------


def _month(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date().replace(day=1)


def _bounds(
    first: datetime.date, last: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """The moments from the start of `first`'s month to the start of the month after `last`."""
    after = (last.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    start = datetime.datetime.combine(first.replace(day=1), datetime.time.min)
    end = datetime.datetime.combine(after, datetime.time.min)
    return timezone.make_aware(start), timezone.make_aware(end)


def _places(process: Process, codes: Iterable[str | None]) -> list[str | None]:
    """The whole area (None), then the process's municipalities and any other in the rows."""
    mine = set(process.municipalities.values_list("code", flat=True))
    return [None, *sorted(mine | {code for code in codes if code is not None})]


def count_cells(
    process: Process,
    first: datetime.date,
    last: datetime.date,
    rows: Sequence[Row],
    *,
    people: bool,
) -> list[FigureCell]:
    """Distinct things counted per month and municipality, and for the whole area; 0 where
    there are none. With `people`, each cell says how many distinct people it rests on."""
    things: dict[tuple[datetime.date, str | None], set[Hashable]] = defaultdict(set)
    persons: dict[tuple[datetime.date, str | None], set[Hashable]] = defaultdict(set)
    for when, code, thing, person in rows:
        for place in (code, None):
            things[(_month(when), place)].add(thing)
            if person is not None:
                persons[(_month(when), place)].add(person)
    places = _places(process, (row[1] for row in rows))
    return [
        FigureCell(
            month,
            place,
            len(things[(month, place)]),
            len(persons[(month, place)]) if people else None,
        )
        for month in month_starts(first, last)
        for place in places
    ]


def share_cells(
    process: Process,
    first: datetime.date,
    last: datetime.date,
    rows: Sequence[Row],
    *,
    people: bool,
) -> list[FigureCell]:
    """The share (in %) of rows whose thing is True, per month and municipality, and for the
    whole area; no cell where there are no rows."""
    counts: dict[tuple[datetime.date, str | None], list[int]] = defaultdict(lambda: [0, 0])
    persons: dict[tuple[datetime.date, str | None], set[Hashable]] = defaultdict(set)
    for when, code, thing, person in rows:
        for place in (code, None):
            cell = counts[(_month(when), place)]
            cell[0] += 1
            cell[1] += bool(thing)
            if person is not None:
                persons[(_month(when), place)].add(person)
    places = _places(process, (row[1] for row in rows))
    return [
        FigureCell(
            month,
            place,
            round(100 * counts[(month, place)][1] / counts[(month, place)][0], 1),
            len(persons[(month, place)]) if people else None,
        )
        for month in month_starts(first, last)
        for place in places
        if (month, place) in counts
    ]


def _done_rows(process: Process, first: datetime.date, last: datetime.date, *fields: str):
    start, end = _bounds(first, last)
    return (
        Assignment.objects.filter(
            request__process=process,
            request__status=RequestStatus.DONE,
            completed_at__gte=start,
            completed_at__lt=end,
        )
        .values_list("completed_at", "request__village__municipality__code", *fields)
        .order_by()
    )


def tasks_done_breakdown(
    process: Process, first: datetime.date, last: datetime.date
) -> list[FigureCell]:
    """Requests done per month (by a helper's completion; the same rows as
    `tasks_done_by_month`)."""
    rows = [(w, c, pk, None) for w, c, pk in _done_rows(process, first, last, "request_id")]
    return count_cells(process, first, last, rows, people=False)


def older_people_helped_breakdown(
    process: Process, first: datetime.date, last: datetime.date
) -> list[FigureCell]:
    rows = [
        (w, c, rid, rid) for w, c, rid in _done_rows(process, first, last, "request__recipient_id")
    ]
    return count_cells(process, first, last, rows, people=True)


def volunteers_helping_breakdown(
    process: Process, first: datetime.date, last: datetime.date
) -> list[FigureCell]:
    """Distinct volunteers who did a task of a done request in each month (the same rows as
    `tasks_done_breakdown`). Not a metric of its own: the open data's monthly figures
    (`opendata.py`) publish it beside the others."""
    rows = [(w, c, v, v) for w, c, v in _done_rows(process, first, last, "volunteer_id")]
    return count_cells(process, first, last, rows, people=True)


def rows_span(process: Process) -> tuple[datetime.date, datetime.date] | None:
    """The first and last month (first days) with a row that the requests, tasks, unmet
    and helped-people breakdowns count, or None if there is none: the range to ask them
    for when every month of the process is wanted."""
    done = Assignment.objects.filter(
        request__process=process, request__status=RequestStatus.DONE, completed_at__isnull=False
    ).aggregate(first=Min("completed_at"), last=Max("completed_at"))
    asked = _requests(process).aggregate(first=Min("created_at"), last=Max("created_at"))
    expired = (
        _requests(process)
        .filter(status=RequestStatus.EXPIRED)
        .aggregate(first=Min("expires_at"), last=Max("expires_at"))
    )
    firsts = [d["first"] for d in (done, asked, expired) if d["first"] is not None]
    lasts = [d["last"] for d in (done, asked, expired) if d["last"] is not None]
    if not firsts:
        return None
    return _month(min(firsts)), _month(max(lasts))


def recurring_pairs_breakdown(
    process: Process, first: datetime.date, last: datetime.date
) -> list[FigureCell]:
    """Pairs that have done at least two tasks together by the end of each month (a stock,
    as `recurring_pairs` is now); in a municipality, two tasks together there."""
    _start, end = _bounds(first, last)
    rows = Assignment.objects.filter(
        request__process=process,
        status=AssignmentStatus.DONE,
        completed_at__isnull=False,
        completed_at__lt=end,
    ).values_list(
        "completed_at",
        "request__village__municipality__code",
        "volunteer_id",
        "request__recipient_id",
    )
    times: dict[tuple[str | None, Hashable, Hashable], list[datetime.datetime]] = defaultdict(list)
    for when, code, volunteer, recipient in rows.order_by():
        if when is None:  # excluded by the query; says so to the type checker
            continue
        for place in (code, None):
            times[(place, volunteer, recipient)].append(when)
    # The month each pair became recurring, per place: that of its second task.
    since: dict[str | None, list[datetime.date]] = defaultdict(list)
    for (place, _v, _r), moments in times.items():
        if len(moments) >= 2:
            since[place].append(_month(sorted(moments)[1]))
    cells = []
    places = _places(process, since)
    for month in month_starts(first, last):
        for place in places:
            n = sum(1 for became in since.get(place, ()) if became <= month)
            cells.append(FigureCell(month, place, n, n))
    return cells


def experience_answers_breakdown(
    process: Process, first: datetime.date, last: datetime.date
) -> list[FigureCell]:
    start, end = _bounds(first, last)
    rows = Feedback.objects.filter(
        request__process=process, created_at__gte=start, created_at__lt=end
    ).values_list(
        "created_at", "request__village__municipality__code", "pk", "request__recipient_id"
    )
    return count_cells(process, first, last, list(rows.order_by()), people=True)


def day_easier_breakdown(
    process: Process, first: datetime.date, last: datetime.date
) -> list[FigureCell]:
    start, end = _bounds(first, last)
    rows = Feedback.objects.filter(
        request__process=process, created_at__gte=start, created_at__lt=end
    ).values_list(
        "created_at", "request__village__municipality__code", "answer", "request__recipient_id"
    )
    answers = [(w, c, answer == Smiley.YES, r) for w, c, answer, r in rows.order_by()]
    return share_cells(process, first, last, answers, people=True)


def _request_rows(
    process: Process, first: datetime.date, last: datetime.date, moment: str, **filters: object
):
    start, end = _bounds(first, last)
    return (
        _requests(process)
        .filter(**{f"{moment}__gte": start, f"{moment}__lt": end}, **filters)
        .values_list(moment, "village__municipality__code", "pk")
        .order_by()
    )


def requests_breakdown(
    process: Process, first: datetime.date, last: datetime.date
) -> list[FigureCell]:
    rows = [(w, c, pk, None) for w, c, pk in _request_rows(process, first, last, "created_at")]
    return count_cells(process, first, last, rows, people=False)


def unmet_breakdown(
    process: Process, first: datetime.date, last: datetime.date
) -> list[FigureCell]:
    rows = [
        (w, c, pk, None)
        for w, c, pk in _request_rows(
            process, first, last, "expires_at", status=RequestStatus.EXPIRED
        )
    ]
    return count_cells(process, first, last, rows, people=False)


def manual_share_breakdown(
    process: Process, first: datetime.date, last: datetime.date
) -> list[FigureCell]:
    start, end = _bounds(first, last)
    rows = (
        _requests(process)
        .filter(created_at__gte=start, created_at__lt=end)
        .values_list("created_at", "village__municipality__code", "manual_intervention")
        .order_by()
    )
    return share_cells(
        process, first, last, [(w, c, manual, None) for w, c, manual in rows], people=False
    )


def events_breakdown(
    process: Process, first: datetime.date, last: datetime.date
) -> list[FigureCell]:
    start, end = _bounds(first, last)
    rows = (
        Event.objects.filter(process=process, starts_at__gte=start, starts_at__lt=end)
        .values_list("starts_at", "village__municipality__code", "pk")
        .order_by()
    )
    return count_cells(process, first, last, [(w, c, pk, None) for w, c, pk in rows], people=False)


def event_attendance_breakdown(
    process: Process, first: datetime.date, last: datetime.date
) -> list[FigureCell]:
    start, end = _bounds(first, last)
    rows = (
        EventSignup.objects.filter(
            event__process=process,
            attended=True,
            event__starts_at__gte=start,
            event__starts_at__lt=end,
        )
        .values_list("event__starts_at", "event__village__municipality__code", "person_id")
        .order_by()
    )
    return count_cells(process, first, last, [(w, c, p, p) for w, c, p in rows], people=True)


METRICS = [
    Metric(
        "help.tasks_per_month",
        _("Help tasks done per month"),
        _("tasks"),
        tasks_done_per_month,
        tasks_done_breakdown,
    ),
    Metric(
        "help.older_people_helped",
        _("Older people helped"),
        _("people"),
        older_people_helped,
        older_people_helped_breakdown,
    ),
    # No breakdown: a volunteer's status keeps no history (see the module's docstring).
    Metric("help.active_volunteers", _("Active volunteers"), _("people"), active_volunteers),
    Metric(
        "help.recurring_pairs",
        _("Recurring helper pairs"),
        _("pairs"),
        recurring_pairs,
        recurring_pairs_breakdown,
    ),
    Metric(
        "help.experience_answers",
        _("Experience answers"),
        _("answers"),
        experience_answers,
        experience_answers_breakdown,
    ),
    Metric(
        "help.day_easier",
        _("Answers 'it made my day easier'"),
        "%",
        day_easier_share,
        day_easier_breakdown,
    ),
    Metric("help.requests", _("Help requests"), _("requests"), requests_total, requests_breakdown),
    Metric(
        "help.completed",
        _("Help requests completed"),
        _("requests"),
        requests_completed,
        tasks_done_breakdown,
    ),
    Metric(
        "help.unmet",
        _("Requests that expired without a helper"),
        _("requests"),
        unmet_requests,
        unmet_breakdown,
    ),
    Metric(
        "help.manual_share",
        _("Requests needing a coordinator's manual matching"),
        "%",
        manual_intervention_share,
        manual_share_breakdown,
    ),
    Metric(
        "help.events", _("Group activities held"), _("activities"), events_held, events_breakdown
    ),
    Metric(
        "help.event_attendance",
        _("People at group activities"),
        _("people"),
        event_attendance,
        event_attendance_breakdown,
    ),
]


def figures(process: Process) -> list[tuple[Metric, object]]:
    return [(metric, metric.compute(process)) for metric in METRICS]
