"""The "survey" and "diary" source readers of the metric plan, and the surveys' GDPR hooks."""

from __future__ import annotations

import pytest

from arki.core.services.gdpr import person_erase, person_export
from arki.impact.enums import SourceKind
from arki.impact.models import Metric
from arki.impact.sources import read_points, source_kinds
from arki.impact.surveys.models import Answer, Respondent

from .surveys_factories import answer, full, respondents, survey_with_rounds

pytestmark = pytest.mark.django_db


def test_both_readers_are_registered_at_start_up():
    assert {"survey", "diary"} <= set(source_kinds())


def test_the_survey_reader_gives_a_point_per_round_and_municipality(
    process, municipalities, settings
):
    settings.ARKI_K_ANONYMITY = 5
    survey, baseline, follow_up = survey_with_rounds(process)
    kajaani = respondents(process, municipalities["Kajaani"], 7)
    kuhmo = respondents(process, municipalities["Kuhmo"], 6)
    sotkamo = respondents(process, municipalities["Sotkamo"], 2)
    for index, respondent in enumerate(kajaani + kuhmo + sotkamo):
        answer(baseline, respondent, full(talk="yes" if index % 2 else "no"))
    question = survey.questions.get(key="talk_to")
    metric = Metric.objects.create(
        process=process,
        name="Joku jolle puhua",
        source=SourceKind.SURVEY,
        source_ref=str(question.pk),
    )
    points = {(p.period, p.municipality_code): p for p in read_points(metric)}
    region = points[(baseline.closes_on, None)]
    yes = Answer.objects.filter(question=question, round=baseline, value="yes").count()
    assert region.n == 15 and region.value == pytest.approx(round(100 * yes / 15, 1))
    assert points[(baseline.closes_on, "205")].n == 7
    # Sotkamo (2) is withheld, and so is the next smallest, or it could be subtracted.
    assert (
        points[(baseline.closes_on, "765")].withheld
        and points[(baseline.closes_on, "765")].value is None
    )
    withheld = [p for p in points.values() if p.withheld]
    assert all(p.value is None and p.n is None for p in withheld)
    assert {p.municipality_code for p in withheld if p.period == baseline.closes_on} == {
        "765",
        "290",
    }
    # The follow-up without answers: the region is withheld.
    assert points[(follow_up.closes_on, None)].withheld


def test_the_survey_reader_ignores_another_process_and_text_questions(process, municipalities):
    survey, _b, _f = survey_with_rounds(process)
    text = survey.questions.get(key="help_most")
    for ref in (str(text.pk), "999999", "x"):
        metric = Metric.objects.create(
            process=process, name="m", source=SourceKind.SURVEY, source_ref=ref
        )
        assert read_points(metric) == []


def test_a_respondents_answers_are_exported_and_erased(
    process, municipalities, make_person, make_user
):
    from arki.core.enums import Role
    from arki.impact.services.surveys import respondent_create

    _survey, baseline, _f = survey_with_rounds(process)
    person = make_person(process, municipalities["Kajaani"])
    mine = respondent_create(
        process=process, municipality=person.municipality, group="helped", person=person, by=None
    )
    (other,) = respondents(process, municipalities["Kajaani"], 1)
    answer(baseline, mine, {**full(easier="5"), "help_most": "Oma vastaus"})
    answer(baseline, other, full(easier="2"))
    admin = make_user(Role.ADMIN)
    exported = person_export(person=person, by=admin)["tools"]["impact"]["data"]
    (entry,) = exported["survey_respondents"]
    assert entry["code"] == mine.code
    assert {a["answer"] for a in entry["answers"]} >= {"5", "Oma vastaus"}
    report = person_erase(person=person, by=admin)["impact"]
    assert report == {"survey_respondents": 1, "survey_answers": 7}
    assert not Respondent.objects.filter(pk=mine.pk).exists()
    assert Answer.objects.filter(respondent=other).count() == 6
