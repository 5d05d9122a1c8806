"""Parallel joins, enrolments, session openings and answers on PostgreSQL (issue 12,
findings 5, 10; issue 15's one-statement answer store).

Five identical posts at the same instant must end as one seat, one person or one session,
and none of them may fail with a server error.
"""

from __future__ import annotations

import uuid

from django.test import Client
from django.urls import reverse

from arki.core.enums import Role, SessionStatus
from arki.core.models import ActivityResponse, LiveSession, Person, Seat
from arki.core.services.live import activity_add, activity_set_state, session_open

from .parallel import POSTGRES_RACES, run_parallel

pytestmark = POSTGRES_RACES


def staff(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_parallel_joins_with_one_personal_code_make_one_seat(process, make_person, municipalities):
    session = session_open(workshop=process.workshops.get(position=1), by=None)
    person = make_person(process, municipalities["Kajaani"])
    url = reverse("live:join", args=[session.code])
    browsers = [Client() for _ in range(5)]
    statuses = run_parallel(
        [lambda b=b: b.post(url, {"access_code": person.access_code}).status_code for b in browsers]
    )
    assert statuses == [302] * 5
    assert Seat.objects.filter(session=session).count() == 1
    assert Seat.objects.get(session=session).person == person


def test_parallel_enrolments_of_one_form_enrol_one_person(process, municipalities, make_user):
    facilitator = make_user(Role.FACILITATOR, process=process)
    url = reverse("core:person_create", args=[process.slug])
    data = {
        "municipality": municipalities["Kajaani"].pk,
        "age_band": "75-84",
        "full_name": "Kerttu Kainuulainen",
        "language": "fi",
        "submission_key": str(uuid.uuid4()),
    }
    clients = [staff(facilitator) for _ in range(5)]
    responses = run_parallel([lambda c=c: c.post(url, data) for c in clients])
    assert [r.status_code for r in responses] == [302] * 5
    assert len({r["Location"] for r in responses}) == 1
    assert Person.objects.filter(process=process).count() == 1


def test_parallel_different_enrolments_all_succeed(process, municipalities, make_user):
    """Five staff enrol five people at once: all get distinct codes, nobody a 500."""
    facilitator = make_user(Role.FACILITATOR, process=process)
    url = reverse("core:person_create", args=[process.slug])

    def enrol(client: Client, n: int) -> int:
        data = {
            "municipality": municipalities["Kajaani"].pk,
            "age_band": "75-84",
            "full_name": f"Osallistuja {n}",
            "language": "fi",
            "submission_key": str(uuid.uuid4()),
        }
        return client.post(url, data).status_code

    clients = [staff(facilitator) for _ in range(5)]
    statuses = run_parallel([lambda c=c, n=n: enrol(c, n) for n, c in enumerate(clients)])
    assert statuses == [302] * 5
    codes = list(Person.objects.filter(process=process).values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 5


def test_parallel_session_opens_open_one_session(process, make_user):
    facilitator = make_user(Role.FACILITATOR, process=process)
    workshop = process.workshops.get(position=2)
    url = reverse("core:session_open", args=[process.slug, workshop.position])
    clients = [staff(facilitator) for _ in range(5)]
    responses = run_parallel([lambda c=c: c.post(url) for c in clients])
    assert [r.status_code for r in responses] == [302] * 5
    assert len({r["Location"] for r in responses}) == 1
    assert LiveSession.objects.filter(workshop=workshop, status=SessionStatus.OPEN).count() == 1


def test_a_room_joining_in_the_same_second_all_get_seats(process):
    """Thirty phones join an open session at the same instant: every one gets a seat with a
    number of its own, nobody an error page."""
    session = session_open(workshop=process.workshops.get(position=1), by=None)
    session.anonymous_seats = True
    session.save(update_fields=["anonymous_seats"])
    url = reverse("live:join", args=[session.code])
    phones = [Client() for _ in range(30)]

    statuses = run_parallel([lambda p=p: p.post(url, {}).status_code for p in phones])

    assert statuses == [302] * 30
    numbers = list(Seat.objects.filter(session=session).values_list("number", flat=True))
    assert sorted(numbers) == list(range(1, 31))


def test_first_answers_of_one_seat_at_the_same_instant_make_one_answer(process):
    """A participant's phone and tablet (one seat) send their first answer to a scale at the
    same instant: every post is taken (no error page) and the seat keeps one answer, one of
    those sent."""
    session = session_open(workshop=process.workshops.get(position=1), by=None)
    session.anonymous_seats = True
    session.save(update_fields=["anonymous_seats"])
    scale = activity_add(
        session=session,
        kind="core.scale",
        title="Kuinka tyytyväinen olet?",
        config={"question": "Kuinka tyytyväinen olet?", "low": 1, "high": 5},
        by=None,
    )
    activity_set_state(activity=scale, state="open", by=None)
    phone = Client()
    assert phone.post(reverse("live:join", args=[session.code]), {}).status_code == 302
    devices = [Client() for _ in range(5)]
    for device in devices:
        device.cookies = phone.cookies
    url = reverse("live:answer", args=[session.code, scale.pk])

    statuses = run_parallel(
        [
            lambda d=d, v=v: d.post(url, {f"a{scale.pk}-value": v}).status_code
            for v, d in enumerate(devices, start=1)
        ]
    )

    assert statuses == [302] * 5
    answers = list(ActivityResponse.objects.filter(activity=scale))
    assert len(answers) == 1
    assert answers[0].payload["value"] in {1, 2, 3, 4, 5}
