"""Live sessions: joining, answering, paper answers, and every kind of bad input.

Bad input gets a clear message in the user's language and changes nothing else.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from arki.core.enums import ActivityState, Channel, Role
from arki.core.models import ActivityResponse, LiveSession, Seat
from arki.core.services.live import (
    activity_add,
    activity_set_state,
    seat_for_secret,
    session_close,
    session_open,
)


@pytest.fixture
def session(process):
    return session_open(workshop=process.workshops.get(position=1), by=None)


@pytest.fixture
def poll(session):
    activity = activity_add(
        session=session,
        kind="core.poll",
        title="Mikä palvelu on sinulle tärkein?",
        config={
            "question": "Mikä palvelu on sinulle tärkein?",
            "choices": ["Terveys", "Liikunta", "Kulttuuri"],
            "multiple": False,
        },
        by=None,
    )
    activity_set_state(activity=activity, state=ActivityState.OPEN, by=None)
    return activity


def join(client, session, **data):
    return client.post(reverse("live:join", args=[session.code]), data)


def answer(client, session, poll, choice, comment=""):
    return client.post(
        reverse("live:answer", args=[session.code, poll.pk]),
        {f"a{poll.pk}-choice": choice, f"a{poll.pk}-comment": comment},
    )


def test_join_code_is_six_unambiguous_characters(session):
    assert len(session.code) == 6
    assert not set(session.code) & set("01OIL")


def test_join_and_answer(client, session, poll):
    response = join(client, session, label="Matti")
    assert response.status_code == 302
    assert response["Location"] == reverse("live:participant", args=[session.code])
    page = client.get(response["Location"])
    assert "Mikä palvelu on sinulle tärkein?" in page.content.decode()
    response = answer(client, session, poll, "1")
    assert response.status_code == 302
    stored = ActivityResponse.objects.get()
    assert stored.payload == {"choice": "1", "comment": ""}
    assert stored.seat.label == "Matti"
    assert stored.channel == Channel.ONLINE


def test_join_code_is_case_and_space_insensitive(client, session):
    response = client.get(reverse("live:join_start"), {"code": f" {session.code.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == reverse("live:join", args=[session.code])


def test_seat_secret_is_stored_only_as_a_hash(client, session):
    join(client, session)
    secret = client.session["arki_seats"][str(session.pk)]
    seat = Seat.objects.get()
    assert secret not in seat.secret_hash
    assert seat_for_secret(session, secret) == seat
    assert seat_for_secret(session, "guess") is None


def test_wrong_code_gets_clear_message_in_finnish_and_english(client, session):
    response = client.get(reverse("live:join", args=["ZZZZZZ"]))
    assert response.status_code == 404
    assert "Koodilla ei löytynyt työpajaa" in response.content.decode()
    # The language switcher sends the visitor to the same page in the chosen language.
    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": reverse("live:join", args=["ZZZZZZ"])},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/en/join/ZZZZZZ/"
    assert "No workshop was found with this code" in response.content.decode()
    assert Seat.objects.count() == 0


def test_expired_session_refuses_joining(client, session):
    LiveSession.objects.filter(pk=session.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = join(client, session, label="Myöhäinen")
    assert response.status_code == 410
    assert "Työpajan istunto on päättynyt" in response.content.decode()
    assert Seat.objects.count() == 0


def test_closed_session_refuses_answers_and_changes_nothing(client, session, poll):
    join(client, session)
    answer(client, session, poll, "0")
    session_close(session=session, by=None)
    response = answer(client, session, poll, "2")
    assert response.status_code == 410
    assert "päättynyt" in response.content.decode()
    assert ActivityResponse.objects.get().payload["choice"] == "0"
    poll.refresh_from_db()
    assert poll.state == ActivityState.CLOSED


def test_double_submitted_answer_counts_once(client, session, poll):
    join(client, session)
    answer(client, session, poll, "2")
    response = answer(client, session, poll, "2")
    assert response.status_code == 302
    assert ActivityResponse.objects.count() == 1
    from arki.core.activities import QuickPoll

    results = QuickPoll.results(poll)
    assert results["respondents"] == 1
    assert [row["count"] for row in results["rows"]] == [0, 0, 1]


def test_changed_answer_replaces_the_earlier_one(client, session, poll):
    join(client, session)
    answer(client, session, poll, "2")
    answer(client, session, poll, "0")
    assert ActivityResponse.objects.get().payload["choice"] == "0"


def test_over_long_comment_is_refused_and_nothing_is_stored(client, session, poll):
    join(client, session)
    response = answer(client, session, poll, "1", comment="x" * 501)
    assert response.status_code == 400
    assert "enintään 500 merkkiä" in response.content.decode()
    assert ActivityResponse.objects.count() == 0


def test_over_long_name_is_refused(client, session):
    response = join(client, session, label="N" * 41)
    assert response.status_code == 400
    assert "enintään 40 merkkiä" in response.content.decode()
    assert Seat.objects.count() == 0


def test_invalid_choice_is_refused(client, session, poll):
    join(client, session)
    response = answer(client, session, poll, "7")
    assert response.status_code == 400
    assert ActivityResponse.objects.count() == 0


def test_answer_to_activity_not_open(client, session, poll):
    join(client, session)
    activity_set_state(activity=poll, state=ActivityState.CLOSED, by=None)
    response = answer(client, session, poll, "1")
    assert response.status_code == 409
    assert "ei ole nyt avoinna" in response.content.decode()
    assert ActivityResponse.objects.count() == 0


def test_answer_without_a_seat_sends_to_join(client, session, poll):
    response = answer(client, session, poll, "1")
    assert response.status_code == 302
    assert response["Location"] == reverse("live:join", args=[session.code])
    assert ActivityResponse.objects.count() == 0


def test_one_person_cannot_answer_as_another(client, session, poll):
    """Each browser has its own seat; the seat number is not a credential."""
    from django.test import Client

    join(client, session, label="Eka")
    other = Client()
    join(other, session, label="Toka")
    answer(client, session, poll, "0")
    answer(other, session, poll, "1")
    payloads = {r.seat.label: r.payload["choice"] for r in ActivityResponse.objects.all()}
    assert payloads == {"Eka": "0", "Toka": "1"}


def test_personal_code_links_the_seat_to_the_person(client, session, make_person, municipalities):
    person = make_person(session.workshop.process, municipalities["Kajaani"])
    join(client, session, access_code=person.access_code.lower())
    assert Seat.objects.get().person == person


def test_pseudonym_code_is_not_a_credential(client, session, make_person, municipalities):
    person = make_person(session.workshop.process, municipalities["Kajaani"])
    response = join(client, session, access_code=person.code)
    assert response.status_code == 400
    assert Seat.objects.count() == 0


def test_paper_answer_entered_by_facilitator(client, session, poll, make_user):
    facilitator = make_user(Role.FACILITATOR, process=session.workshop.process)
    client.force_login(facilitator)
    response = client.post(
        reverse("core:paper_entry", args=[session.code]),
        {"activity": poll.pk, "seat": "new", "label": "Paperi 1", f"a{poll.pk}-choice": "2"},
    )
    assert response.status_code == 302
    stored = ActivityResponse.objects.get()
    assert stored.channel == Channel.PAPER
    assert stored.entered_by == facilitator
    assert stored.seat.channel == Channel.PAPER


def test_invalid_paper_answer_keeps_nothing(client, session, poll, make_user):
    client.force_login(make_user(Role.FACILITATOR, process=session.workshop.process))
    response = client.post(
        reverse("core:paper_entry", args=[session.code]),
        {"activity": poll.pk, "seat": "new", "label": "Paperi 1"},
    )
    assert response.status_code == 400
    assert Seat.objects.count() == 0
    assert ActivityResponse.objects.count() == 0


@pytest.mark.parametrize("posted", ["", "kysely", "-1", str(10**20)])
def test_paper_answer_to_no_activity_is_not_found_and_keeps_nothing(
    client, session, poll, make_user, posted
):
    client.force_login(make_user(Role.FACILITATOR, process=session.workshop.process))
    response = client.post(
        reverse("core:paper_entry", args=[session.code]),
        {"activity": posted, "seat": "new", "label": "Paperi 1", f"a{poll.pk}-choice": "2"},
    )
    assert response.status_code == 404
    assert Seat.objects.count() == 0
    assert ActivityResponse.objects.count() == 0


def test_poll_config_needs_two_options(client, session, make_user):
    client.force_login(make_user(Role.FACILITATOR, process=session.workshop.process))
    response = client.post(
        reverse("core:activity_add", args=[session.code]),
        {"kind": "core.poll", "save": "1", "question": "Q", "choices": "Vain yksi"},
    )
    assert response.status_code == 200
    assert "vähintään kaksi" in response.content.decode()
    assert session.activities.count() == 0
