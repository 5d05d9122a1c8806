"""Local sittings: a workshop held in several municipalities, each with its own sessions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from arki.core.enums import Role
from arki.core.models import LiveSession, Municipality, Sitting
from arki.core.services.live import seat_join, session_close, session_open
from arki.core.services.processes import sitting_create, sitting_delete

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 17) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2014, 9, day, hour))


@pytest.fixture
def workshop(process):
    return process.workshops.get(position=1)


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


def sitting(workshop, code="205", day=1, **extra):
    return sitting_create(
        workshop=workshop,
        municipality=Municipality.objects.get(code=code),
        place="Kaukametsä",
        starts_at=at(day),
        **extra,
    )


def test_a_sitting_is_held_in_a_municipality_of_the_process(workshop):
    outside = Municipality.objects.create(
        region=Municipality.objects.get(code="205").region,
        code="999",
        name="Muu",
        abbreviation="MUU",
    )
    with pytest.raises(ValidationError):
        sitting(workshop, code="999")
    with pytest.raises(ValidationError):
        sitting_create(workshop=workshop, place="X", starts_at=at(2), ends_at=at(2, 9))
    assert not Sitting.objects.exists()
    assert outside.sittings.count() == 0


def test_sessions_belong_to_their_sitting_and_one_runs_at_a_time(workshop, facilitator):
    kajaani, kuhmo = sitting(workshop), sitting(workshop, code="290", day=8)
    first = session_open(workshop=workshop, by=facilitator, sitting=kajaani)
    assert first.sitting == kajaani
    assert session_open(workshop=workshop, by=facilitator, sitting=kajaani) == first
    with pytest.raises(ValidationError):
        session_open(workshop=workshop, by=facilitator, sitting=kuhmo)
    session_close(session=first, by=facilitator)
    second = session_open(workshop=workshop, by=facilitator, sitting=kuhmo)
    assert second.sitting == kuhmo
    other_workshop = workshop.process.workshops.get(position=2)
    with pytest.raises(ValidationError):
        session_open(workshop=other_workshop, by=facilitator, sitting=kajaani)


def test_a_sitting_with_sessions_cannot_be_removed(workshop, facilitator):
    used, empty = sitting(workshop), sitting(workshop, code="290", day=8)
    session_open(workshop=workshop, by=facilitator, sitting=used)
    with pytest.raises(ValidationError):
        sitting_delete(sitting=used)
    assert Sitting.objects.filter(pk=used.pk).exists()
    sitting_delete(sitting=empty)
    assert not Sitting.objects.filter(pk=empty.pk).exists()


def test_facilitator_adds_edits_and_removes_a_sitting(client, workshop, facilitator):
    client.force_login(facilitator)
    slug = workshop.process.slug
    kuhmo = Municipality.objects.get(code="290")
    response = client.post(
        reverse("core:sitting_create", args=[slug, 1]),
        {
            "municipality": kuhmo.pk,
            "place": "Kuhmon kirjasto",
            "starts_at": "2014-09-08T17:00",
            "ends_at": "2014-09-08T20:00",
            "how_to_take_part": "Tule paikalle, kahvia tarjolla.",
        },
    )
    assert response.status_code == 302
    created = Sitting.objects.get()
    assert (created.municipality, created.place) == (kuhmo, "Kuhmon kirjasto")
    assert created.created_by == facilitator

    detail = client.get(reverse("core:workshop_detail", args=[slug, 1])).content.decode()
    assert "Kuhmon kirjasto" in detail

    edit = reverse("core:sitting_edit", args=[slug, 1, created.pk])
    client.post(
        edit, {"municipality": kuhmo.pk, "place": "Kuhmo-talo", "starts_at": "2014-09-08T17:00"}
    )
    created.refresh_from_db()
    assert created.place == "Kuhmo-talo"

    delete = reverse("core:sitting_delete", args=[slug, 1, created.pk])
    confirm = client.get(delete)
    assert confirm.status_code == 200 and Sitting.objects.filter(pk=created.pk).exists()
    client.post(delete)
    assert not Sitting.objects.exists()


def test_removing_a_sitting_with_sessions_is_refused_on_the_page(client, workshop, facilitator):
    used = sitting(workshop)
    session_open(workshop=workshop, by=facilitator, sitting=used)
    client.force_login(facilitator)
    client.post(reverse("core:sitting_delete", args=[workshop.process.slug, 1, used.pk]))
    assert Sitting.objects.filter(pk=used.pk).exists()
    assert LiveSession.objects.filter(sitting=used).count() == 1


@pytest.mark.parametrize("role", [Role.ANALYST, Role.CONTACT, Role.PLANNING])
def test_other_roles_cannot_change_sittings(client, workshop, make_user, role):
    existing = sitting(workshop)
    client.force_login(make_user(role, process=workshop.process))
    slug = workshop.process.slug
    create = client.post(
        reverse("core:sitting_create", args=[slug, 1]),
        {"place": "X", "starts_at": "2014-09-08T17:00"},
    )
    edit = client.post(
        reverse("core:sitting_edit", args=[slug, 1, existing.pk]),
        {"place": "Muutettu", "starts_at": "2014-09-08T17:00"},
    )
    delete = client.post(reverse("core:sitting_delete", args=[slug, 1, existing.pk]))
    assert {create.status_code, edit.status_code, delete.status_code} == {403}
    assert list(Sitting.objects.values_list("place", flat=True)) == ["Kaukametsä"]


def test_session_opened_for_a_sitting_from_the_workshop_page(client, workshop, facilitator):
    chosen = sitting(workshop)
    client.force_login(facilitator)
    client.post(
        reverse("core:session_open", args=[workshop.process.slug, 1]), {"sitting": chosen.pk}
    )
    assert LiveSession.objects.get().sitting == chosen


def test_quick_poll_results_split_per_sitting_and_municipality(workshop, facilitator):
    from arki.core.activities.poll import QuickPoll, workshop_poll_results
    from arki.core.services.live import activity_add

    config = {"question": "Kulkeeko bussi?", "choices": ["Kyllä", "Ei"], "multiple": False}
    places = [("205", 1, [0, 0, 1]), ("205", 2, [1]), ("290", 8, [1, 1]), ("765", 15, [0])]
    for code, day, answers in places:
        here = sitting(workshop, code=code, day=day)
        session = session_open(workshop=workshop, by=facilitator, sitting=here)
        poll = activity_add(
            session=session, kind="core.poll", title="Bussi", config=config, by=facilitator
        )
        for choice in answers:
            seat, _secret = seat_join(session=session)
            QuickPoll.submit(activity=poll, seat=seat, cleaned_data={"choice": str(choice)})
        session_close(session=session, by=facilitator)

    (split,) = workshop_poll_results(workshop)
    assert [c.counts for c in split.by_sitting] == [[2, 1], [0, 1], [0, 2], [1, 0]]
    by_town = {c.label: c.counts for c in split.by_municipality}
    assert by_town == {"Kajaani": [2, 2], "Kuhmo": [0, 2], "Sotkamo": [1, 0]}
    assert split.whole is not None
    assert split.whole.counts == [3, 4] and split.whole.respondents == 7
    assert split.rows[0] == ("Kyllä", [2, 0, 0, 1, 2, 0, 1, 3])


def test_public_workshop_page_lists_the_sittings(client, workshop):
    sitting(workshop, how_to_take_part="Ilmoittaudu kirjastoon.", how_to_take_part_sv="Anmäl dig.")
    sitting(workshop, code="290", day=8)
    url = reverse("site:workshop", args=[workshop.process.slug, 1])
    with translation.override("fi"):
        page = client.get(url).content.decode()
    assert "Ilmoittaudu kirjastoon." in page
    assert "Kuhmo" in page and page.count("Kaukametsä") == 2
