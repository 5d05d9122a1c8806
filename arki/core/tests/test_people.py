"""Editing a participant: audit-logged, scoped, and announced to tools when a key changes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from arki.core.enums import AuditAction, Role
from arki.core.models import AuditEntry, Municipality, Person
from arki.core.registry import ToolManifest, registry
from arki.core.services.gdpr import person_erase
from arki.core.services.people import person_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    """A tool that records what the `person_changed` hook told it."""
    calls: list[tuple[str, str, dict]] = []

    def hook(person, old):
        calls.append((person.municipality.name, person.age_band, dict(old)))

    registry.register(ToolManifest(name="testlisten", label="x", person_changed=hook))
    yield calls
    registry.unregister("testlisten")


def test_key_change_is_announced_with_the_old_values(
    process, municipalities, make_person, make_user, announced
):
    kuhmo, kajaani = municipalities["Kuhmo"], municipalities["Kajaani"]
    person = make_person(process, kuhmo, age_band="75-84")
    by = make_user(Role.FACILITATOR, process=process)

    person_update(person=person, by=by, municipality=kajaani, age_band="65-74")

    assert announced == [("Kajaani", "65-74", {"municipality_id": kuhmo.pk, "age_band": "75-84"})]
    person.refresh_from_db()
    assert (person.municipality, person.age_band, person.code) == (kajaani, "65-74", "KUH-001")
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE)
    assert (entry.person, entry.actor, entry.detail) == (
        person,
        by,
        {"fields": ["municipality", "age_band"]},
    )


def test_other_fields_are_not_announced(process, municipalities, make_person, announced):
    person = make_person(process, municipalities["Kuhmo"])
    person_update(person=person, by=None, phone="040 111 3333", age_band="75-84")
    assert announced == []
    assert AuditEntry.objects.get().detail == {"fields": ["phone"]}
    person_update(person=person, by=None, phone="+358 40 1113333")  # the same: nothing logged
    assert AuditEntry.objects.count() == 1


def test_municipality_outside_the_process_is_refused(
    process, municipalities, make_person, announced
):
    person = make_person(process, municipalities["Kuhmo"])
    outside = Municipality.objects.exclude(pk__in=process.municipalities.all()).first()
    with pytest.raises(ValidationError):
        person_update(person=person, by=None, municipality=outside)
    person.refresh_from_db()
    assert person.municipality == municipalities["Kuhmo"] and announced == []


def test_erased_person_cannot_be_edited(process, municipalities, make_person, make_user):
    person = make_person(process, municipalities["Kuhmo"], full_name="Aino")
    person_erase(person=person, by=make_user(Role.ADMIN))
    with pytest.raises(ValidationError):
        person_update(person=person, by=None, full_name="Aino")
    assert Person.objects.get(pk=person.pk).full_name == ""


def test_edit_page_saves_through_the_service(
    client, process, municipalities, make_person, make_user
):
    person = make_person(process, municipalities["Kuhmo"], full_name="Aino")
    client.force_login(make_user(Role.CONTACT, process=process, municipality=person.municipality))
    url = reverse("core:person_edit", args=[process.slug, person.code])
    page = client.get(url).content.decode()
    assert 'value="Aino"' in page and "Kajaani" not in page  # own municipality only
    response = client.post(
        url,
        {
            "municipality": person.municipality_id,
            "age_band": "85+",
            "full_name": "Aino K.",
            "email": "",
            "phone": "",
            "language": "fi",
        },
    )
    assert response["Location"] == reverse("core:person_detail", args=[process.slug, person.code])
    person.refresh_from_db()
    assert (person.age_band, person.full_name) == ("85+", "Aino K.")


def test_edit_page_of_another_municipality_is_not_found(
    client, process, municipalities, make_person, make_user
):
    person = make_person(process, municipalities["Kuhmo"])
    client.force_login(
        make_user(Role.CONTACT, process=process, municipality=municipalities["Kajaani"])
    )
    url = reverse("core:person_edit", args=[process.slug, person.code])
    assert client.post(url, {"age_band": "85+"}).status_code == 404
    person.refresh_from_db()
    assert person.age_band == "75-84"
