"""Setting up a process: from the Kainuu template, blank, or as a copy of an earlier one."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from arki.core.enums import GroupKind, Role
from arki.core.models import (
    ActivityResponse,
    LiveSession,
    Municipality,
    Person,
    Process,
    RoleAssignment,
    Sitting,
)
from arki.core.services.live import activity_add, seat_join, session_open
from arki.core.services.people import person_create
from arki.core.services.processes import (
    group_member_add,
    process_copy_structure,
    sitting_create,
    workshop_publish,
    workshop_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


@pytest.fixture
def lived_in(process, facilitator):
    """The process after a workshop: a participant, a group member, a sitting, a session with
    an answer, published results."""
    kajaani = Municipality.objects.get(code="205")
    workshop = process.workshops.get(position=1)
    person_create(process=process, municipality=kajaani, age_band="65-74", full_name="Salainen")
    group_member_add(process=process, group=GroupKind.PROJECT, name="Projektilainen")
    sitting = sitting_create(
        workshop=workshop,
        municipality=kajaani,
        place="Kaupungintalo",
        starts_at=timezone.make_aware(datetime.datetime(2014, 6, 12, 9)),
        facilitator=facilitator,
    )
    session = session_open(workshop=workshop, by=facilitator, sitting=sitting)
    poll = activity_add(
        session=session,
        kind="core.poll",
        title="Kysely",
        config={"question": "?", "choices": ["a", "b"], "multiple": False},
        by=facilitator,
    )
    seat, _secret = seat_join(session=session)
    ActivityResponse.objects.create(
        activity=poll, seat=seat, payload={"choice": "0"}, channel="online"
    )
    workshop_update(
        workshop=workshop, by=facilitator, results_summary="Tulokset", participant_count=9
    )
    workshop_publish(workshop=workshop, by=facilitator)
    return process


def test_a_copy_has_the_structure_and_nothing_about_people(lived_in, make_user):
    source = lived_in
    kajaani, kuhmo = Municipality.objects.get(code="205"), Municipality.objects.get(code="290")
    copy = process_copy_structure(
        source=source,
        name="Toinen kierros",
        slug="toinen",
        region=source.region,
        municipalities=[kajaani, kuhmo],
        first_workshop_on=datetime.date(2020, 6, 11),
    )
    assert copy.seasons.count() == source.seasons.count()
    assert copy.phases.count() == source.phases.count()
    assert list(copy.workshops.values_list("position", "title", "activities")) == list(
        source.workshops.values_list("position", "title", "activities")
    )
    first = copy.workshops.get(position=1)
    assert first.date == datetime.date(2020, 6, 11)
    shift = first.date - source.workshops.get(position=1).date
    assert copy.workshops.get(position=10).date == source.workshops.get(position=10).date + shift
    (sitting,) = Sitting.objects.filter(workshop__process=copy)
    assert sitting.municipality == kajaani and sitting.facilitator is None
    assert sitting.starts_at.date() == datetime.date(2020, 6, 11)

    assert not Person.objects.filter(process=copy).exists()
    assert not copy.group_members.exists()
    assert not LiveSession.objects.filter(workshop__process=copy).exists()
    assert not ActivityResponse.objects.filter(activity__session__workshop__process=copy).exists()
    assert not RoleAssignment.objects.filter(process=copy).exists()
    assert not copy.meetings.exists()
    assert not copy.news.exists()
    assert (
        not first.is_published and first.results_summary == "" and first.participant_count is None
    )
    # The source is untouched.
    assert Person.objects.filter(process=source).count() == 1
    assert ActivityResponse.objects.filter(activity__session__workshop__process=source).count() == 1


def _form(**extra):
    kainuu = Municipality.objects.filter(code__in=["205", "290"])
    return {
        "name": "Uusi prosessi",
        "slug": "uusi",
        "municipalities": [m.pk for m in kainuu],
        "first_workshop_on": "2020-06-11",
        **extra,
    }


def test_facilitator_creates_a_blank_process(client, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("core:process_create"), _form(template="blank", first_workshop_on="")
    )
    assert response.status_code == 302
    process = Process.objects.get(slug="uusi")
    assert not process.workshops.exists() and not process.phases.exists()
    assert RoleAssignment.objects.filter(user=facilitator, process=process, role="facilitator")


def test_facilitator_copies_a_process_they_manage(client, lived_in, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("core:process_create"), _form(template="copy", copy_from=lived_in.pk)
    )
    assert response.status_code == 302
    copy = Process.objects.get(slug="uusi")
    assert copy.workshops.count() == lived_in.workshops.count()
    assert not Person.objects.filter(process=copy).exists()


def test_a_process_the_user_does_not_manage_cannot_be_copied(client, lived_in, make_user):
    from arki.core.services.processes import process_create_blank

    elsewhere = process_create_blank(
        name="Muu", slug="muu", region=lived_in.region, municipalities=[]
    )
    other = make_user(Role.FACILITATOR, process=elsewhere)
    RoleAssignment.objects.create(user=other, role=Role.ANALYST, process=lived_in)
    client.force_login(other)
    response = client.post(
        reverse("core:process_create"), _form(template="copy", copy_from=lived_in.pk)
    )
    assert response.status_code == 200  # the form refuses: not a choice
    assert not Process.objects.filter(slug="uusi").exists()


def test_copy_needs_a_source_and_templates_need_a_date(client, facilitator):
    client.force_login(facilitator)
    no_source = client.post(reverse("core:process_create"), _form(template="copy"))
    no_date = client.post(
        reverse("core:process_create"), _form(template="kainuu-2014-2016", first_workshop_on="")
    )
    assert no_source.status_code == no_date.status_code == 200
    assert not Process.objects.filter(slug="uusi").exists()


def _other_region():
    """Tampere, shipped with Statistics Finland's classification (Pirkanmaa's county, 08)."""
    return Municipality.objects.get(code="837")


def test_the_set_up_page_lists_municipalities_under_their_region(client, facilitator):
    tampere = _other_region()
    kajaani = Municipality.objects.get(code="205")
    client.force_login(facilitator)
    page = client.get(reverse("core:process_create")).content.decode()
    pattern = (
        r'<fieldset class="choice-group region-group" data-region="\d+">'
        r"<legend>(.*?)</legend>(.*?)</fieldset>"
    )
    by_region = dict(re.findall(pattern, page, re.S))
    assert set(by_region) >= {"Kainuun hyvinvointialue", "Pirkanmaan hyvinvointialue"}
    assert f'value="{tampere.pk}"' in by_region["Pirkanmaan hyvinvointialue"]
    assert f'value="{kajaani.pk}"' in by_region["Kainuun hyvinvointialue"]
    assert f'value="{tampere.pk}"' not in by_region["Kainuun hyvinvointialue"]


def test_municipalities_of_two_regions_are_refused_and_nothing_is_created(client, facilitator):
    tampere = _other_region()
    client.force_login(facilitator)
    data = _form(template="blank", first_workshop_on="")
    data["municipalities"].append(tampere.pk)
    response = client.post(reverse("core:process_create"), data)
    assert response.status_code == 200
    assert (
        "Valitse vain yhden alueen kunnat; valitsit kuntia alueilta Kainuun hyvinvointialue, "
        "Pirkanmaan hyvinvointialue."
    ) in response.content.decode()
    assert not Process.objects.filter(slug="uusi").exists()
    assert not RoleAssignment.objects.filter(user=facilitator, process__slug="uusi").exists()
