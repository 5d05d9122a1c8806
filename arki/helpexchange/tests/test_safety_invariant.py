"""The safety invariant of the help exchange, proved on every path that changes a team.

The invariant, read from the database after every step:
- the members of a team are distinct people;
- a request is confirmed (and its helpers see the address) only with a team that may go:
  at most two helpers, and for a task inside a home at least one adult or two distinct
  minors (the standard policy's pairing rule);
- no minor whose team breaks the rule sees the older person's street address on their
  task page.

The oracle below is written out here from the rule, not borrowed from the code under test.
"""

from __future__ import annotations

import contextlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from arki.core.enums import Role
from arki.helpexchange import services
from arki.helpexchange.enums import AssignmentStatus, RequestStatus
from arki.helpexchange.models import Assignment, HelpRequest, Volunteer
from arki.helpexchange.services.links import assignment_url

from . import factories as f

ADDRESS = "Salaisentie 7 B 12"
TEAM_STATUSES = {AssignmentStatus.ACCEPTED, AssignmentStatus.DONE}


@pytest.fixture
def coordinator(make_user, process, municipalities):
    return make_user(Role.COORDINATOR, process=process, municipality=municipalities["Kajaani"])


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _match_url(help_request: HelpRequest) -> str:
    return reverse(
        "helpexchange:request_match",
        kwargs={"slug": help_request.process.slug, "pk": help_request.pk},
    )


def _task_html(client, assignment: Assignment) -> str:
    return client.get(_path(assignment_url(assignment))).content.decode()


def _team_may_go(help_request: HelpRequest) -> bool:
    """The pairing rule, from the database: distinct people who accepted or are done."""
    rows = list(help_request.assignments.filter(status__in=TEAM_STATUSES))
    people = {row.volunteer.person_id for row in rows}
    if len(people) != len(rows) or not 1 <= len(people) <= 2:
        return False
    minors = {row.volunteer.person_id for row in rows if row.volunteer.age() < 18}
    in_home = help_request.task_type in {"home_chores", "it_guidance"}
    return not in_home or len(minors) < len(people) or len(minors) >= 2


# --- the exploits of issue #12, finding 3 ------------------------------------------------


def test_coordinator_cannot_confirm_a_waiting_minor_as_their_own_partner(
    client, process, coordinator
):
    """A 15-year-old accepts a home task by link and waits for a partner; the coordinator
    then confirms the same minor from the match page. One person is not a pair."""
    minor = f.active_volunteer(process, age=15, name="Nea Nuori")
    help_request = f.help_request(process, task_type="home_chores")
    offer = services.assignment_offer(
        help_request=help_request, volunteers=[minor], by=coordinator
    )[0]
    client.post(_path(assignment_url(offer)), {"action": "accept"})
    offer.refresh_from_db()
    assert offer.status == AssignmentStatus.ACCEPTED

    client.force_login(coordinator)
    response = client.post(
        _match_url(help_request), {"action": "confirm", "volunteers": [minor.pk, minor.pk]}
    )

    assert response.status_code == 400
    assert "may not go alone into a home" in response.content.decode()
    help_request.refresh_from_db()
    offer.refresh_from_db()
    assert help_request.status == RequestStatus.OPEN
    assert offer.status == AssignmentStatus.ACCEPTED and offer.via == "offer"
    assert list(help_request.assignments.values_list("volunteer", flat=True)) == [minor.pk]
    client.logout()
    assert ADDRESS not in _task_html(client, offer)


def test_minor_loses_the_address_when_the_adult_partner_is_paused(client, process, coordinator):
    minor = f.active_volunteer(process, age=15, name="Nea Nuori")
    adult = f.active_volunteer(process, age=40, name="Aino Aikuinen")
    help_request = f.help_request(process, task_type="home_chores")
    offers = services.assignment_offer(
        help_request=help_request, volunteers=[minor, adult], by=coordinator
    )
    for offer in offers:
        client.post(_path(assignment_url(offer)), {"action": "accept"})
    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.ASSIGNED
    assert ADDRESS in _task_html(client, offers[0])

    services.volunteer_pause(volunteer=adult, reason="Sairastui", by=coordinator)

    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.OPEN
    assert ADDRESS not in _task_html(client, offers[0])
    client.force_login(coordinator)
    response = client.post(
        _match_url(help_request), {"action": "confirm", "volunteers": [minor.pk]}
    )
    assert response.status_code == 400
    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.OPEN
    client.logout()
    assert ADDRESS not in _task_html(client, offers[0])


def test_an_adult_left_alone_keeps_the_task_when_the_minor_is_paused(process, coordinator):
    minor = f.active_volunteer(process, age=15, name="Nea Nuori")
    adult = f.active_volunteer(process, age=40, name="Aino Aikuinen")
    help_request = f.help_request(process, task_type="home_chores")
    services.assignment_confirm(
        help_request=help_request, volunteers=[minor, adult], by=coordinator
    )

    services.volunteer_pause(volunteer=minor, reason="Koeviikko", by=coordinator)

    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.ASSIGNED
    assert Assignment.objects.get(request=help_request, volunteer=adult).sees_address
    assert not Assignment.objects.get(request=help_request, volunteer=minor).sees_address


def test_the_database_keeps_one_assignment_per_volunteer_and_request(process, coordinator):
    volunteer = f.active_volunteer(process, age=15)
    help_request = f.help_request(process, task_type="home_chores")
    services.assignment_offer(help_request=help_request, volunteers=[volunteer], by=coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(request=help_request, volunteer=volunteer, via="coordinator")
    assert Assignment.objects.filter(request=help_request).count() == 1


# --- random sequences of everything that changes a team ----------------------------------


# Starting states of a request: whom it was offered to; all but "offered" also accepted.
STARTS = {
    "empty": [],
    "offered": [0, 1, 2],
    "minor_waiting": [0],
    "two_minors": [0, 1],
    "minor_and_adult": [0, 2],
}


class TeamMachine(RuleBasedStateMachine):
    """Offers, link answers, coordinator confirmations (through the view, with duplicate
    and already-accepted volunteers), pauses, resumes, request pauses, completions and
    reassignments, in any order. Each example runs in a savepoint that is rolled back."""

    client = None
    process = None
    coordinator = None
    volunteers: list[Volunteer] = []

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)
        self.client.logout()

    @initialize(starts=st.lists(st.sampled_from(list(STARTS)), min_size=2, max_size=2))
    def open_requests(self, starts):
        """Two in-home requests, each starting from a random state reached through the
        services and links, so that short runs already reach the interesting teams."""
        self.requests = [
            f.help_request(self.process, task_type="home_chores", flexible=True),
            f.help_request(self.process, task_type="it_guidance", flexible=True),
        ]
        for help_request, start in zip(self.requests, starts, strict=True):
            members = self._volunteers(STARTS[start])
            if not members:
                continue
            offers = services.assignment_offer(
                help_request=help_request, volunteers=members, by=self.coordinator
            )
            if start != "offered":
                for offer in offers:
                    self.client.post(_path(assignment_url(offer)), {"action": "accept"})

    def _volunteers(self, indexes):
        return [self.volunteers[i] for i in indexes]

    @rule(r=st.integers(0, 1), vs=st.lists(st.integers(0, 2), min_size=1, max_size=3))
    def offer(self, r, vs):
        with contextlib.suppress(ValidationError):
            services.assignment_offer(
                help_request=self.requests[r], volunteers=self._volunteers(vs), by=self.coordinator
            )

    def _with_status(self, status):
        return list(
            Assignment.objects.filter(request__in=self.requests, status=status).order_by("pk")
        )

    @precondition(lambda self: self._with_status(AssignmentStatus.OFFERED))
    @rule(pick=st.integers(0, 20), action=st.sampled_from(["accept", "accept", "decline"]))
    def answer_by_link(self, pick, action):
        """One of the open offers is answered through its signed link."""
        offers = self._with_status(AssignmentStatus.OFFERED)
        url = _path(assignment_url(offers[pick % len(offers)]))
        assert self.client.post(url, {"action": action}).status_code in {302, 409}

    @rule(
        r=st.integers(0, 1),
        vs=st.lists(st.integers(0, 2), max_size=2),
        accepted_too=st.booleans(),
    )
    def coordinator_confirms(self, r, vs, accepted_too):
        """Through the match page; the chosen list may repeat a volunteer and may name
        those who already accepted."""
        help_request = self.requests[r]
        ids = [self.volunteers[i].pk for i in vs]
        if accepted_too:
            ids += list(
                help_request.assignments.filter(status=AssignmentStatus.ACCEPTED).values_list(
                    "volunteer_id", flat=True
                )
            )
        self.client.force_login(self.coordinator)
        response = self.client.post(
            _match_url(help_request), {"action": "confirm", "volunteers": ids}
        )
        self.client.logout()
        assert response.status_code in {302, 400}

    @rule(v=st.integers(0, 2))
    def pause_or_resume_volunteer(self, v):
        """Pausing goes through the coordinator's volunteer page; resuming is a service."""
        volunteer = Volunteer.objects.get(pk=self.volunteers[v].pk)
        if volunteer.status == "paused":
            services.volunteer_resume(volunteer=volunteer, by=self.coordinator)
            return
        self.client.force_login(self.coordinator)
        url = reverse(
            "helpexchange:volunteer_status",
            kwargs={"slug": self.process.slug, "pk": volunteer.pk},
        )
        response = self.client.post(url, {"action": "pause", "reason": "Tauko"})
        self.client.logout()
        assert response.status_code == 302

    @rule(r=st.integers(0, 1))
    def pause_or_resume_request(self, r):
        help_request = HelpRequest.objects.get(pk=self.requests[r].pk)
        if help_request.paused:
            services.request_resume(help_request=help_request, by=self.coordinator)
        else:
            services.request_pause(help_request=help_request, reason="Soitto", by=self.coordinator)

    @precondition(lambda self: self._with_status(AssignmentStatus.ACCEPTED))
    @rule(pick=st.integers(0, 20))
    def mark_done_by_link(self, pick):
        """A helper checks in and marks the task done (refused unless confirmed)."""
        accepted = self._with_status(AssignmentStatus.ACCEPTED)
        url = _path(assignment_url(accepted[pick % len(accepted)]))
        self.client.post(url, {"action": "check_in"})
        self.client.post(url, {"action": "done", "duration_minutes": 60})

    @rule(r=st.integers(0, 1), away=st.integers(0, 2), instead=st.integers(0, 2))
    def reassign(self, r, away, instead):
        """A coordinator takes a helper off (pause) and puts another one on the task."""
        self.pause_or_resume_volunteer(away)
        self.pause_or_resume_volunteer(away)
        with contextlib.suppress(ValidationError):
            services.assignment_confirm(
                help_request=HelpRequest.objects.get(pk=self.requests[r].pk),
                volunteers=self._volunteers([instead]),
                by=self.coordinator,
            )

    @invariant()
    def teams_are_distinct_people_and_safe(self):
        for help_request in HelpRequest.objects.filter(
            pk__in=[r.pk for r in self.requests]
        ).select_related("organisation"):
            volunteers = list(help_request.assignments.values_list("volunteer_id", flat=True))
            assert len(volunteers) == len(set(volunteers))
            if help_request.status == RequestStatus.ASSIGNED:
                assert _team_may_go(help_request), help_request

    @invariant()
    def no_minor_outside_a_safe_team_sees_the_address(self):
        for assignment in Assignment.objects.filter(
            request__in=self.requests, volunteer__in=self.volunteers[:2]
        ).select_related("request__organisation"):
            safe = assignment.request.status in {
                RequestStatus.ASSIGNED,
                RequestStatus.DONE,
            } and _team_may_go(assignment.request)
            if not safe:
                assert ADDRESS not in _task_html(self.client, assignment)


def test_safety_invariant_holds_on_every_path(client, process, coordinator):
    TeamMachine.client = client
    TeamMachine.process = process
    TeamMachine.coordinator = coordinator
    TeamMachine.volunteers = [
        f.active_volunteer(process, age=15, name="Nea Nuori"),
        f.active_volunteer(process, age=16, name="Niko Nuori"),
        f.active_volunteer(process, age=30, name="Aino Aikuinen"),
    ]
    run_state_machine_as_test(
        TeamMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
