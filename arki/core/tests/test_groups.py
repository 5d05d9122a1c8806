"""The project group, the planning group and one contact person per municipality."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from arki.core.enums import GroupKind, Role
from arki.core.models import GroupMember, Municipality
from arki.core.services.processes import group_member_add, group_member_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


def contact(process, code="205", name="Anna Kajaanilainen"):
    return group_member_add(
        process=process,
        group=GroupKind.PLANNING,
        name=name,
        organisation="Kajaanin kaupunki",
        municipality=Municipality.objects.get(code=code),
        is_contact_person=True,
        work_email="anna@kajaani.invalid",
    )


def test_one_contact_person_per_municipality(process):
    first = contact(process)
    with pytest.raises(ValidationError):
        contact(process, name="Toinen Yhteyshenkilö")
    kuhmo = contact(process, code="290", name="Pekka Kuhmolainen")
    with pytest.raises(ValidationError):
        group_member_update(member=kuhmo, by=None, municipality=first.municipality)
    kuhmo.refresh_from_db()
    assert kuhmo.municipality.code == "290"
    assert GroupMember.objects.filter(is_contact_person=True).count() == 2


def test_a_contact_person_needs_a_municipality_of_the_process(process):
    with pytest.raises(ValidationError):
        group_member_add(
            process=process, group=GroupKind.PLANNING, name="X", is_contact_person=True
        )
    outside = Municipality.objects.exclude(pk__in=process.municipalities.all()).first()
    assert outside is not None
    with pytest.raises(ValidationError):
        group_member_add(process=process, group=GroupKind.PLANNING, name="Y", municipality=outside)
    assert not GroupMember.objects.exists()


def test_facilitator_adds_edits_and_removes_members_shown_on_contacts(client, process, facilitator):
    client.force_login(facilitator)
    kajaani = Municipality.objects.get(code="205")
    response = client.post(
        reverse("core:group_member_create", args=[process.slug]),
        {
            "group": GroupKind.PLANNING,
            "name": "Anna Kajaanilainen",
            "organisation": "Kajaanin kaupunki",
            "title": "Hyvinvointikoordinaattori",
            "municipality": kajaani.pk,
            "is_contact_person": "on",
            "work_email": "anna@kajaani.invalid",
            "work_phone": "044 123 4567",
        },
    )
    assert response.status_code == 302
    member = GroupMember.objects.get()
    with translation.override("fi"):
        public = client.get(reverse("site:contacts", args=[process.slug])).content.decode()
    assert "Anna Kajaanilainen" in public and "anna@kajaani.invalid" in public

    duplicate = client.post(
        reverse("core:group_member_create", args=[process.slug]),
        {
            "group": GroupKind.PLANNING,
            "name": "Toinen",
            "municipality": kajaani.pk,
            "is_contact_person": "on",
        },
    )
    assert duplicate.status_code == 200 and GroupMember.objects.count() == 1

    client.post(
        reverse("core:group_member_edit", args=[process.slug, member.pk]),
        {"group": GroupKind.PROJECT, "name": "Anna K.", "organisation": "Kunta"},
    )
    member.refresh_from_db()
    assert (member.group, member.name, member.is_contact_person) == (
        GroupKind.PROJECT,
        "Anna K.",
        False,
    )
    delete = reverse("core:group_member_delete", args=[process.slug, member.pk])
    assert client.get(delete).status_code == 200 and GroupMember.objects.exists()
    client.post(delete)
    assert not GroupMember.objects.exists()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.CONTACT, Role.PLANNING])
def test_other_roles_cannot_change_groups(client, process, make_user, role):
    member = contact(process)
    client.force_login(make_user(role, process=process))
    responses = [
        client.get(reverse("core:group_list", args=[process.slug])),
        client.post(
            reverse("core:group_member_create", args=[process.slug]),
            {"group": GroupKind.PROJECT, "name": "Uusi"},
        ),
        client.post(
            reverse("core:group_member_edit", args=[process.slug, member.pk]),
            {"group": GroupKind.PROJECT, "name": "Muutettu"},
        ),
        client.post(reverse("core:group_member_delete", args=[process.slug, member.pk])),
    ]
    assert {r.status_code for r in responses} == {403}
    assert list(GroupMember.objects.values_list("name", flat=True)) == ["Anna Kajaanilainen"]
