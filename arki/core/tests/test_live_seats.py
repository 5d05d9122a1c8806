"""One seat per person, the anonymous-seats setting, one open session per workshop, the
rotated session key on joining, and enrolment forms sent twice (issue 12, findings 5, 10, 14).
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arki.core.enums import Channel, Role, SessionStatus
from arki.core.models import LiveSession, Person, Seat
from arki.core.services import people as people_services
from arki.core.services.live import seat_for_secret, seat_join, session_open


@pytest.fixture
def session(process):
    return session_open(workshop=process.workshops.get(position=1), by=None)


@pytest.fixture
def person(session, make_person, municipalities):
    return make_person(session.workshop.process, municipalities["Kajaani"])


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


def join(client, session, **data):
    return client.post(reverse("live:join", args=[session.code]), data)


def my_seat(client, session) -> Seat | None:
    return seat_for_secret(session, client.session.get("arki_seats", {}).get(str(session.pk)))


# --- one seat per person --------------------------------------------------------------------


def test_joining_twice_with_one_personal_code_gives_one_seat(session, person):
    first = Client()
    second = Client()
    assert join(first, session, access_code=person.access_code).status_code == 302
    assert join(second, session, access_code=person.access_code.lower()).status_code == 302
    seat = Seat.objects.get()
    assert seat.person == person
    # The code is the credential: the seat moved to the browser that joined last.
    assert my_seat(second, session) == seat
    assert my_seat(first, session) is None
    response = first.get(reverse("live:participant", args=[session.code]))
    assert response["Location"] == reverse("live:join", args=[session.code])


def test_seat_join_returns_the_persons_seat_with_a_new_secret(session, person):
    seat, old_secret = seat_join(session=session, person=person, label="Kerttu")
    again, new_secret = seat_join(session=session, person=person, label="Toinen nimi")
    assert again.pk == seat.pk
    assert (again.number, again.label) == (seat.number, "Kerttu")
    assert new_secret != old_secret
    assert seat_for_secret(session, new_secret) == seat
    assert seat_for_secret(session, old_secret) is None
    assert Seat.objects.count() == 1


def test_database_allows_one_seat_per_person_but_many_anonymous(session, person):
    seat_join(session=session, person=person)
    seat_join(session=session, label="A")
    seat_join(session=session, label="B")
    with pytest.raises(IntegrityError), transaction.atomic():
        Seat.objects.create(session=session, number=99, secret_hash="x" * 64, person=person)
    assert Seat.objects.filter(person=person).count() == 1
    assert Seat.objects.count() == 3


# --- anonymous seats ----------------------------------------------------------------------


def test_anonymous_join_refused_when_the_facilitator_turned_it_off(
    client, session, person, facilitator
):
    staff = Client()
    staff.force_login(facilitator)
    console = staff.get(reverse("core:session_console", args=[session.code]))
    assert "Osallistuminen ilman henkilökohtaista koodia" in console.content.decode()
    response = staff.post(reverse("core:session_settings", args=[session.code]), {})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.anonymous_seats is False

    page = client.get(reverse("live:join", args=[session.code]))
    assert "henkilökohtaisella" in page.content.decode()
    response = join(client, session, label="Nimetön")
    assert response.status_code == 400
    assert "Tämä työpaja on ilmoittautuneille" in response.content.decode()
    assert Seat.objects.count() == 0
    # An enrolled person still joins, and staff can still enter a paper participant.
    assert join(client, session, access_code=person.access_code).status_code == 302
    seat_join(session=session, label="Paperi 1", channel=Channel.PAPER, by=facilitator)
    assert sorted(Seat.objects.values_list("channel", flat=True)) == [
        Channel.ONLINE,
        Channel.PAPER,
    ]


def test_anonymous_seats_are_allowed_by_default(client, session):
    assert session.anonymous_seats is True
    assert join(client, session, label="Vieras").status_code == 302
    assert Seat.objects.get().person is None


def test_only_the_facilitator_changes_the_setting(session, make_user, process):
    analyst = Client()
    analyst.force_login(make_user(Role.ANALYST, process=process))
    response = analyst.post(reverse("core:session_settings", args=[session.code]), {})
    assert response.status_code == 403
    session.refresh_from_db()
    assert session.anonymous_seats is True


# --- the session key ------------------------------------------------------------------------


def test_joining_rotates_the_session_key(client, session):
    before = client.session
    before["earlier"] = "kept"
    before.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = before.session_key
    assert join(client, session, label="Matti").status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before.session_key
    assert not before.exists(before.session_key)
    assert client.session["earlier"] == "kept"
    assert my_seat(client, session) == Seat.objects.get()


# --- one open session per workshop ----------------------------------------------------------


def test_opening_twice_returns_the_open_session(session, facilitator):
    again = session_open(workshop=session.workshop, by=facilitator)
    assert again.pk == session.pk
    assert LiveSession.objects.filter(workshop=session.workshop).count() == 1


def test_open_session_form_sent_twice_opens_one(client, process, facilitator):
    workshop = process.workshops.get(position=2)
    client.force_login(facilitator)
    url = reverse("core:session_open", args=[process.slug, workshop.position])
    first = client.post(url, follow=True)
    second = client.post(url, follow=True)
    session = LiveSession.objects.get(workshop=workshop)
    assert first.redirect_chain[-1][0] == second.redirect_chain[-1][0]
    assert session.code in second.redirect_chain[-1][0]
    assert "on jo avoin" in second.content.decode()


def test_an_expired_open_session_is_closed_when_a_new_one_opens(session):
    LiveSession.objects.filter(pk=session.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    fresh = session_open(workshop=session.workshop, by=None)
    assert fresh.pk != session.pk and fresh.is_open
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED


def test_database_allows_one_open_session_per_workshop(session):
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveSession.objects.create(
            workshop=session.workshop, code="ZZZZZZ", expires_at=session.expires_at
        )
    LiveSession.objects.create(
        workshop=session.workshop,
        code="YYYYYY",
        expires_at=session.expires_at,
        status=SessionStatus.CLOSED,
    )


# --- enrolment sent twice -------------------------------------------------------------------


def enrol_data(municipalities, key):
    return {
        "municipality": municipalities["Kajaani"].pk,
        "age_band": "75-84",
        "full_name": "Kerttu Kainuulainen",
        "language": "fi",
        "submission_key": str(key),
    }


def test_enrolment_form_sent_twice_enrols_one_person(client, process, municipalities, make_user):
    client.force_login(make_user(Role.FACILITATOR, process=process))
    url = reverse("core:person_create", args=[process.slug])
    form = client.get(url).content.decode()
    assert 'name="submission_key"' in form
    data = enrol_data(municipalities, uuid.uuid4())
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Person.objects.filter(full_name="Kerttu Kainuulainen").count() == 1
    client.post(url, enrol_data(municipalities, uuid.uuid4()))
    assert Person.objects.filter(full_name="Kerttu Kainuulainen").count() == 2


def test_enrolment_racing_for_the_same_pseudonym_takes_the_next(
    process, municipalities, make_person, monkeypatch
):
    """Two enrolments read the same "next" code; the loser gets the next one, not a 500.

    The race is staged by handing the second enrolment the code the first already took.
    """
    kajaani = municipalities["Kajaani"]
    taken = make_person(process, kajaani)
    real_next = people_services._next_pseudonym
    calls = []

    def stale_then_real(process_, municipality):
        calls.append(1)
        return taken.code if len(calls) == 1 else real_next(process_, municipality)

    monkeypatch.setattr(people_services, "_next_pseudonym", stale_then_real)
    person = people_services.person_create(process=process, municipality=kajaani, age_band="75-84")
    assert person.code != taken.code
    assert Person.objects.filter(process=process).count() == 2
