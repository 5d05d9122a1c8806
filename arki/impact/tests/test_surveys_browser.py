"""Browser tests (real Chromium, axe on every page): a survey round answered on a phone, and
one entered from paper by staff."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from arki.core.enums import Channel, Role
from arki.impact.services import surveys as services
from arki.impact.surveys.models import Answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWERS = {
    "help_easier": "4",
    "help_again": "yes",
    "ucla_companionship": "1",
    "ucla_left_out": "2",
    "ucla_isolated": "1",
    "talk_to": "yes",
}


def _open_round(process):
    survey = services.survey_create_from_definition(process=process, key="everyday", by=None)
    today = timezone.localdate()
    round_ = services.round_create(
        survey=survey,
        label="Seuranta",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
        by=None,
    )
    return survey, round_


def _tick(page, survey):
    for question in survey.questions.all():
        if question.key in ANSWERS:
            page.check(f'input[name="q{question.pk}"][value="{ANSWERS[question.key]}"]')


def test_a_resident_answers_a_round_on_a_phone(
    live_server, phone, axe_check, process, municipalities
):
    survey, round_ = _open_round(process)
    respondent = services.respondent_create(
        process=process, municipality=municipalities["Kajaani"], group="helped", by=None
    )
    page = phone.new_page()
    page.goto(f"{live_server.url}/impact/survey/")
    axe_check(page)
    page.fill("#id_code", respondent.code.lower())
    page.click("main button[type=submit]")
    page.wait_for_url("**/impact/survey/answer/")
    assert "Helpottiko saamasi apu arkeasi?" in page.content()
    axe_check(page)
    _tick(page, survey)
    page.fill(f"textarea[name=q{survey.questions.get(key='help_most').pk}]", "Pääsin kauppaan")
    page.click("main button[type=submit]")
    page.wait_for_url("**/impact/survey/thanks/")
    axe_check(page)
    answers = Answer.objects.filter(respondent=respondent, round=round_)
    assert answers.count() == 7
    assert set(answers.values_list("channel", flat=True)) == {Channel.ONLINE}


def test_staff_enter_a_paper_kit(
    live_server, new_context, login, axe_check, process, municipalities, make_user
):
    survey, round_ = _open_round(process)
    respondent = services.respondent_create(
        process=process, municipality=municipalities["Kuhmo"], group="helped", by=None
    )
    page = new_context().new_page()
    login(page, make_user(Role.COORDINATOR, process=process))
    page.goto(f"{live_server.url}/staff/impact/{process.slug}/respondents/")
    axe_check(page)
    page.click(f"a[href$='/surveys/rounds/{round_.pk}/entry/']")
    page.wait_for_url(f"**/surveys/rounds/{round_.pk}/entry/")
    axe_check(page)
    page.fill("#id_code", respondent.code)
    page.check(f'input[name="channel"][value="{Channel.PAPER}"]')
    _tick(page, survey)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "Vastaukset tallennettiin." in page.content()
    axe_check(page)
    answers = Answer.objects.filter(respondent=respondent, round=round_)
    assert answers.count() == 6
    assert set(answers.values_list("channel", flat=True)) == {Channel.PAPER}


def test_the_survey_pages_are_accessible(
    live_server, new_context, login, axe_check, process, municipalities, make_user
):
    survey, round_ = _open_round(process)
    for respondent in [
        services.respondent_create(
            process=process, municipality=municipalities["Kajaani"], group="helped", by=None
        )
        for _i in range(6)
    ]:
        services.answers_submit(
            round_=round_,
            respondent=respondent,
            answers={str(q.pk): ANSWERS[q.key] for q in survey.questions.all() if q.key in ANSWERS},
            channel=Channel.PHONE,
            by=None,
        )
    page = new_context().new_page()
    login(page, make_user(Role.FACILITATOR, process=process))
    page.goto(f"{live_server.url}/staff/impact/{process.slug}/surveys/")
    axe_check(page)
    page.click(f"a[href$='/surveys/{survey.pk}/']")
    page.wait_for_url(f"**/surveys/{survey.pk}/")
    assert "(n=6)" in page.content()
    axe_check(page)
