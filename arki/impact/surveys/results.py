"""Survey results as pages and exports show them: the rows read once, figures from compute.py.

Nothing here ever carries a figure of a group under the k-anonymity size: withheld cells have
no value and no n, so a template or a CSV writer cannot show one by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .compute import NO_CHANGE, WITHHELD, AnswerRow, Change, Figure, breakdown, changes
from .enums import QuestionKind, RespondentGroup
from .models import Answer, Question, Survey, SurveyRound


def k_size() -> int:
    return max(3, int(getattr(settings, "ARKI_K_ANONYMITY", 5)))


def answer_rows(**filters) -> list[AnswerRow]:
    """The answers matching `filters` (e.g. ``round__survey=survey``) as plain rows."""
    return [
        AnswerRow(*values)
        for values in Answer.objects.filter(**filters).values_list(
            "respondent_id",
            "round_id",
            "question_id",
            "respondent__municipality__code",
            "respondent__group",
            "value",
            "number",
        )
    ]


@dataclass(frozen=True)
class Line:
    """One row of a question's table: a group and its figure in each round, then the change
    per person from the first round to each later one."""

    label: str
    kind: str  # "region", "municipality" or "group"
    figures: list[Figure]
    changes: list[Change]


@dataclass(frozen=True)
class QuestionResults:
    question: Question
    lines: list[Line]
    options: list[tuple[str, str]]


def survey_results(survey: Survey) -> tuple[list[SurveyRound], list[QuestionResults], int]:
    """Every numeric or choice question's figures per round, for the region, each
    municipality and each group, with the change per person from the first round."""
    k = k_size()
    rounds = list(survey.rounds.all())
    questions = [q for q in survey.questions.all() if q.kind != QuestionKind.TEXT]
    rows = answer_rows(round__survey=survey, question__kind__in=[q.kind for q in questions])
    municipalities = dict(survey.process.municipalities.values_list("code", "name"))
    language = (get_language() or "fi")[:2]
    groups = dict(RespondentGroup.choices)
    results = []
    for question in questions:
        mine = [row for row in rows if row.question == question.pk]
        by_round = {r.pk: [row for row in mine if row.round == r.pk] for r in rounds}
        numeric = question.kind != QuestionKind.CHOICE
        lines: list[Line] = []
        for kind, key in (("municipality", _municipality), ("group", _group)):
            per_round = [breakdown(by_round[r.pk], key, k) for r in rounds]
            moves = (
                [changes(mine, rounds[0].pk, r.pk, key, k) for r in rounds[1:]] if numeric else []
            )
            if kind == "municipality":
                lines.append(
                    Line(
                        _("Whole region"),
                        "region",
                        [f[None] for f in per_round],
                        [c[None] for c in moves],
                    )
                )
            names = sorted({name for f in per_round for name in f if name is not None})
            if kind == "municipality":
                names.sort(key=lambda code: municipalities.get(code, code))
            for name in names:
                label = (
                    municipalities.get(name, name)
                    if kind == "municipality"
                    else str(groups.get(name, name))
                )
                lines.append(
                    Line(
                        label,
                        kind,
                        [f.get(name, WITHHELD) for f in per_round],
                        [c.get(name, NO_CHANGE) for c in moves],
                    )
                )
        options = [(str(o["value"]), str(o.get(language) or o["fi"])) for o in question.options]
        results.append(QuestionResults(question, lines, options))
    return rounds, results, k


def _municipality(row: AnswerRow) -> str:
    return row.municipality


def _group(row: AnswerRow) -> str:
    return row.group
