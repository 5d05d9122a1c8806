"""The "survey" and "diary" source readers of the metric plan (see ../sources.py).

- ``survey``: ref = a question's pk, or ``"<pk>:<option>"`` for the share choosing one option
  of a choice. One Point per round (dated by the round's closing day) for the whole region
  and for each municipality: a scale's mean, or the share (in %) answering yes / the option.
- ``diary``: ref = a diary field the insight tool offers through its capability
  ``insight.diary_share`` (e.g. ``with_whom``: the share of diary days, in %, spent with
  someone). One Point per month and municipality. Without the insight tool: no points.

Both apply the k rule of `compute.suppress`: a Point of fewer than ARKI_K_ANONYMITY people
is withheld (no value), and so are the smallest others where a difference would reveal it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING

from arki.core.registry import registry

from ..sources import Point, register_source
from .compute import breakdown, suppress
from .enums import QuestionKind
from .models import Question
from .results import answer_rows, k_size

if TYPE_CHECKING:
    from ..models import Metric


@register_source("survey")
def survey_points(metric: Metric) -> list[Point]:
    pk, _sep, option = metric.source_ref.partition(":")
    question = (
        Question.objects.filter(pk=int(pk), survey__process_id=metric.process_id)
        .select_related("survey")
        .first()
        if pk.isdigit()
        else None
    )
    if question is None or question.kind == QuestionKind.TEXT:
        return []
    k = k_size()
    rows = answer_rows(question=question)
    if option:
        rows = [replace(row, number=1.0 if row.value == option else 0.0) for row in rows]
    points = []
    for round_ in question.survey.rounds.all():
        mine = [row for row in rows if row.round == round_.pk]
        for code, figure in breakdown(mine, lambda row: row.municipality, k).items():
            value = figure.value
            if value is not None and (question.kind == QuestionKind.YES_NO or option):
                value = round(100 * value, 1)
            elif value is not None:
                value = round(value, 2)
            if question.kind == QuestionKind.CHOICE and not option:
                value = None
            points.append(Point(round_.closes_on, value, code, figure.n, figure.withheld))
    return points


@register_source("diary")
def diary_points(metric: Metric) -> list[Point]:
    share = registry.capability("insight.diary_share")
    if share is None:
        return []
    k = k_size()
    # (month, municipality) -> participant -> [days, days that count]
    cells: dict[tuple[datetime.date, str], dict[int, list[int]]] = defaultdict(dict)
    for row in share(metric.process, metric.source_ref):
        counts = cells[(row["period"], row["municipality"])].setdefault(row["participant"], [0, 0])
        counts[0] += row["days"]
        counts[1] += row["yes"]
    points: list[Point] = []
    for period in sorted({month for month, _code in cells}):
        local = {code: people for (month, code), people in cells.items() if month == period}
        hidden = suppress({code: len(people) for code, people in local.items()}, k)
        everyone = [counts for people in local.values() for counts in people.values()]
        for code, people in [(None, None), *sorted(local.items())]:
            group = everyone if people is None else list(people.values())
            withheld = len(group) < k if code is None else code in hidden
            days = sum(c[0] for c in group)
            value = (
                None if withheld or not days else round(100 * sum(c[1] for c in group) / days, 1)
            )
            points.append(Point(period, value, code, None if withheld else len(group), withheld))
    return points
