"""Answer options of live activities in Swedish and English: entered in the activity's set-up,
shown to phones and on the projector in the page language (the Finnish option standing in,
marked lang="fi", where a version is missing), and counted by the option, not its text."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from arki.core.activities import QuickPoll, Ranking, Scale
from arki.core.enums import ActivityState, Role
from arki.core.models import ActivityResponse, SessionActivity
from arki.core.services.live import activity_add, activity_set_state, session_open

POLL = {
    "question": "Miten tulit paikalle?",
    "choices": ["Bussilla", "Autolla", "Kävellen"],
    "choices_sv": ["Med buss", "Med bil", "Till fots"],
    "choices_en": [],
    "multiple": False,
}


@pytest.fixture
def session(process):
    return session_open(workshop=process.workshops.get(position=1), by=None)


@pytest.fixture
def poll(session):
    activity = activity_add(
        session=session,
        kind=QuickPoll.key,
        title=POLL["question"],
        title_sv="Hur kom du hit?",
        config=dict(POLL),
        by=None,
    )
    activity_set_state(activity=activity, state=ActivityState.OPEN, by=None)
    return activity


def _urls(language, session, activity):
    with translation.override(language):
        return (
            reverse("live:join", args=[session.code]),
            reverse("live:participant", args=[session.code]),
            reverse("live:answer", args=[session.code, activity.pk]),
        )


def _phone(language, session, activity):
    phone = Client()
    join, page, answer = _urls(language, session, activity)
    assert phone.post(join, {"label": ""}).status_code == 302
    return phone, page, answer


def test_a_swedish_phones_answer_counts_with_a_finnish_phones_for_the_same_option(session, poll):
    swedish, page, answer = _phone("sv", session, poll)
    html = swedish.get(page).content.decode()
    assert "Med buss" in html and "Hur kom du hit?" in html
    assert "Bussilla" not in html and POLL["question"] not in html
    assert swedish.post(answer, {f"a{poll.pk}-choice": "0"}).status_code == 302

    finnish, page, answer = _phone("fi", session, poll)
    assert "Bussilla" in finnish.get(page).content.decode()
    assert finnish.post(answer, {f"a{poll.pk}-choice": "0"}).status_code == 302

    assert [r.payload["choice"] for r in ActivityResponse.objects.all()] == ["0", "0"]
    with translation.override("sv"):
        rows = QuickPoll.results(poll)["rows"]
        assert [(row["text"], row["count"]) for row in rows] == [
            ("Med buss", 2),
            ("Med bil", 0),
            ("Till fots", 0),
        ]
    with translation.override("fi"):
        assert QuickPoll.results(poll)["rows"][0]["text"] == "Bussilla"
        assert QuickPoll.results(poll)["rows"][0]["count"] == 2


def test_a_missing_translation_shows_the_finnish_options_marked_on_phone_and_projector(
    session, poll, make_user, process
):
    english, page, _answer = _phone("en", session, poll)
    html = english.get(page).content.decode()
    assert '<span lang="fi">Bussilla</span>' in html
    assert f'<span lang="fi">{POLL["question"]}</span>' in html  # no English question either

    staff = Client()
    staff.force_login(make_user(Role.FACILITATOR, process=process))
    with translation.override("en"):
        projector = reverse("core:projector", args=[session.code])
    html = staff.get(projector).content.decode()
    assert '<th scope="row" lang="fi">Bussilla</th>' in html
    with translation.override("sv"):
        projector = reverse("core:projector", args=[session.code])
    html = staff.get(projector).content.decode()
    assert '<th scope="row">Med buss</th>' in html


def test_ranking_options_in_swedish_keep_the_order_of_the_finnish_ones(session):
    ranking = activity_add(
        session=session,
        kind=Ranking.key,
        title="Järjestä",
        config={
            "question": "Järjestä",
            "options": ["Bussi", "Taksi"],
            "options_sv": ["Buss", "Taxi"],
            "options_en": ["Bus", ""],
        },
        by=None,
    )
    activity_set_state(activity=ranking, state=ActivityState.OPEN, by=None)
    swedish, page, answer = _phone("sv", session, ranking)
    assert "Taxi" in swedish.get(page).content.decode()
    swedish.post(answer, {f"a{ranking.pk}-place_0": "2", f"a{ranking.pk}-place_1": "1"})
    assert ActivityResponse.objects.get().payload == {"order": [1, 0]}
    with translation.override("en"):
        rows = Ranking.results(ranking)["rows"]
    assert [(row["text"], row["lang"]) for row in rows] == [("Taksi", "fi"), ("Bus", "")]


def test_scale_end_labels_follow_the_page_language(session):
    scale = activity_add(
        session=session,
        kind=Scale.key,
        title="Kuinka tyytyväinen?",
        config={
            "question": "Kuinka tyytyväinen?",
            "low": 1,
            "high": 3,
            "low_label": "ei lainkaan",
            "low_label_sv": "inte alls",
            "high_label": "hyvin",
        },
        by=None,
    )
    with translation.override("sv"):
        rows = Scale.results(scale)["rows"]
        choices = str(Scale.answer_form(scale)["value"])
    assert [(row["text"], row["lang"]) for row in rows] == [
        ("1 – inte alls", ""),
        ("2", ""),
        ("3 – hyvin", "fi"),
    ]
    assert '<span lang="fi">3 – hyvin</span>' in choices and "1 – inte alls" in choices


def test_the_set_up_form_takes_the_options_in_swedish_and_english(
    client, session, make_user, process
):
    client.force_login(make_user(Role.FACILITATOR, process=process))
    url = reverse("core:activity_add", args=[session.code])
    data = {
        "kind": QuickPoll.key,
        "save": "1",
        "question": "Miten tulit?",
        "choices": "Bussilla\nAutolla",
        "choices_sv": "Med buss\nMed bil",
        "choices_en": "By bus",
        "tr-title_sv": "Hur kom du?",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # one English line for two Finnish options
    assert "Anna yhtä monta vaihtoehtoa kuin suomeksi (2)" in response.content.decode()
    assert not SessionActivity.objects.exists()

    response = client.post(url, {**data, "choices_en": "By bus\nBy car"})
    assert response.status_code == 302
    activity = SessionActivity.objects.get()
    assert activity.config["choices_sv"] == ["Med buss", "Med bil"]
    assert activity.config["choices_en"] == ["By bus", "By car"]
    assert activity.title_sv == "Hur kom du?"

    edit = client.get(reverse("core:activity_edit", args=[session.code, activity.pk]))
    assert "Med buss\nMed bil</textarea>" in edit.content.decode()
