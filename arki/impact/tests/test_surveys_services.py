"""Survey rules: answers are stored all or nothing, with a clear reason when refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from arki.core.enums import Channel
from arki.impact.services import surveys as services
from arki.impact.surveys.definitions import QUESTIONS, SURVEYS, UCLA_SOURCE
from arki.impact.surveys.models import Answer, Question

from .surveys_factories import answer, full, respondents, survey_with_rounds

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_survey_from_a_definition_has_its_questions_in_three_languages(process):
    survey, _b, _f = survey_with_rounds(process)
    keys = list(survey.questions.values_list("key", flat=True))
    assert keys == SURVEYS["everyday"]["questions"]
    ucla = survey.questions.get(key="ucla_left_out")
    assert ucla.text_en == "How often do you feel left out?"
    assert [o["en"] for o in ucla.options] == ["Hardly ever", "Some of the time", "Often"]
    assert [o["value"] for o in ucla.options] == ["1", "2", "3"]
    assert ucla.source == UCLA_SOURCE and "not validated" in ucla.source
    for spec in QUESTIONS.values():
        assert set(spec["text"]) == {"fi", "sv", "en"} and all(spec["text"].values())


def test_answers_are_stored_with_their_numbers(process, municipalities):
    _s, baseline, _f = survey_with_rounds(process)
    (respondent,) = respondents(process, municipalities["Kajaani"], 1)
    answer(baseline, respondent, {**full(easier="5", talk="no"), "help_most": "Pääsin kauppaan"})
    stored = {
        a.question.key: (a.value, a.number) for a in Answer.objects.select_related("question")
    }
    assert stored["help_easier"] == ("5", 5.0)
    assert stored["talk_to"] == ("no", 0.0)
    assert stored["help_again"] == ("yes", 1.0)
    assert stored["help_most"] == ("Pääsin kauppaan", None)


def _raw(round_, values):
    by_key = {q.key: q for q in Question.objects.filter(survey=round_.survey)}
    return {str(by_key[k].pk): v for k, v in values.items()}


@pytest.mark.parametrize(
    "today, message",
    [
        (datetime.date(2014, 10, 1), "closed on"),
        (datetime.date(2014, 8, 31), "opens on"),
    ],
)
def test_a_round_that_is_not_open_refuses_and_stores_nothing(
    process, municipalities, today, message
):
    _s, baseline, _f = survey_with_rounds(process)
    (respondent,) = respondents(process, municipalities["Kajaani"], 1)
    with pytest.raises(ValidationError) as error:
        services.answers_submit(
            round_=baseline,
            respondent=respondent,
            answers=_raw(baseline, full()),
            channel=Channel.ONLINE,
            by=None,
            today=today,
        )
    assert message in " ".join(error.value.messages)
    assert Answer.objects.count() == 0


@pytest.mark.parametrize(
    "change, field",
    [
        ({"help_easier": "6"}, "help_easier"),
        ({"talk_to": "maybe"}, "talk_to"),
        ({"ucla_isolated": ""}, "ucla_isolated"),
        ({"help_most": "x" * 501}, "help_most"),
    ],
)
def test_an_invalid_answer_names_the_question_and_stores_nothing(
    process, municipalities, change, field
):
    _s, baseline, _f = survey_with_rounds(process)
    (respondent,) = respondents(process, municipalities["Kajaani"], 1)
    with pytest.raises(ValidationError) as error:
        services.answers_submit(
            round_=baseline,
            respondent=respondent,
            answers=_raw(baseline, {**full(), **change}),
            channel=Channel.ONLINE,
            by=None,
            today=baseline.opens_on,
        )
    question = Question.objects.get(survey=baseline.survey, key=field)
    assert list(error.value.error_dict) == [f"q{question.pk}"]
    assert Answer.objects.count() == 0


def test_a_round_is_answered_once_and_the_second_try_changes_nothing(process, municipalities):
    _s, baseline, _f = survey_with_rounds(process)
    (respondent,) = respondents(process, municipalities["Kajaani"], 1)
    answer(baseline, respondent, full(easier="2"))
    before = list(Answer.objects.values_list("pk", "value"))
    with pytest.raises(ValidationError, match="already been answered"):
        answer(baseline, respondent, full(easier="5"))
    assert list(Answer.objects.values_list("pk", "value")) == before


def test_the_survey_is_only_for_its_audience_and_its_process(process, municipalities):
    _s, baseline, _f = survey_with_rounds(process)  # for people helped
    (volunteer,) = respondents(process, municipalities["Kajaani"], 1, group="volunteer")
    with pytest.raises(ValidationError, match="not for this respondent's group"):
        answer(baseline, volunteer, full())
    assert Answer.objects.count() == 0


def test_a_round_must_close_after_it_opens(process):
    survey, _b, _f = survey_with_rounds(process)
    with pytest.raises(ValidationError):
        services.round_create(
            survey=survey,
            label="x",
            opens_on=datetime.date(2015, 5, 2),
            closes_on=datetime.date(2015, 5, 1),
            by=None,
        )
    assert survey.rounds.count() == 2


def test_respondent_codes_are_random_and_unique(process, municipalities):
    people = respondents(process, municipalities["Kuhmo"], 30)
    codes = {r.code for r in people}
    assert len(codes) == 30 and all(len(c) == 10 for c in codes)
