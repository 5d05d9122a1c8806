"""Rules of actions, notes, proposals and picks: a clear message, and nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arki.core.enums import ActivityState
from arki.core.services import live as live_services

from ..enums import ActionLevel, ActionStatus
from ..models import Action, ActionNote, ActionPick
from ..services import actions as services
from . import actions_fixtures
from .actions_fixtures import make_action, open_activity

# Fixtures shared by the actions tests (imported explicitly: no conftest.py here).
english = actions_fixtures.english
facilitator = actions_fixtures.facilitator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = datetime.date


def test_an_action_ending_before_it_starts_is_refused_and_nothing_is_saved(process, facilitator):
    with pytest.raises(ValidationError) as error:
        make_action(process, facilitator, starts_on=D(2015, 9, 1), ends_on=D(2015, 8, 1))
    assert error.value.message_dict["ends_on"] == [
        "The action cannot end before it starts: check the dates."
    ]
    assert not Action.objects.exists()


def test_editing_dates_out_of_order_changes_nothing(process, facilitator):
    action = make_action(process, facilitator, starts_on=D(2015, 9, 1), ends_on=D(2015, 12, 1))
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        services.action_update(
            action=action, by=facilitator, title="Uusi nimi", ends_on=D(2015, 1, 1)
        )
    action.refresh_from_db()
    assert (action.title, action.ends_on) == ("Kauppakassiapu", D(2015, 12, 1))


def test_a_level_outside_the_three_is_refused(process, facilitator):
    with pytest.raises(ValidationError, match="one of the three levels"):
        make_action(process, facilitator, level="everything")
    assert not Action.objects.exists()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    starts=st.dates(min_value=D(2014, 1, 1), max_value=D(2017, 1, 1)),
    ends=st.dates(min_value=D(2014, 1, 1), max_value=D(2017, 1, 1)),
)
def test_saved_actions_never_end_before_they_start(process_for_hypothesis, starts, ends):
    process, by = process_for_hypothesis
    try:
        action = make_action(process, by, starts_on=starts, ends_on=ends)
    except ValidationError:
        assert starts > ends
        return
    assert action.starts_on <= action.ends_on
    action.delete()


@pytest.fixture
def process_for_hypothesis(process, facilitator):
    return process, facilitator


def test_a_note_moves_the_status_and_a_note_without_text_changes_nothing(process, facilitator):
    action = make_action(process, facilitator)
    note = services.action_note_add(
        action=action, text="Sovittu", status=ActionStatus.AGREED, by=facilitator
    )
    action.refresh_from_db()
    assert (action.status, note.status, note.is_published) == ("agreed", "agreed", False)
    with pytest.raises(ValidationError, match="Write what happened"):
        services.action_note_add(action=action, text="  ", status=ActionStatus.DONE, by=facilitator)
    action.refresh_from_db()
    assert action.status == "agreed"
    assert ActionNote.objects.count() == 1


def test_a_note_repeating_the_status_is_a_plain_note(process, facilitator):
    action = make_action(process, facilitator)
    note = services.action_note_add(action=action, text="Edelleen idea", status="idea", by=None)
    assert note.status == ""


def test_publishing_sets_the_publication_time_and_unpublishing_hides(process, facilitator):
    action = make_action(process, facilitator)
    services.action_publish(action=action, by=facilitator)
    action.refresh_from_db()
    assert action.is_published and action.published_at is not None
    services.action_publish(action=action, by=facilitator, publish=False)
    action.refresh_from_db()
    assert not action.is_published


def test_a_phone_proposal_waits_for_review_and_cannot_be_published_before(process, facilitator):
    live = open_activity(process, facilitator, "decisions.actions", 8)
    seat, _secret = live_services.seat_join(session=live.session)
    proposal = services.action_propose(
        activity=live.activity, seat=seat, level=ActionLevel.SHARED_PREMISES, title="Kylätalo"
    )
    assert proposal.needs_review and proposal.proposed_by == seat
    with pytest.raises(ValidationError, match="review it"):
        services.action_publish(action=proposal, by=facilitator)
    proposal.refresh_from_db()
    assert not proposal.is_published
    services.proposal_accept(action=proposal, by=facilitator)
    proposal.refresh_from_db()
    assert not proposal.needs_review
    with pytest.raises(ValidationError, match="Only a proposal"):
        services.proposal_reject(action=proposal, by=facilitator)
    assert Action.objects.filter(pk=proposal.pk).exists()


def test_proposals_are_refused_when_the_activity_is_closed(process, facilitator):
    live = open_activity(process, facilitator, "decisions.actions", 8)
    seat, _secret = live_services.seat_join(session=live.session)
    live_services.activity_set_state(
        activity=live.activity, state=ActivityState.CLOSED, by=facilitator
    )
    with pytest.raises(ValidationError, match="not open for answers"):
        services.action_propose(
            activity=live.activity, seat=seat, level=ActionLevel.EASY_ENCOUNTERS, title="X"
        )
    assert not Action.objects.exists()


def test_a_pick_needs_a_party_and_picking_again_updates_it(process, facilitator):
    action = make_action(process, facilitator)
    live = open_activity(process, facilitator, "decisions.action_pick", 10)
    seat, _secret = live_services.seat_join(session=live.session)
    with pytest.raises(ValidationError, match="Name the party"):
        services.action_pick(activity=live.activity, seat=seat, action=action, party=" ")
    assert not ActionPick.objects.exists()
    _pick, created = services.action_pick(
        activity=live.activity, seat=seat, action=action, party="4H"
    )
    assert created
    _pick, created = services.action_pick(
        activity=live.activity, seat=seat, action=action, party="SOSTE"
    )
    assert not created
    assert list(ActionPick.objects.values_list("party", flat=True)) == ["SOSTE"]


def test_a_dropped_action_or_another_process_action_cannot_be_picked(
    process, facilitator, municipalities
):
    from arki.core.models import Region
    from arki.core.services.processes import process_create_from_template

    other = process_create_from_template(
        template="kainuu-2014-2016",
        name="Toinen",
        slug="toinen",
        region=Region.objects.get(code="20"),
        municipalities=list(municipalities.values())[:1],
        first_workshop_on=D(2014, 6, 12),
    )
    foreign = make_action(other, facilitator)
    dropped = make_action(process, facilitator, status=ActionStatus.DROPPED)
    live = open_activity(process, facilitator, "decisions.action_pick", 10)
    seat, _secret = live_services.seat_join(session=live.session)
    with pytest.raises(ValidationError, match="not one of this process"):
        services.action_pick(activity=live.activity, seat=seat, action=foreign, party="4H")
    with pytest.raises(ValidationError, match="dropped"):
        services.action_pick(activity=live.activity, seat=seat, action=dropped, party="4H")
    assert not ActionPick.objects.exists()


def test_owners_come_from_picks_and_unpicked_actions_stay_flagged(process, facilitator):
    from ..selectors import actions_without_owner

    owned = make_action(process, facilitator, title="Omistettu", owner="Kuhmon kaupunki")
    picked = make_action(process, facilitator, title="Koordinointi", owner="")
    lonely = make_action(process, facilitator, title="Kylätalot", owner="")
    live = open_activity(process, facilitator, "decisions.action_pick", 10)
    seats = [live_services.seat_join(session=live.session)[0] for _ in range(4)]
    for seat, party in zip(seats[:3], ["SOSTE", "SOSTE", "4H"], strict=True):
        services.action_pick(activity=live.activity, seat=seat, action=picked, party=party)
    services.action_pick(activity=live.activity, seat=seats[3], action=owned, party="4H")

    changed = services.owners_from_picks(process=process, by=facilitator)

    assert changed == [picked]
    picked.refresh_from_db()
    owned.refresh_from_db()
    assert (picked.owner, picked.partners) == ("SOSTE", "4H")
    assert owned.owner == "Kuhmon kaupunki"
    assert list(actions_without_owner(process)) == [lonely]


def test_gdpr_exports_proposals_and_erasure_removes_unreviewed_ones(
    process, facilitator, make_person, municipalities
):
    from ..gdpr import personal_data_erase, personal_data_export

    person = make_person(process, municipalities["Kuhmo"])
    live = open_activity(process, facilitator, "decisions.actions", 8)
    seat, _secret = live_services.seat_join(session=live.session, person=person)
    kept = services.action_propose(
        activity=live.activity, seat=seat, level=ActionLevel.EASY_ENCOUNTERS, title="Kävelyt"
    )
    services.proposal_accept(action=kept, by=facilitator)
    services.action_propose(
        activity=live.activity, seat=seat, level=ActionLevel.EASY_ENCOUNTERS, title="Oma idea"
    )
    exported = personal_data_export(person)["actions_proposed"]
    assert {row["title"] for row in exported} == {"Kävelyt", "Oma idea"}

    assert personal_data_erase(person)["actions_proposed"] == 2
    assert list(Action.objects.values_list("title", "proposed_by")) == [("Kävelyt", None)]
