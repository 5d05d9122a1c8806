"""Test helpers for the surveys: a survey with rounds and respondents who answered."""

from __future__ import annotations

import datetime

from arki.core.enums import Channel
from arki.impact.services import surveys as services
from arki.impact.surveys.models import Respondent, Survey, SurveyRound

TODAY = datetime.date(2015, 3, 10)


def survey_with_rounds(process, key="everyday") -> tuple[Survey, SurveyRound, SurveyRound]:
    survey = services.survey_create_from_definition(process=process, key=key, by=None)
    baseline = services.round_create(
        survey=survey,
        label="Lähtötaso",
        opens_on=datetime.date(2014, 9, 1),
        closes_on=datetime.date(2014, 9, 30),
        by=None,
    )
    follow_up = services.round_create(
        survey=survey,
        label="Seuranta",
        opens_on=datetime.date(2015, 3, 1),
        closes_on=datetime.date(2015, 3, 31),
        by=None,
    )
    return survey, baseline, follow_up


def respondents(process, municipality, n, group="helped") -> list[Respondent]:
    return [
        services.respondent_create(process=process, municipality=municipality, group=group, by=None)
        for _i in range(n)
    ]


def answer(round_, respondent, values: dict[str, str], channel=Channel.ONLINE):
    """Answer `round_` with {question key: value} on a day the round is open."""
    by_key = {q.key: q for q in round_.survey.questions.all()}
    return services.answers_submit(
        round_=round_,
        respondent=respondent,
        answers={str(by_key[key].pk): value for key, value in values.items()},
        channel=channel,
        by=None,
        today=round_.opens_on,
    )


def full(easier: str = "4", lonely: str = "2", talk: str = "yes") -> dict[str, str]:
    return {
        "help_easier": easier,
        "help_again": "yes",
        "ucla_companionship": lonely,
        "ucla_left_out": lonely,
        "ucla_isolated": lonely,
        "talk_to": talk,
    }
