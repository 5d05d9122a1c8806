"""Writes of the surveys: surveys from the shipped definitions, rounds, respondents, answers.

Answers arrive by four channels (the resident's own device or phone with their code, a
printed kit typed in by staff, a coordinator on the phone) and all go through
`answers_submit`, so every channel keeps the same rules: the round must be open, the
respondent must belong to the survey's process and audience and not have answered the round
yet, and every answer must be one the question offers. A refused submission stores nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from arki.core.enums import Channel
from arki.core.models import Municipality, Person, Process, User
from arki.core.services.writes import create_clean

from ..surveys.definitions import QUESTIONS, SURVEYS, question_options
from ..surveys.enums import QuestionKind
from ..surveys.models import Answer, Question, Respondent, Survey, SurveyRound

MAX_TEXT = 500


@transaction.atomic
def survey_create_from_definition(*, process: Process, key: str, by: User | None) -> Survey:
    """A survey with the questions of a shipped definition (`surveys/definitions.py`)."""
    if key not in SURVEYS:
        raise ValidationError({"key": _("Choose one of the surveys offered.")})
    spec = SURVEYS[key]
    survey = create_clean(
        Survey,
        by=by,
        process=process,
        key=key,
        title=spec["title"]["fi"],
        title_sv=spec["title"]["sv"],
        title_en=spec["title"]["en"],
        intro=spec["intro"]["fi"],
        intro_sv=spec["intro"]["sv"],
        intro_en=spec["intro"]["en"],
        audience=spec["audience"],
    )
    for position, question_key in enumerate(spec["questions"], start=1):
        question = QUESTIONS[question_key]
        create_clean(
            Question,
            by=by,
            survey=survey,
            key=question_key,
            position=position,
            kind=question["kind"],
            text=question["text"]["fi"],
            text_sv=question["text"]["sv"],
            text_en=question["text"]["en"],
            options=question_options(question_key),
            source=question.get("source", ""),
            required=question.get("required", True),
        )
    return survey


def round_create(
    *,
    survey: Survey,
    label: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    by: User | None,
    label_sv: str = "",
    label_en: str = "",
) -> SurveyRound:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The round must close on or after it opens.")})
    return create_clean(
        SurveyRound,
        by=by,
        survey=survey,
        label=label,
        label_sv=label_sv,
        label_en=label_en,
        opens_on=opens_on,
        closes_on=closes_on,
    )


def respondent_create(
    *,
    process: Process,
    municipality: Municipality,
    group: str,
    person: Person | None = None,
    by: User | None,
) -> Respondent:
    """A new pseudonymous respondent with a fresh random code (or the person's existing one)."""
    if person is not None:
        if person.process_id != process.pk:
            raise ValidationError({"person": _("This participant belongs to another process.")})
        existing = Respondent.objects.filter(process=process, person=person).first()
        if existing is not None:
            return existing
    if not process.municipalities.filter(pk=municipality.pk).exists():
        raise ValidationError({"municipality": _("Choose a municipality of this process.")})
    return create_clean(
        Respondent, by=by, process=process, municipality=municipality, group=group, person=person
    )


def _parse(question: Question, raw: str) -> tuple[str, float | None]:
    """The stored value and number of one answer, or ValidationError with a plain reason."""
    if question.kind == QuestionKind.TEXT:
        if len(raw) > MAX_TEXT:
            raise ValidationError(
                _("Keep the answer under %(max)d characters.") % {"max": MAX_TEXT}
            )
        return raw, None
    values = [str(option["value"]) for option in question.options]
    if raw not in values:
        raise ValidationError(_("Choose one of the answers offered."))
    if question.kind == QuestionKind.SCALE:
        return raw, float(raw)
    if question.kind == QuestionKind.YES_NO:
        return raw, 1.0 if raw == "yes" else 0.0
    return raw, None


def round_refusal(
    round_: SurveyRound, respondent: Respondent, today: datetime.date | None = None
) -> str | None:
    """Why `respondent` may not answer `round_` now, or None."""
    today = today or timezone.localdate()
    survey = round_.survey
    if respondent.process_id != survey.process_id:
        return _("This code does not belong to this survey.")
    if survey.audience and respondent.group != survey.audience:
        return _("This survey is not for this respondent's group.")
    if today < round_.opens_on:
        return _("This survey round opens on %(date)s.") % {
            "date": date_format(round_.opens_on, "SHORT_DATE_FORMAT")
        }
    if today > round_.closes_on:
        return _("This survey round closed on %(date)s; answers are no longer taken.") % {
            "date": date_format(round_.closes_on, "SHORT_DATE_FORMAT")
        }
    if round_.answers.filter(respondent=respondent).exists():
        return _("This round has already been answered with this code.")
    return None


def answers_submit(
    *,
    round_: SurveyRound,
    respondent: Respondent,
    answers: Mapping[str, str],
    channel: str,
    by: User | None,
    today: datetime.date | None = None,
) -> list[Answer]:
    """Store one respondent's answers to one round, all or nothing.

    `answers` maps a question's pk (as text) to the raw answer (an option's value or a
    text); an empty answer to an optional question is skipped. Errors are keyed
    ``q<pk>`` so forms show them next to the question; nothing is stored on any error.
    """
    if channel not in Channel.values:
        raise ValidationError(_("Choose how the answers were given."))
    refusal = round_refusal(round_, respondent, today)
    if refusal:
        raise ValidationError(refusal)
    questions = list(round_.survey.questions.all())
    errors: dict[str, list[str]] = {}
    parsed: list[tuple[Question, str, float | None]] = []
    for question in questions:
        raw = str(answers.get(str(question.pk), "") or "").strip()
        if not raw:
            if question.required:
                errors[f"q{question.pk}"] = [_("Answer this question.")]
            continue
        try:
            value, number = _parse(question, raw)
        except ValidationError as exc:
            errors[f"q{question.pk}"] = exc.messages
            continue
        parsed.append((question, value, number))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return [
                create_clean(
                    Answer,
                    by=by,
                    round=round_,
                    respondent=respondent,
                    question=question,
                    value=value,
                    number=number,
                    channel=channel,
                )
                for question, value, number in parsed
            ]
    except (IntegrityError, ValidationError) as exc:
        # Two submissions at once (a double click, two staff typing the same kit): the unique
        # constraint lets one through and refuses the other whole.
        raise ValidationError(_("This round has already been answered with this code.")) from exc


def respondent_erase(respondent: Respondent) -> int:
    """Delete a respondent and every answer of theirs; returns how many answers went.

    Chosen over keeping the answers under a blanked code: with a pseudonym that staff can
    still tie to a paper kit, "anonymised" answers would not be anonymous. Results are
    recounted from the rows on every read, so they stay honest: the erased person no longer
    counts in any round, the n of every figure drops with them, and a group that falls
    under the k-anonymity size is withheld from then on (earlier exports are not changed).
    """
    with transaction.atomic():
        count = respondent.answers.count()
        respondent.delete()
    return count
