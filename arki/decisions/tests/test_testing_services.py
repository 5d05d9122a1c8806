"""Feedback cards: feasibility 1–5, a target of this process, some text; refused otherwise."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arki.core.services import live as live_services

from ..enums import TesterGroup as Group
from ..models import Feedback
from ..selectors import feedback_summary
from ..services import testing as services
from . import actions_fixtures
from .actions_fixtures import make_action, open_activity

# Fixtures shared by the actions tests (imported explicitly: no conftest.py here).
english = actions_fixtures.english
facilitator = actions_fixtures.facilitator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def session(process, facilitator):
    return services.test_session_create(process=process, title="Testaus", by=facilitator)


def card(session, action, **fields):
    values = {
        "tester_group": Group.YOUNG,
        "feasibility": 4,
        "obstacle": "Aikataulut",
        "action": action,
    }
    values.update(fields)
    return services.feedback_add(session=session, **values)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.one_of(st.integers(-5, 12), st.sampled_from(["", "x", "3.5", " 7", None])))
def test_feasibility_outside_1_to_5_is_refused_and_nothing_is_saved(process_session_action, value):
    session, action = process_session_action
    before = Feedback.objects.count()
    valid = isinstance(value, int) and 1 <= value <= 5
    if valid:
        saved = card(session, action, feasibility=value)
        assert saved.feasibility == value
        saved.delete()
    else:
        with pytest.raises(ValidationError) as error:
            card(session, action, feasibility=value)
        assert error.value.message_dict["feasibility"] == ["Rate the feasibility from 1 to 5."]
    assert Feedback.objects.count() == before


@pytest.fixture
def process_session_action(session, process, facilitator):
    return session, make_action(process, facilitator)


def test_a_card_needs_a_target_and_some_text(session, process, facilitator):
    action = make_action(process, facilitator)
    with pytest.raises(ValidationError, match="concept or the action"):
        card(session, None)
    with pytest.raises(ValidationError, match="at least one of"):
        card(session, action, obstacle="  ")
    with pytest.raises(ValidationError, match="Choose the group"):
        card(session, action, tester_group="aliens")
    assert not Feedback.objects.exists()


def test_paper_cards_are_marked_and_phone_cards_need_the_open_activity(
    session, process, facilitator
):
    action = make_action(process, facilitator)
    paper = card(session, action, by=facilitator)
    assert paper.paper_entered
    live = open_activity(
        process, facilitator, "decisions.user_testing", 9, {"test_session": session.pk}
    )
    seat, _secret = live_services.seat_join(session=live.session)
    phone = card(session, action, seat=seat, activity=live.activity)
    assert not phone.paper_entered and phone.seat == seat
    session.refresh_from_db()
    assert session.activity == live.activity
    other = services.test_session_create(process=process, title="Toinen", by=facilitator)
    with pytest.raises(ValidationError, match="another testing session"):
        card(other, action, seat=seat, activity=live.activity)
    assert Feedback.objects.count() == 2


def test_the_summary_counts_and_averages_per_tester_group(session, process, facilitator):
    action = make_action(process, facilitator)
    card(session, action, tester_group=Group.OLDER, feasibility=2, obstacle="Portaat")
    card(
        session, action, tester_group=Group.OLDER, feasibility=3, obstacle="", opportunity="Seuraa"
    )
    card(session, action, tester_group=Group.YOUNG, feasibility=5, obstacle="Aika")
    rows = feedback_summary(session.feedback.all())
    assert [(r.group, r.count, r.mean_feasibility) for r in rows] == [
        ("young", 1, 5.0),
        ("older", 2, 2.5),
    ]
    assert rows[1].obstacles == ["Portaat"] and rows[1].opportunities == ["Seuraa"]
