"""GDPR hooks: the core's export and erasure call these for every person.

The metric plan holds no personal data. Surveys and stories add theirs here as they are built.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arki.core.models import Person


def personal_data_export(person: Person) -> Mapping[str, Any]:
    return {}


def personal_data_erase(person: Person) -> Mapping[str, int]:
    return {}


# --- surveys ----------------------------------------------------------------------------
# A respondent linked to the person (`Respondent.person`) is exported with every answer, and
# erased with every answer: see `services.surveys.respondent_erase` for why the answers are
# deleted rather than kept under a blanked code, and how the results stay honest (they are
# recounted from the remaining rows on every read, so the erased person simply stops counting
# and a group that falls under the k-anonymity size is withheld).

_metrics_export, _metrics_erase = personal_data_export, personal_data_erase


def _surveys_export(person: Person) -> dict[str, Any]:
    from .surveys.models import Respondent

    respondents = Respondent.objects.filter(person=person).select_related("municipality")
    return {
        "survey_respondents": [
            {
                "code": respondent.code,
                "municipality": respondent.municipality.name,
                "group": respondent.group,
                "answers": [
                    {
                        "survey": answer.round.survey.title,
                        "round": answer.round.label,
                        "question": answer.question.text,
                        "answer": answer.value,
                        "channel": answer.channel,
                        "given_at": answer.created_at.isoformat(),
                    }
                    for answer in respondent.answers.select_related(
                        "round__survey", "question"
                    ).order_by("round__opens_on", "question__position")
                ],
            }
            for respondent in respondents
        ]
    }


def _surveys_erase(person: Person) -> dict[str, int]:
    from .services.surveys import respondent_erase
    from .surveys.models import Respondent

    respondents = list(Respondent.objects.filter(person=person))
    answers = sum(respondent_erase(respondent) for respondent in respondents)
    return {"survey_respondents": len(respondents), "survey_answers": answers}


def personal_data_export(person: Person) -> Mapping[str, Any]:  # type: ignore[no-redef]
    return {**_metrics_export(person), **_surveys_export(person)}


def personal_data_erase(person: Person) -> Mapping[str, int]:  # type: ignore[no-redef]
    return {**_metrics_erase(person), **_surveys_erase(person)}
