"""The criteria vote and the concept selection: their rules, refusals (nothing changed),
the recount invariant, weights, the decision that is never edited, and the capability."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arki.core.enums import ActivityState, Role
from arki.core.registry import registry
from arki.core.services import live as live_services
from arki.decisions import selectors
from arki.decisions.enums import WeightSource
from arki.decisions.models import Criterion, CriterionVote, Decision, Score
from arki.decisions.services import criteria as services
from arki.decisions.services import selection as selection_services

from .criteria_fixtures import (
    SEED_TABLE,
    concept,
    open_selection,
    open_vote,
    seat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The refusals are matched in English (the default language is Finnish)."""
    with translation.override("en"):
        yield


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


def votes_snapshot():
    return sorted(CriterionVote.objects.values_list("criterion_id", "seat_id", "important"))


def test_the_seeds_ballots_give_the_seeds_table_sorted_by_important(process, facilitator):
    from arki.decisions.demo_criteria import ballots

    # The five most important proposed last first: the table's sort must put them in order
    # (ties keep the order of proposal).
    texts = [r[0] for r in reversed(SEED_TABLE[:5])] + [r[0] for r in SEED_TABLE[5:]]
    activity, criteria = open_vote(process, facilitator, texts=texts)
    by_text = {c.text: c for c in criteria}
    ordered = [by_text[r[0]] for r in SEED_TABLE]
    for number, ballot in enumerate(ballots(), start=1):
        services.ballot_cast(
            activity=activity,
            seat=seat(activity.session, f"P{number}"),
            marks={ordered[i].pk: mark for i, mark in ballot.items()},
        )

    rows = selectors.criteria_tally(activity)
    assert [(r.text, r.important, r.not_important) for r in rows] == SEED_TABLE
    assert selectors.criteria_voters(activity) == 17


def test_a_revote_replaces_the_seats_ballot(process, facilitator):
    activity, (a, b, *_rest) = open_vote(process, facilitator)
    voter = seat(activity.session)

    assert services.ballot_cast(activity=activity, seat=voter, marks={a.pk: True, b.pk: True})
    assert not services.ballot_cast(activity=activity, seat=voter, marks={a.pk: False, b.pk: None})

    assert votes_snapshot() == [(a.pk, voter.pk, False)]


def test_a_vote_on_another_sessions_criterion_is_refused_and_nothing_changes(process, facilitator):
    activity, criteria = open_vote(process, facilitator)
    voter = seat(activity.session)
    services.ballot_cast(activity=activity, seat=voter, marks={criteria[0].pk: True})
    other_activity = live_services.activity_add(
        session=activity.session,
        kind=services.CRITERIA_VOTE,
        title="Toinen",
        config={"title": "Toinen"},
        by=facilitator,
    )
    live_services.activity_set_state(
        activity=other_activity, state=ActivityState.OPEN, by=facilitator
    )
    foreign = services.criterion_propose(activity=other_activity, text="Muu", by=facilitator)
    before = votes_snapshot()

    with pytest.raises(ValidationError, match="only the criteria of this vote"):
        services.ballot_cast(
            activity=activity, seat=voter, marks={criteria[0].pk: False, foreign.pk: True}
        )

    assert votes_snapshot() == before


def test_a_seat_of_another_session_a_closed_vote_and_an_empty_ballot_are_refused(
    process, facilitator
):
    activity, criteria = open_vote(process, facilitator)
    workshop = process.workshops.get(position=1)
    stranger = seat(live_services.session_open(workshop=workshop, by=facilitator))
    voter = seat(activity.session)

    with pytest.raises(ValidationError, match="another session"):
        services.ballot_cast(activity=activity, seat=stranger, marks={criteria[0].pk: True})
    with pytest.raises(ValidationError, match="at least one criterion"):
        services.ballot_cast(activity=activity, seat=voter, marks={criteria[0].pk: None})
    live_services.activity_set_state(activity=activity, state=ActivityState.CLOSED, by=facilitator)
    with pytest.raises(ValidationError, match="closed"):
        services.ballot_cast(activity=activity, seat=voter, marks={criteria[0].pk: True})

    assert votes_snapshot() == []


def test_participants_propose_only_when_the_facilitator_allows_it(process, facilitator):
    closed, _criteria = open_vote(process, facilitator, texts=[])
    voter = seat(closed.session)
    with pytest.raises(ValidationError, match="only the facilitators"):
        services.criterion_propose(activity=closed, text="Oma", seat=voter)
    assert not Criterion.objects.exists()

    live_services.session_close(session=closed.session, by=facilitator)
    allowed, _criteria = open_vote(process, facilitator, propose=True, texts=["Lähipalvelu"])
    voter = seat(allowed.session)
    criterion = services.criterion_propose(activity=allowed, text="Kestävä", seat=voter)
    assert criterion.proposed_by == voter
    with pytest.raises(ValidationError, match="already on the list"):
        services.criterion_propose(activity=allowed, text="lähipalvelu", seat=voter)


def test_a_threshold_or_the_facilitators_ticks_choose_the_criteria(process, facilitator):
    activity, criteria = open_vote(process, facilitator, texts=["A", "B", "C"])
    for marks in ({0: True, 1: True, 2: False}, {0: True, 1: False}, {0: True}):
        services.ballot_cast(
            activity=activity,
            seat=seat(activity.session),
            marks={criteria[i].pk: v for i, v in marks.items()},
        )

    services.criteria_choose_by_threshold(activity=activity, min_important=2, by=facilitator)
    assert {c.text for c in Criterion.objects.filter(chosen=True)} == {"A"}
    services.criteria_choose_by_threshold(activity=activity, min_share=0.5, by=facilitator)
    assert {c.text for c in Criterion.objects.filter(chosen=True)} == {"A", "B"}
    with pytest.raises(ValidationError, match="No criterion reaches"):
        services.criteria_choose_by_threshold(activity=activity, min_important=4, by=facilitator)
    assert {c.text for c in Criterion.objects.filter(chosen=True)} == {"A", "B"}
    services.criteria_choose(activity=activity, chosen=[criteria[2].pk], by=facilitator)
    assert {c.text for c in Criterion.objects.filter(chosen=True)} == {"C"}

    capability = registry.capability("decisions.chosen_criteria")
    assert capability is not None
    assert capability(process) == [(criteria[2].pk, "C", 0, 1)]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),
            st.lists(st.sampled_from([True, False, None]), min_size=4, max_size=4),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_any_votes_and_revotes_count_as_a_recount_of_the_last_ballots(
    process, facilitator, ballots
):
    Criterion.objects.all().delete()
    activity, criteria = open_vote(process, facilitator, texts=["A", "B", "C", "D"])
    seats = [seat(activity.session) for _ in range(4)]
    last: dict[int, dict[int, bool]] = {}
    for voter, marks in ballots:
        ballot = {criteria[i].pk: mark for i, mark in enumerate(marks)}
        try:
            services.ballot_cast(activity=activity, seat=seats[voter], marks=ballot)
        except ValidationError:
            assert all(mark is None for mark in marks)
            continue
        last[voter] = {pk: mark for pk, mark in ballot.items() if mark is not None}

    expected = {c.pk: [0, 0] for c in criteria}
    for marks in last.values():
        for pk, important in marks.items():
            expected[pk][0 if important else 1] += 1
    rows = selectors.criteria_tally(activity)
    assert {r.pk: [r.important, r.not_important] for r in rows} == expected
    pairs = list(CriterionVote.objects.values_list("criterion_id", "seat_id"))
    assert len(pairs) == len(set(pairs))  # one vote per seat and criterion
    assert selectors.criteria_voters(activity) == len(last)
    assert [r.important for r in rows] == sorted((r.important for r in rows), reverse=True)
    live_services.session_close(session=activity.session, by=facilitator)


# --- the concept selection -----------------------------------------------------------------


def chosen_pair(process, facilitator):
    activity, criteria = open_vote(process, facilitator, texts=["Yhteisöllisyys", "Lisäarvo"])
    a, b = criteria
    for marks in ({a.pk: True, b.pk: True}, {a.pk: True, b.pk: False}):
        services.ballot_cast(activity=activity, seat=seat(activity.session), marks=marks)
    services.criteria_choose(activity=activity, chosen=[a.pk, b.pk], by=facilitator)
    return a, b


def test_scores_give_weighted_totals_and_a_score_outside_the_scale_is_refused(process, facilitator):
    a, b = chosen_pair(process, facilitator)
    arjen, kyla = concept(process, "Arjen pelastajat"), concept(process, "Kylätalo")
    selection, activity = open_selection(
        process, facilitator, [a, b], [arjen, kyla], weights=WeightSource.VOTE
    )
    first, second = seat(activity.session, "Eeva"), seat(activity.session, "Tuomo")
    selection_services.scores_submit(
        selection=selection,
        activity=activity,
        seat=first,
        scores={(arjen.pk, a.pk): 5, (arjen.pk, b.pk): 4, (kyla.pk, a.pk): 2, (kyla.pk, b.pk): 3},
    )
    selection_services.scores_submit(
        selection=selection,
        activity=activity,
        seat=second,
        scores={(arjen.pk, a.pk): 4, (arjen.pk, b.pk): 2, (kyla.pk, a.pk): 3, (kyla.pk, b.pk): 5},
    )
    before = sorted(Score.objects.values_list("seat_id", "concept_id", "criterion_id", "value"))

    for bad, message in [
        (
            {(arjen.pk, a.pk): 6, (arjen.pk, b.pk): 4, (kyla.pk, a.pk): 2, (kyla.pk, b.pk): 3},
            "from 1 to 5",
        ),
        (
            {(arjen.pk, a.pk): 0, (arjen.pk, b.pk): 4, (kyla.pk, a.pk): 2, (kyla.pk, b.pk): 3},
            "from 1 to 5",
        ),
        ({(arjen.pk, a.pk): 5}, "every concept against every criterion"),
    ]:
        with pytest.raises(ValidationError, match=message):
            selection_services.scores_submit(
                selection=selection, activity=activity, seat=first, scores=bad
            )
    outsider = concept(process, "Ulkopuolinen")
    with pytest.raises(ValidationError, match="not a candidate"):
        selection_services.scores_submit(
            selection=selection, activity=activity, seat=first, scores={(outsider.pk, a.pk): 3}
        )
    assert (
        sorted(Score.objects.values_list("seat_id", "concept_id", "criterion_id", "value"))
        == before
    )

    results = selectors.selection_results(selection)
    # Weights from the vote: a 2/2 important, b 1/2. Means: Arjen 4.5 and 3; Kylätalo 2.5 and 4.
    assert results.weights == {a.pk: 1.0, b.pk: 0.5}
    assert [(t.concept.name, t.weighted) for t in results.totals] == [
        ("Arjen pelastajat", 6.0),
        ("Kylätalo", 4.5),
    ]
    assert results.leader == arjen
    assert [label for label, _cells in results.voters] == ["Eeva", "Tuomo"]


def test_a_decision_is_never_edited_only_superseded_and_the_history_is_kept(process, facilitator):
    a, b = chosen_pair(process, facilitator)
    arjen, kyla = concept(process, "Arjen pelastajat"), concept(process, "Kylätalo")
    selection, _activity = open_selection(process, facilitator, [a, b], [arjen, kyla])
    record = {
        "process": process,
        "selection": selection,
        "decided_on": datetime.date(2015, 3, 4),
        "participants": "Päättäjät",
        "rationale": "Paras",
        "by": facilitator,
    }
    first = selection_services.decision_record(concept=kyla, **record)

    with pytest.raises(ValidationError, match="cannot be edited"):
        selection_services.decision_update(decision=first, concept=arjen, by=facilitator)
    first.refresh_from_db()
    assert first.concept == kyla

    second = selection_services.decision_record(concept=arjen, supersedes=first, **record)
    with pytest.raises(ValidationError, match="already been superseded"):
        selection_services.decision_record(concept=arjen, supersedes=first, **record)
    with pytest.raises(ValidationError, match="superseded: publish"):
        selection_services.decision_publish(decision=first, by=facilitator)
    outsider = concept(process, "Ei ehdolla")
    with pytest.raises(ValidationError, match="not a candidate"):
        selection_services.decision_record(concept=outsider, **record)

    history = selectors.decision_history(process)
    assert [(d.concept.name, d.supersedes_id) for d in history] == [
        ("Kylätalo", None),
        ("Arjen pelastajat", first.pk),
    ]
    assert Decision.objects.count() == 2
    scores = selectors.decision_scores(second)
    assert [t["concept"].name for t in scores["totals"]] == ["Arjen pelastajat", "Kylätalo"]


def test_decision_scores_keep_a_constant_query_count(
    process, facilitator, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a, b = chosen_pair(process, facilitator)
    concepts = [concept(process, f"K{i}") for i in range(2)]
    selection, activity = open_selection(process, facilitator, [a, b], concepts)
    decision = selection_services.decision_record(
        process=process,
        selection=selection,
        concept=concepts[0],
        decided_on=datetime.date(2015, 3, 4),
        participants="P",
        rationale="R",
        by=facilitator,
    )

    def add_voters(count):
        for _ in range(count):
            selection_services.scores_submit(
                selection=selection,
                activity=activity,
                seat=seat(activity.session),
                scores={(c.pk, k.pk): 3 for c in concepts for k in (a, b)},
            )

    add_voters(2)
    with CaptureQueriesContext(connection) as few:
        selectors.decision_scores(decision)
    add_voters(20)
    with CaptureQueriesContext(connection) as many:
        selectors.decision_scores(decision)
    assert len(many) == len(few)


def test_the_projectors_criteria_table_keeps_a_constant_query_count(process, facilitator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from arki.decisions.activities.criteria import CriteriaVote

    activity, criteria = open_vote(process, facilitator, texts=["A", "B", "C"])

    def add_voters(count):
        for n in range(count):
            marks = {c.pk: (n + i) % 2 == 0 for i, c in enumerate(criteria)}
            services.ballot_cast(activity=activity, seat=seat(activity.session), marks=marks)

    add_voters(2)
    with CaptureQueriesContext(connection) as few:
        CriteriaVote.results(activity)
    add_voters(18)
    with CaptureQueriesContext(connection) as many:
        results = CriteriaVote.results(activity)
    assert len(many) == len(few) == 2
    assert results["voters"] == 20
