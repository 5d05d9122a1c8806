"""Staff pages of actions, co-planning and user testing: permissions, rules, exports, PDF."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from arki.core.enums import AuditAction, Role
from arki.core.models import AuditEntry
from arki.core.services import live as live_services

from ..enums import ActionLevel, ActionStatus
from ..enums import TesterGroup as Group
from ..models import Action, ActionNote, Feedback
from ..services import actions as services
from ..services import testing as testing_services
from . import actions_fixtures
from .actions_fixtures import make_action, open_activity

# Fixtures shared by the actions tests (imported explicitly: no conftest.py here).
english = actions_fixtures.english
facilitator = actions_fixtures.facilitator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def staff(make_user, process, role=Role.FACILITATOR) -> Client:
    client = Client()
    client.force_login(make_user(role, process=process))
    return client


def url(name, process, *args):
    from django.utils import translation

    with translation.override("en"):
        return reverse(f"decisions:{name}", args=[process.slug, *args])


def test_the_list_groups_by_level_filters_and_flags_actions_without_owner(
    make_user, process, facilitator
):
    make_action(process, facilitator, title="Laulutuokiot", owner="Muistiyhdistys")
    make_action(
        process, facilitator, title="Kylätalot", owner="", level=ActionLevel.SHARED_PREMISES
    )
    make_action(
        process,
        facilitator,
        title="Asuminen",
        level=ActionLevel.COMMUNAL_MODELS,
        status=ActionStatus.STARTED,
        owner="Sote",
    )
    client = staff(make_user, process)

    page = client.get(url("actions", process)).content.decode()
    assert 'id="no-owner"' in page and "1 action has no owner" in page
    headings = page.split('id="level-')
    assert [h.split(">")[1].split("<")[0] for h in headings[1:]] == [
        "Easy encounters",
        "Shared premises",
        "Communal operating models",
    ]

    only_unowned = client.get(url("actions", process) + "?owner_missing=on").content.decode()
    table = only_unowned.split('id="level-', 1)[1]
    assert "Kylätalot" in table and "Laulutuokiot" not in table and "Asuminen" not in table
    started = client.get(url("actions", process) + "?status=started").content.decode()
    table = started.split('id="level-', 1)[1]
    assert "Asuminen" in table and "Laulutuokiot" not in table and "Kylätalot" not in table


def test_the_list_paginates_and_keeps_the_filter(make_user, process, facilitator):
    for number in range(30):
        make_action(process, facilitator, title=f"Toimenpide {number:02d}")
    client = staff(make_user, process)
    first = client.get(url("actions", process) + "?level=easy_encounters").content.decode()
    assert "Toimenpide 24" in first and "Toimenpide 25" not in first
    assert "?level=easy_encounters&amp;page=2" in first
    second = client.get(url("actions", process) + "?level=easy_encounters&page=2").content.decode()
    assert "Toimenpide 25" in second and "Toimenpide 29" in second


def test_creating_with_dates_out_of_order_shows_the_message_and_saves_nothing(make_user, process):
    client = staff(make_user, process)
    response = client.post(
        url("action_create", process),
        {
            "title": "Kauppakassiapu",
            "level": "easy_encounters",
            "status": "idea",
            "starts_on": "2015-09-01",
            "ends_on": "2015-08-01",
        },
    )
    assert response.status_code == 400
    assert "The action cannot end before it starts: check the dates." in response.content.decode()
    assert not Action.objects.exists()


def test_create_edit_note_and_publish_through_the_pages(make_user, process):
    client = staff(make_user, process)
    response = client.post(
        url("action_create", process),
        {"title": "Uudet asumisjärjestelyt", "level": "communal_models", "status": "agreed"},
    )
    action = Action.objects.get()
    assert response.status_code == 302 and action.status == "agreed" and action.owner == ""
    response = client.post(
        url("action_edit", process, action.pk),
        {
            "title": "Uudet asumisjärjestelyt",
            "level": "communal_models",
            "owner": "Sote",
            "starts_on": "2015-09-01",
            "ends_on": "2016-09-01",
        },
    )
    assert response.status_code == 302
    response = client.post(
        url("action_detail", process, action.pk),
        {"text": "Asunnot kartoitettu", "status": "started", "publish": "on"},
    )
    assert response.status_code == 302
    client.post(url("action_publish", process, action.pk))
    action.refresh_from_db()
    assert (action.owner, action.status, action.is_published) == ("Sote", "started", True)
    note = ActionNote.objects.get()
    assert note.is_published and note.status == "started"
    client.post(url("note_publish", process, action.pk, note.pk), {"unpublish": "1"})
    note.refresh_from_db()
    assert not note.is_published


def test_roles_without_the_actions_permission_change_nothing(make_user, process, facilitator):
    action = make_action(process, facilitator)
    analyst = staff(make_user, process, Role.ANALYST)
    assert analyst.get(url("actions", process)).status_code == 403
    assert analyst.post(url("action_publish", process, action.pk)).status_code == 403
    action.refresh_from_db()
    assert not action.is_published


def test_the_csv_export_is_formula_safe_and_logged(make_user, process, facilitator):
    make_action(process, facilitator, title='=HYPERLINK("http://x")', owner="@owner")
    client = staff(make_user, process)
    response = client.get(url("actions_csv", process))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Level", "Title"]
    assert rows[1][1] == '\'=HYPERLINK("http://x")' and rows[1][4] == "'@owner"
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, subject="decisions.actions"
    ).exists()


def test_proposals_are_reviewed_on_the_list(make_user, process, facilitator):
    live = open_activity(process, facilitator, "decisions.actions", 8)
    seat, _secret = live_services.seat_join(session=live.session)
    keep = services.action_propose(
        activity=live.activity, seat=seat, level=ActionLevel.EASY_ENCOUNTERS, title="Kävelyt"
    )
    drop = services.action_propose(
        activity=live.activity, seat=seat, level=ActionLevel.EASY_ENCOUNTERS, title="Ei tätä"
    )
    client = staff(make_user, process)
    assert 'id="proposals"' in client.get(url("actions", process)).content.decode()
    client.post(url("proposal_review", process, keep.pk), {"decision": "accept"})
    client.post(url("proposal_review", process, drop.pk), {"decision": "reject"})
    assert list(Action.objects.values_list("title", "needs_review")) == [("Kävelyt", False)]


def test_coplanning_records_owners_and_flags_the_rest(make_user, process, facilitator):
    picked = make_action(process, facilitator, title="Koordinointi", owner="")
    make_action(process, facilitator, title="Kylätalot", owner="")
    live = open_activity(process, facilitator, "decisions.action_pick", 10)
    seat, _secret = live_services.seat_join(session=live.session)
    services.action_pick(activity=live.activity, seat=seat, action=picked, party="SOSTE")
    client = staff(make_user, process)
    page = client.get(url("coplanning", process)).content.decode()
    assert "SOSTE" in page and "2 actions have no owner" in page
    client.post(url("coplanning", process))
    picked.refresh_from_db()
    assert picked.owner == "SOSTE"
    assert "1 action has no owner" in client.get(url("coplanning", process)).content.decode()


@pytest.fixture
def testing_session(process, facilitator):
    return testing_services.test_session_create(process=process, title="Testaus", by=facilitator)


def test_a_paper_card_out_of_range_is_refused_with_a_message(
    make_user, process, facilitator, testing_session
):
    action = make_action(process, facilitator)
    client = staff(make_user, process)
    data = {"tester_group": "older", "target": f"a{action.pk}", "obstacle": "Portaat"}
    response = client.post(
        url("test_session", process, testing_session.pk), {**data, "feasibility": "7"}
    )
    assert response.status_code == 400
    assert "Rate the feasibility from 1 to 5." in response.content.decode()
    assert not Feedback.objects.exists()
    response = client.post(
        url("test_session", process, testing_session.pk), {**data, "feasibility": "2"}
    )
    assert response.status_code == 302
    card = Feedback.objects.get()
    assert card.paper_entered and card.feasibility == 2


def test_the_summary_csv_and_sheet(make_user, process, facilitator, testing_session):
    action = make_action(process, facilitator, title="Kauppakassiapu <b>")
    for group, value in ((Group.YOUNG, 4), (Group.YOUNG, 5), (Group.NGO, 2)):
        testing_services.feedback_add(
            session=testing_session,
            tester_group=group,
            feasibility=value,
            obstacle="=SUM(A1)",
            action=action,
            by=facilitator,
        )
    client = staff(make_user, process)
    page = client.get(url("test_session", process, testing_session.pk)).content.decode()
    assert '<tr data-group="young"><th scope="row">Young people</th><td>2</td><td>4.5</td>' in page
    response = client.get(url("feedback_csv", process, testing_session.pk))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 4 and rows[1][2] == "'=SUM(A1)" and rows[1][5] == "4"
    pdf = client.get(url("feedback_sheet", process, testing_session.pk))
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = reader.pages[0].extract_text()
    assert "Obstacle" in text and "Kauppakassiapu <b>" in text and "Young people" in text
    assert reader.metadata.title == "Feedback card: Testaus"
    from arki.core.testing_pdf import assert_accessible_pdf

    assert_accessible_pdf(pdf.content, lang="en", contains="Kauppakassiapu <b>")


def test_creating_a_test_session_needs_the_manage_permission(make_user, process):
    planner = staff(make_user, process, Role.PLANNING)
    response = planner.post(url("testing", process), {"title": "Testaus"})
    assert response.status_code == 403
    facilitator = staff(make_user, process)
    response = facilitator.post(url("testing", process), {"title": "Testaus"})
    assert response.status_code == 302


def test_the_staff_list_query_count_does_not_grow_with_the_actions(make_user, process, facilitator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = staff(make_user, process)

    def grow(times):
        for number in range(times):
            for level in ActionLevel.values:
                action = make_action(process, facilitator, title=f"{level} {number}", owner="")
                services.action_note_add(action=action, text="Edistys", by=facilitator)

    grow(1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url("actions", process)).status_code == 200
    grow(10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url("actions", process)).status_code == 200
    assert len(large) == len(small)
