"""The permission matrix: every core view, every role (and anonymous), the expected answer.

Roles are scoped: the Kuhmo contact person sees Kuhmo's participants, not Sotkamo's. A denied
write must change nothing.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from arki.core.enums import ActivityState, Role
from arki.core.models import Consent, LiveSession, Meeting, Person, Workshop
from arki.core.services.live import activity_add, activity_set_state, session_open

ROLES = [
    "anonymous",
    Role.FACILITATOR,
    Role.PLANNING,
    "contact_kuhmo",
    "contact_sotkamo",
    Role.ANALYST,
    Role.DECISION_MAKER,
    Role.RESIDENT,
    Role.VOLUNTEER,
    Role.COORDINATOR,
    Role.ADMIN,
]
VIEWERS = {
    Role.FACILITATOR,
    Role.PLANNING,
    "contact_kuhmo",
    "contact_sotkamo",
    Role.ANALYST,
    Role.DECISION_MAKER,
    Role.COORDINATOR,
    Role.ADMIN,
}
MANAGERS = {Role.FACILITATOR, Role.ADMIN}
MEETING_ROLES = {Role.FACILITATOR, Role.PLANNING, "contact_kuhmo", "contact_sotkamo", Role.ADMIN}
PEOPLE_ROLES = {Role.FACILITATOR, "contact_kuhmo", "contact_sotkamo", Role.ADMIN}
KUHMO_PEOPLE = {Role.FACILITATOR, "contact_kuhmo", Role.ADMIN}

# view name -> (url kwargs builder key, roles that get 200); others get 403 (404 where the
# object is outside their municipality), anonymous users are sent to log in.
MATRIX = {
    "dashboard": ("none", VIEWERS | {Role.RESIDENT, Role.VOLUNTEER}),
    "process_create": ("none", MANAGERS),
    "process_detail": ("slug", VIEWERS),
    "workshop_list": ("slug", VIEWERS),
    "metrics": ("slug", VIEWERS),
    "workshop_detail": ("workshop", VIEWERS),
    "workshop_edit": ("workshop", MANAGERS),
    "meeting_list": ("slug", MEETING_ROLES),
    "meeting_detail": ("meeting", MEETING_ROLES),
    "person_list": ("slug", PEOPLE_ROLES),
    "person_create": ("slug", PEOPLE_ROLES),
    "person_detail": ("person", KUHMO_PEOPLE),
    "person_export": ("export", MANAGERS),
    "person_erase": ("person", {Role.ADMIN}),
    "audit_log": ("slug", {Role.ADMIN}),
    "session_console": ("session", MANAGERS),
    "paper_entry": ("session", MANAGERS),
    "projector": ("session", VIEWERS),
    "projector_results": ("session", VIEWERS),
}


@pytest.fixture
def world(process, municipalities, make_user, make_person):
    users = {}
    for role in ROLES:
        if role == "anonymous":
            continue
        if role == "contact_kuhmo":
            users[role] = make_user(
                Role.CONTACT, process=process, municipality=municipalities["Kuhmo"]
            )
        elif role == "contact_sotkamo":
            users[role] = make_user(
                Role.CONTACT, process=process, municipality=municipalities["Sotkamo"]
            )
        elif role == Role.ADMIN:
            users[role] = make_user(Role.ADMIN)
        else:
            users[role] = make_user(role, process=process)
    kuhmo_person = make_person(process, municipalities["Kuhmo"], full_name="Kerttu Kuhmolainen")
    sotkamo_person = make_person(process, municipalities["Sotkamo"], full_name="Sulo Sotkamolainen")
    workshop = process.workshops.get(position=1)
    session = session_open(workshop=workshop, by=None)
    activity = activity_add(
        session=session,
        kind="core.poll",
        title="Q",
        config={"question": "Q", "choices": ["a", "b"], "multiple": False},
        by=None,
    )
    activity_set_state(activity=activity, state=ActivityState.OPEN, by=None)
    from arki.core.services.processes import meeting_create

    meeting = meeting_create(
        process=process, workshop=workshop, date=workshop.date, groups=["project"]
    )
    return {
        "process": process,
        "users": users,
        "kuhmo_person": kuhmo_person,
        "sotkamo_person": sotkamo_person,
        "workshop": workshop,
        "session": session,
        "meeting": meeting,
    }


def url_for(name, key, world):
    slug = world["process"].slug
    kwargs = {
        "none": {},
        "slug": {"slug": slug},
        "workshop": {"slug": slug, "position": world["workshop"].position},
        "meeting": {"slug": slug, "pk": world["meeting"].pk},
        "person": {"slug": slug, "code": world["kuhmo_person"].code},
        "export": {"slug": slug, "code": world["kuhmo_person"].code, "fmt": "json"},
        "session": {"code": world["session"].code},
    }[key]
    return reverse(f"core:{name}", kwargs=kwargs)


def expected_status(name: str, role: str) -> set[int]:
    _key, allowed = MATRIX[name]
    if role == "anonymous":
        return {302}
    if role in allowed:
        return {200}
    # Denied: 403, or 404 where the object lies outside the user's municipalities.
    return {403, 404}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role):
    """One role against every core view (one world per role keeps the suite fast)."""
    if role != "anonymous":
        client.force_login(world["users"][role])
    wrong = {}
    for name in sorted(MATRIX):
        response = client.get(url_for(name, MATRIX[name][0], world))
        if response.status_code not in expected_status(name, role):
            wrong[name] = response.status_code
        if role == "anonymous":
            assert response["Location"].startswith(reverse("login"))
    assert wrong == {}


def test_contact_person_sees_only_own_municipality(client, world):
    client.force_login(world["users"]["contact_sotkamo"])
    response = client.get(url_for("person_list", "slug", world))
    content = response.content.decode()
    assert world["sotkamo_person"].code in content
    assert world["kuhmo_person"].code not in content
    assert "Kerttu" not in content
    response = client.get(url_for("person_detail", "person", world))
    assert response.status_code == 404


def test_identity_hidden_without_identity_right(client, world):
    """The facilitator sees names; an analyst has no access to the participant list at all."""
    client.force_login(world["users"][Role.FACILITATOR])
    assert (
        "Kerttu Kuhmolainen" in client.get(url_for("person_list", "slug", world)).content.decode()
    )
    client.force_login(world["users"][Role.ANALYST])
    assert client.get(url_for("person_list", "slug", world)).status_code == 403


@pytest.mark.parametrize("role", [Role.PLANNING, Role.ANALYST, "contact_kuhmo"])
def test_denied_workshop_edit_changes_nothing(client, world, role):
    client.force_login(world["users"][role])
    before = Workshop.objects.get(pk=world["workshop"].pk)
    response = client.post(
        url_for("workshop_edit", "workshop", world), {"title": "Hacked", "position": 1}
    )
    assert response.status_code == 403
    after = Workshop.objects.get(pk=world["workshop"].pk)
    assert after.title == before.title
    assert after.modified_at == before.modified_at


@pytest.mark.parametrize("role", [Role.PLANNING, Role.ANALYST, Role.DECISION_MAKER])
def test_denied_session_open_and_publish_change_nothing(client, world, role):
    client.force_login(world["users"][role])
    slug, position = world["process"].slug, world["workshop"].position
    sessions = LiveSession.objects.count()
    response = client.post(reverse("core:session_open", args=[slug, position]))
    assert response.status_code == 403
    assert LiveSession.objects.count() == sessions
    response = client.post(
        reverse("core:workshop_publish", args=[slug, position]), {"publish": "1"}
    )
    assert response.status_code == 403
    assert not Workshop.objects.get(pk=world["workshop"].pk).is_published


def test_denied_erasure_changes_nothing(client, world):
    client.force_login(world["users"][Role.FACILITATOR])
    person = world["kuhmo_person"]
    response = client.post(url_for("person_erase", "person", world), {"confirm_code": person.code})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.full_name == "Kerttu Kuhmolainen"
    assert person.erased_at is None


def test_denied_consent_for_other_municipality_changes_nothing(client, world):
    client.force_login(world["users"]["contact_sotkamo"])
    response = client.post(
        reverse("core:consent_add", args=[world["process"].slug, world["kuhmo_person"].code]),
        {
            "purpose": "participation",
            "text_version": "1",
            "given_on": "2014-06-01",
            "method": "paper",
        },
    )
    assert response.status_code == 404
    assert Consent.objects.count() == 0


def test_denied_meeting_create_changes_nothing(client, world):
    client.force_login(world["users"][Role.DECISION_MAKER])
    meetings = Meeting.objects.count()
    response = client.post(
        reverse("core:meeting_list", args=[world["process"].slug]),
        {"date": "2014-05-01", "groups": ["project"]},
    )
    assert response.status_code == 403
    assert Meeting.objects.count() == meetings


def test_denied_person_create_outside_scope(client, world, municipalities):
    client.force_login(world["users"]["contact_kuhmo"])
    people = Person.objects.count()
    response = client.post(
        reverse("core:person_create", args=[world["process"].slug]),
        {"municipality": municipalities["Sotkamo"].pk, "age_band": "75-84", "language": "fi"},
    )
    assert response.status_code == 200  # the form refuses the municipality
    assert "municipality" in response.context["form"].errors
    assert Person.objects.count() == people


def test_dashboard_links_only_what_the_role_may_open(client, world):
    """A volunteer is not sent to the staff process page (403) from their own dashboard."""
    client.force_login(world["users"][Role.VOLUNTEER])
    content = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("core:process_detail", args=[world["process"].slug]) not in content
    client.force_login(world["users"][Role.FACILITATOR])
    content = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("core:process_detail", args=[world["process"].slug]) in content


def test_a_facilitator_edits_a_workshop_through_its_page(client, world):
    """The edit page hands the typed values to `workshop_update` (via `edited_fields`)."""
    client.force_login(world["users"][Role.FACILITATOR])
    workshop = world["workshop"]
    response = client.post(
        url_for("workshop_edit", "workshop", world),
        {"title": "Palvelukartta ja viikkopäiväkirja", "place": "Kajaanin kirjasto"},
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.title == "Palvelukartta ja viikkopäiväkirja"
    assert workshop.place == "Kajaanin kirjasto"
