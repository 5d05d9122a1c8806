"""GDPR: export and erasure of a demo person, with the audit log entries."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from arki.core.enums import ActivityState, AuditAction, Role
from arki.core.models import ActivityResponse, AuditEntry, Consent, Person
from arki.core.services.live import activity_add, activity_set_state, seat_join, session_open
from arki.core.services.people import consent_record


@pytest.fixture
def person_with_data(process, municipalities, make_person):
    import datetime

    person = make_person(
        process,
        municipalities["Kuhmo"],
        full_name="Kerttu Kuhmolainen",
        email="kerttu@example.invalid",
        phone="040 123 4567",
    )
    consent_record(
        person=person,
        purpose="participation",
        text_version="2014-1",
        given_on=datetime.date(2014, 6, 1),
        method="paper",
    )
    session = session_open(workshop=process.workshops.get(position=1), by=None)
    poll = activity_add(
        session=session,
        kind="core.poll",
        title="Mikä on tärkeintä?",
        config={
            "question": "Mikä on tärkeintä?",
            "choices": ["Terveys", "Liikunta"],
            "multiple": False,
        },
        by=None,
    )
    activity_set_state(activity=poll, state=ActivityState.OPEN, by=None)
    seat, _ = seat_join(session=session, label="Kerttu", person=person)
    from arki.core.activities import QuickPoll

    QuickPoll.submit(
        activity=poll,
        seat=seat,
        cleaned_data={"choice": "0", "comment": "Terveyskeskus on kaukana"},
    )
    return person


def test_export_json_contains_everything_and_is_audited(
    client, process, person_with_data, make_user
):
    facilitator = make_user(Role.FACILITATOR, process=process)
    client.force_login(facilitator)
    url = reverse("core:person_export", args=[process.slug, person_with_data.code, "json"])
    response = client.get(url)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="arki-{person_with_data.code}.json"'
    )
    data = json.loads(response.content)
    core = data["tools"]["core"]["data"]
    assert core["name"] == "Kerttu Kuhmolainen"
    assert core["email"] == "kerttu@example.invalid"
    assert core["consents"][0]["text_version"] == "2014-1"
    assert core["workshop_answers"][0]["answer"]["comment"] == "Terveyskeskus on kaukana"
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == facilitator
    assert entry.person_code == person_with_data.code


def test_export_html_is_readable(client, process, person_with_data, make_user):
    client.force_login(make_user(Role.FACILITATOR, process=process))
    url = reverse("core:person_export", args=[process.slug, person_with_data.code, "html"])
    content = client.get(url).content.decode()
    assert "Kerttu Kuhmolainen" in content
    assert "Terveyskeskus on kaukana" in content
    assert "<script" not in content


def test_erasure_removes_identity_keeps_counts(client, process, person_with_data, make_user):
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    url = reverse("core:person_erase", args=[process.slug, person_with_data.code])
    response = client.post(url, {"confirm_code": person_with_data.code.lower()})
    assert response.status_code == 302
    person = Person.objects.get(pk=person_with_data.pk)
    assert (person.full_name, person.email, person.phone) == ("", "", "")
    assert person.erased_at is not None
    assert person.municipality.name == "Kuhmo"  # aggregate figures by municipality stay true
    assert Consent.objects.filter(person=person).count() == 0
    answer = ActivityResponse.objects.get()
    assert answer.payload == {"choice": "0", "comment": ""}  # the vote still counts
    entry = AuditEntry.objects.get(action=AuditAction.ERASE)
    assert entry.actor == admin
    assert entry.detail["core"] == {
        "identity_fields": 3,
        "consents": 1,
        "comments": 1,
        "accounts_closed": 0,
        "job_files": 0,
    }
    export = client.get(reverse("core:person_export", args=[process.slug, person.code, "json"]))
    assert b"Kerttu" not in export.content


def test_erasure_needs_the_code_typed(client, process, person_with_data, make_user):
    client.force_login(make_user(Role.ADMIN))
    url = reverse("core:person_erase", args=[process.slug, person_with_data.code])
    response = client.post(url, {"confirm_code": "WRONG-1"})
    assert response.status_code == 400
    assert Person.objects.get(pk=person_with_data.pk).full_name == "Kerttu Kuhmolainen"
    assert not AuditEntry.objects.filter(action=AuditAction.ERASE).exists()


def test_viewing_identity_is_audited(client, process, person_with_data, make_user):
    viewer = make_user(Role.CONTACT, process=process, municipality=person_with_data.municipality)
    client.force_login(viewer)
    client.get(reverse("core:person_detail", args=[process.slug, person_with_data.code]))
    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert entry.actor == viewer
    assert entry.person == person_with_data


def test_minor_needs_guardian_consent(process, municipalities, make_person):
    import datetime

    from django.core.exceptions import ValidationError

    minor = make_person(process, municipalities["Kajaani"], age_band="13-17")
    with pytest.raises(ValidationError):
        consent_record(
            person=minor,
            purpose="participation",
            text_version="1",
            given_on=datetime.date(2014, 6, 1),
            method="paper",
        )
    assert minor.consents.count() == 0
    consent_record(
        person=minor,
        purpose="participation",
        text_version="1",
        given_on=datetime.date(2014, 6, 1),
        method="paper",
        by_guardian=True,
        guardian_name="Hanna Huoltaja",
    )
    assert minor.consents.get().guardian_name == "Hanna Huoltaja"


def test_pseudonym_codes_are_sequential_per_municipality(process, municipalities, make_person):
    first = make_person(process, municipalities["Kajaani"])
    second = make_person(process, municipalities["Kajaani"])
    other = make_person(process, municipalities["Kuhmo"])
    assert (first.code, second.code, other.code) == ("KAJ-001", "KAJ-002", "KUH-001")
    assert first.access_code != second.access_code
    assert len(first.access_code) == 10


def test_consent_form_refuses_minor_without_guardian(
    client, process, municipalities, make_person, make_user
):
    minor = make_person(process, municipalities["Kuhmo"], age_band="13-17")
    client.force_login(make_user(Role.FACILITATOR, process=process))
    url = reverse("core:consent_add", args=[process.slug, minor.code])
    data = {
        "purpose": "participation",
        "text_version": "1",
        "given_on": "2014-06-01",
        "method": "paper",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "huoltajan suostumuksen" in response.content.decode()
    assert minor.consents.count() == 0
    response = client.post(url, {**data, "by_guardian": "on", "guardian_name": "Hanna Huoltaja"})
    assert response.status_code == 302
    assert minor.consents.get().guardian_name == "Hanna Huoltaja"


def test_erasure_closes_the_account_and_ends_its_sessions(
    client, process, municipalities, make_person, make_user
):
    from django.contrib.sessions.models import Session

    from arki.core.models import User
    from arki.core.services.gdpr import person_erase

    user = User.objects.create_user(
        username="kerttu", email="kerttu@example.invalid", password="pw-for-tests-1"
    )
    person = make_person(process, municipalities["Kuhmo"], full_name="Kerttu K", user=user)
    assert client.login(username="kerttu", password="pw-for-tests-1")
    session_key = client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()
    old_code = person.access_code
    person_erase(person=person, by=make_user(Role.ADMIN))
    user.refresh_from_db()
    assert user.username.startswith("erased-") and not user.is_active
    assert (user.email, user.has_usable_password()) == ("", False)
    assert not Session.objects.filter(session_key=session_key).exists()
    person.refresh_from_db()
    assert person.access_code != old_code and person.user is None


def test_an_account_another_live_person_uses_stays_open(
    process, municipalities, make_person, make_user
):
    import datetime

    from arki.core.models import Municipality, Region, User
    from arki.core.services.gdpr import person_erase
    from arki.core.services.processes import process_create_from_template

    other_process = process_create_from_template(
        template="kainuu-2014-2016",
        name="Toinen",
        slug="toinen",
        region=Region.objects.get(code="20"),
        municipalities=list(Municipality.objects.filter(name="Kuhmo")),
        first_workshop_on=datetime.date(2015, 6, 12),
    )
    user = User.objects.create_user(username="kerttu", password="pw-for-tests-1")
    first = make_person(process, municipalities["Kuhmo"], user=user)
    second = make_person(other_process, municipalities["Kuhmo"], user=user)
    admin = make_user(Role.ADMIN)
    person_erase(person=first, by=admin)
    user.refresh_from_db()
    assert (user.username, user.is_active) == ("kerttu", True)
    person_erase(person=second, by=admin)
    user.refresh_from_db()
    assert user.username.startswith("erased-") and not user.is_active
