"""The three live activities through the core's participant, paper-entry and projector pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from arki.core.enums import Role

from ..models import Action, ActionPick, Feedback
from ..services import testing as testing_services
from . import actions_fixtures
from .actions_fixtures import make_action, open_activity

# Fixtures shared by the actions tests (imported explicitly: no conftest.py here).
english = actions_fixtures.english
facilitator = actions_fixtures.facilitator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def join(session, label: str) -> Client:
    client = Client()
    response = client.post(f"/en/join/{session.code}/", {"label": label})
    assert response.status_code == 302
    return client


def answer(client, live, data):
    prefixed = {f"a{live.activity.pk}-{key}": value for key, value in data.items()}
    return client.post(f"/en/live/{live.session.code}/answer/{live.activity.pk}/", prefixed)


def projector(make_user, process, live) -> str:
    client = Client()
    client.force_login(make_user(Role.FACILITATOR, process=process))
    return client.get(f"/en/staff/sessions/{live.session.code}/projector/").content.decode()


def test_participants_propose_actions_at_a_level(process, facilitator, make_user):
    live = open_activity(process, facilitator, "decisions.actions", 8)
    phone = join(live.session, "Eeva")
    assert answer(phone, live, {"level": "", "title": "Kävelyt"}).status_code == 400
    assert not Action.objects.exists()
    for title in ("Kävelyt", "Lukusali"):
        assert answer(phone, live, {"level": "easy_encounters", "title": title}).status_code == 302
    assert list(Action.objects.values_list("title", "needs_review")) == [
        ("Kävelyt", True),
        ("Lukusali", True),
    ]
    assert "Kävelyt" in projector(make_user, process, live)


def test_a_pick_on_the_phone_and_who_has_not_picked_on_the_projector(
    process, facilitator, make_user
):
    action = make_action(process, facilitator, title="Koordinointi", owner="")
    live = open_activity(process, facilitator, "decisions.action_pick", 10)
    eeva, _tuomo = join(live.session, "Eeva"), join(live.session, "Tuomo")
    before = projector(make_user, process, live)
    waiting = before.split(f'id="not-picked-{live.activity.pk}"')[1].split("</div>")[0]
    assert "1. Eeva" in waiting and "2. Tuomo" in waiting

    refused = answer(eeva, live, {"action": action.pk, "party": ""})
    assert (
        refused.status_code == 400 and "Name the party you speak for." in refused.content.decode()
    )
    assert not ActionPick.objects.exists()
    assert answer(eeva, live, {"action": action.pk, "party": "SOSTE"}).status_code == 302

    after = projector(make_user, process, live)
    waiting = after.split(f'id="not-picked-{live.activity.pk}"')[1].split("</div>")[0]
    assert "Eeva" not in waiting and "2. Tuomo" in waiting
    parties = after.split(f'id="party-picks-{live.activity.pk}"')[1]
    assert "<dt>SOSTE</dt>" in parties and "Koordinointi" in parties
    page = eeva.get(f"/en/live/{live.session.code}/").content.decode()
    assert "You take forward:" in page and "Koordinointi" in page


def test_feedback_cards_on_phones_and_the_summary_on_the_projector(process, facilitator, make_user):
    action = make_action(process, facilitator, title="Kauppakassiapu")
    session = testing_services.test_session_create(process=process, title="Testi", by=facilitator)
    live = open_activity(
        process, facilitator, "decisions.user_testing", 9, {"test_session": session.pk}
    )
    phone = join(live.session, "Aino")
    card = {"tester_group": "older", "target": f"a{action.pk}", "obstacle": "Portaat"}
    refused = answer(phone, live, {**card, "feasibility": "9"})
    assert refused.status_code == 409
    assert "Rate the feasibility from 1 to 5." in refused.content.decode()
    assert not Feedback.objects.exists()
    assert answer(phone, live, {**card, "feasibility": "3"}).status_code == 302
    assert answer(phone, live, {**card, "feasibility": "4"}).status_code == 302
    page = projector(make_user, process, live)
    assert '<tr data-group="older"><th scope="row">Older people</th><td>2</td><td>3.5</td>' in page


def test_the_testing_activity_offers_only_this_process_sessions(process, facilitator, make_user):
    testing_services.test_session_create(process=process, title="Testi", by=facilitator)
    client = Client()
    client.force_login(make_user(Role.FACILITATOR, process=process))
    live = open_activity(process, facilitator, "decisions.actions", 8)
    page = client.get(
        reverse("core:activity_add", args=[live.session.code]) + "?kind=decisions.user_testing"
    ).content.decode()
    assert "Testi" in page
