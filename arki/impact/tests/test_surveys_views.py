"""Survey pages: a resident answers with their code, staff type in paper kits and phone calls,
kits are printed; refusals are clear and store nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from pypdf import PdfReader

from arki.core.enums import Channel, Role
from arki.core.models import AuditEntry
from arki.impact.surveys.models import Answer, Respondent

from .surveys_factories import respondents, survey_with_rounds

pytestmark = pytest.mark.django_db

ACCESS = "/en/impact/survey/"
ANSWER = "/en/impact/survey/answer/"


@pytest.fixture
def today(monkeypatch):
    """The follow-up round is open (10 March 2015)."""
    day = datetime.date(2015, 3, 10)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


def _form(round_, **values):
    by_key = {q.key: q for q in round_.survey.questions.all()}
    data = {"round": str(round_.pk)}
    data.update({f"q{by_key[key].pk}": value for key, value in values.items()})
    return data


FULL = {
    "help_easier": "4",
    "help_again": "yes",
    "ucla_companionship": "1",
    "ucla_left_out": "2",
    "ucla_isolated": "1",
    "talk_to": "yes",
    "help_most": "Pääsin kauppaan",
}


def test_a_resident_answers_the_open_round_with_their_code(process, municipalities, today):
    _s, _baseline, follow_up = survey_with_rounds(process)
    (respondent,) = respondents(process, municipalities["Kajaani"], 1)
    client = Client()
    response = client.get(f"{ACCESS}?k={respondent.code}")
    assert response.status_code == 302 and response["Location"].endswith("/survey/answer/")
    page = client.get(ANSWER)
    assert "Did the help make your everyday life easier?" in page.content.decode()
    response = client.post(ANSWER, _form(follow_up, **FULL))
    assert response.status_code == 302
    assert Answer.objects.filter(respondent=respondent, round=follow_up).count() == 7
    assert set(Answer.objects.values_list("channel", flat=True)) == {Channel.ONLINE}
    # Nothing more to answer; sending again stores nothing more.
    assert "nothing to answer" in client.get(ANSWER).content.decode()
    again = client.post(ANSWER, _form(follow_up, **FULL))
    assert again.status_code == 400
    assert "already been answered" in again.content.decode()
    assert Answer.objects.count() == 7


def test_an_unknown_code_is_refused_and_counted(process, municipalities, today, settings):
    settings.ARKI_CODE_ATTEMPTS = 2
    survey_with_rounds(process)
    (respondent,) = respondents(process, municipalities["Kajaani"], 1)
    client = Client()
    first = client.post(ACCESS, {"code": "WRONG12345"})
    assert first.status_code == 400 and "This code was not found" in first.content.decode()
    client.post(ACCESS, {"code": "WRONG23456"})
    # Past the limit even the right code is refused, and no session is opened.
    blocked = client.post(ACCESS, {"code": respondent.code})
    assert blocked.status_code == 429 and "Too many attempts" in blocked.content.decode()
    assert client.get(ANSWER).status_code == 302


def test_an_invalid_answer_is_shown_next_to_the_question_and_nothing_is_stored(
    process, municipalities, today
):
    _s, _baseline, follow_up = survey_with_rounds(process)
    (respondent,) = respondents(process, municipalities["Kajaani"], 1)
    client = Client()
    client.get(f"{ACCESS}?k={respondent.code}")
    response = client.post(ANSWER, _form(follow_up, **{**FULL, "ucla_isolated": "7"}))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert Answer.objects.count() == 0


def test_a_round_that_closed_while_the_form_was_open_stores_nothing(process, municipalities, today):
    _s, baseline, _f = survey_with_rounds(process)
    (respondent,) = respondents(process, municipalities["Kajaani"], 1)
    client = Client()
    client.get(f"{ACCESS}?k={respondent.code}")
    response = client.post(ANSWER, _form(baseline, **FULL))
    assert response.status_code == 400
    assert "closed on" in response.content.decode()
    assert Answer.objects.count() == 0


def _staff(process, make_user, role=Role.COORDINATOR, **kwargs):
    client = Client()
    client.force_login(make_user(role, process=process, **kwargs))
    return client


@pytest.mark.parametrize("channel", [Channel.PAPER, Channel.PHONE])
def test_staff_enter_a_paper_kit_or_a_phone_call(
    process, municipalities, make_user, today, channel
):
    _s, _b, follow_up = survey_with_rounds(process)
    (respondent,) = respondents(process, municipalities["Kajaani"], 1)
    client = _staff(process, make_user)
    url = f"/en/staff/impact/{process.slug}/surveys/rounds/{follow_up.pk}/entry/"
    assert client.get(url).status_code == 200
    data = {**_form(follow_up, **FULL), "code": respondent.code.lower(), "channel": channel}
    response = client.post(url, data)
    assert response.status_code == 302
    assert set(Answer.objects.values_list("channel", flat=True)) == {channel}
    assert Answer.objects.count() == 7
    twice = client.post(url, data)
    assert twice.status_code == 400 and "already been answered" in twice.content.decode()
    assert Answer.objects.count() == 7


def test_staff_entry_refuses_an_unknown_code_or_a_closed_round(
    process, municipalities, make_user, today
):
    _s, baseline, follow_up = survey_with_rounds(process)
    (respondent,) = respondents(process, municipalities["Kajaani"], 1)
    client = _staff(process, make_user)
    unknown = client.post(
        f"/en/staff/impact/{process.slug}/surveys/rounds/{follow_up.pk}/entry/",
        {**_form(follow_up, **FULL), "code": "NOSUCHCODE", "channel": Channel.PAPER},
    )
    assert "No respondent has this code" in unknown.content.decode()
    closed = client.post(
        f"/en/staff/impact/{process.slug}/surveys/rounds/{baseline.pk}/entry/",
        {**_form(baseline, **FULL), "code": respondent.code, "channel": Channel.PAPER},
    )
    assert "closed on" in closed.content.decode()
    assert Answer.objects.count() == 0


def test_a_municipal_coordinator_cannot_enter_another_municipalitys_respondent(
    process, municipalities, make_user, today
):
    _s, _b, follow_up = survey_with_rounds(process)
    (respondent,) = respondents(process, municipalities["Kajaani"], 1)
    client = _staff(process, make_user, municipality=municipalities["Kuhmo"])
    response = client.post(
        f"/en/staff/impact/{process.slug}/surveys/rounds/{follow_up.pk}/entry/",
        {**_form(follow_up, **FULL), "code": respondent.code, "channel": Channel.PHONE},
    )
    assert "No respondent has this code" in response.content.decode()
    assert Answer.objects.count() == 0


def test_codes_are_created_listed_with_an_audit_entry_and_printed(
    process, municipalities, make_user
):
    survey, _b, _f = survey_with_rounds(process)
    client = _staff(process, make_user, role=Role.FACILITATOR)
    url = f"/en/staff/impact/{process.slug}/respondents/"
    response = client.post(
        url, {"municipality": municipalities["Kuhmo"].pk, "group": "helped", "count": 3}
    )
    assert response.status_code == 302
    codes = list(Respondent.objects.values_list("code", flat=True))
    assert len(codes) == 3
    page = client.get(url).content.decode()
    assert all(code in page for code in codes)
    assert AuditEntry.objects.filter(subject="impact.respondents").exists()
    pdf = client.get(f"/en/staff/impact/{process.slug}/surveys/{survey.pk}/kits.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert all(code in text for code in codes)
    assert "Did the help make your everyday life easier?" in text
    assert "Hardly ever" in text
    assert AuditEntry.objects.filter(subject="impact.survey_kits").exists()
    from arki.core.testing_pdf import assert_accessible_pdf

    assert_accessible_pdf(pdf.content, lang="en", contains=codes[0])


def test_a_survey_and_a_round_are_created_by_a_facilitator_only(process, make_user):
    url = f"/en/staff/impact/{process.slug}/surveys/"
    refused = _staff(process, make_user, role=Role.DECISION_MAKER)
    assert refused.get(url).status_code == 200
    assert refused.post(url, {"key": "loneliness"}).status_code == 403
    client = _staff(process, make_user, role=Role.FACILITATOR)
    response = client.post(url, {"key": "loneliness"})
    assert response.status_code == 302
    survey = process.impact_surveys.get()
    bad = client.post(
        response["Location"], {"label": "X", "opens_on": "2015-05-02", "closes_on": "2015-05-01"}
    )
    assert bad.status_code == 200 and survey.rounds.count() == 0
    assert "close on or after" in bad.content.decode()
