"""The concept workshop's rules: the seed's funnel is enforced with a clear message and a
refused write changes nothing (15 problems, 3 picked, 5 ideas, a best idea of a picked
problem, only one's own table)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arki.core.enums import ActivityState, TargetGroup
from arki.core.registry import registry
from arki.core.services import live as live_services

from ..enums import ProblemPickMethod
from ..models import Concept, ConceptGroup, Idea, Problem, ProblemDot
from ..services import concept as services
from .concept_fixtures import *  # noqa: F403  (the fixtures)
from .concept_fixtures import workshop4

pytestmark = pytest.mark.django_db


def snapshot():
    """Every row the concept workshop writes, to prove a refusal changed nothing."""
    return (
        list(Problem.objects.order_by("pk").values_list("pk", "text", "picked", "position")),
        list(ProblemDot.objects.order_by("pk").values_list("pk", "problem_id", "seat_id")),
        list(Idea.objects.order_by("pk").values_list("pk", "text", "best", "implementation")),
        list(ConceptGroup.objects.order_by("pk").values_list("pk", "label", "persona_id")),
    )


def fill_problems(tables, count, group=None, seat=None):
    return [
        services.problem_add(
            group=group or tables.group1, text=f"Ongelma {i}", seat=seat or tables.seat1
        )
        for i in range(count)
    ]


def picked_three(tables, facilitator):
    problems = fill_problems(tables, 4)
    for problem in problems[:3]:
        services.problem_pick(problem=problem, picked=True, by=facilitator)
    return problems


# --- the rules ---------------------------------------------------------------------------------


def test_a_sixteenth_problem_is_refused_and_nothing_changes(tables):
    fill_problems(tables, 15)
    before = snapshot()

    with pytest.raises(ValidationError, match="at most 15 problems"):
        services.problem_add(group=tables.group1, text="Kuudestoista", seat=tables.seat3)

    assert snapshot() == before
    assert tables.group1.problems.count() == 15


def test_a_paper_sheet_with_too_many_problems_enters_none_of_them(tables, facilitator):
    fill_problems(tables, 13)
    before = snapshot()

    with pytest.raises(ValidationError, match="at most 15 problems"):
        services.problems_add_lines(
            group=tables.group1, lines=["Yksi", "Kaksi", "Kolme"], by=facilitator
        )

    assert snapshot() == before


def test_a_fourth_pick_is_refused_and_nothing_changes(tables, facilitator):
    problems = picked_three(tables, facilitator)
    before = snapshot()

    with pytest.raises(ValidationError, match="already picked its 3 problems"):
        services.problem_pick(problem=problems[3], picked=True, by=facilitator)

    assert snapshot() == before
    assert tables.group1.problems.filter(picked=True).count() == 3


def test_a_sixth_idea_is_refused_and_nothing_changes(tables, facilitator):
    problem = picked_three(tables, facilitator)[0]
    for i in range(5):
        services.idea_add(problem=problem, text=f"Idea {i}", seat=tables.seat1)
    before = snapshot()

    with pytest.raises(ValidationError, match="at most 5 ideas"):
        services.idea_add(problem=problem, text="Kuudes", seat=tables.seat3)

    assert snapshot() == before


def test_ideas_are_written_only_for_a_picked_problem(tables, facilitator):
    problems = picked_three(tables, facilitator)
    before = snapshot()

    with pytest.raises(ValidationError, match="only for the group's three picked problems"):
        services.idea_add(problem=problems[3], text="Idea", seat=tables.seat1)

    assert snapshot() == before


def test_the_best_idea_of_an_unpicked_problem_is_refused_and_nothing_changes(tables, facilitator):
    problem = picked_three(tables, facilitator)[0]
    idea = services.idea_add(problem=problem, text="Hyvä idea", seat=tables.seat1)
    # The facilitator takes the pick back: its ideas stay but none may be the best.
    services.problem_pick(problem=problem, picked=False, by=facilitator)
    before = snapshot()

    with pytest.raises(ValidationError, match="only for one of the group's three picked"):
        services.idea_best(idea=idea, seat=tables.seat1)

    assert snapshot() == before
    idea.refresh_from_db()
    assert not idea.best


def test_writing_for_another_groups_table_is_refused_and_nothing_changes(tables, facilitator):
    theirs = services.problem_add(group=tables.group2, text="Heidän", seat=tables.seat2)
    services.problem_pick(problem=theirs, picked=True, by=facilitator)
    their_idea = services.idea_add(problem=theirs, text="Heidän idea", seat=tables.seat2)
    before = snapshot()

    attempts = [
        lambda: services.problem_add(group=tables.group2, text="Vieras", seat=tables.seat1),
        lambda: services.idea_add(problem=theirs, text="Vieras", seat=tables.seat1),
        lambda: services.idea_best(idea=their_idea, seat=tables.seat1),
        lambda: services.idea_implementation(idea=their_idea, text="Näin", seat=tables.seat1),
        lambda: services.problem_dot(problem=theirs, seat=tables.seat1),
        lambda: services.problems_pick_by_dots(group=tables.group2, seat=tables.seat1),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="another group's table"):
            attempt()

    assert snapshot() == before


def test_a_closed_stage_takes_no_more_writes(tables, facilitator):
    live_services.activity_set_state(
        activity=tables.problems, state=ActivityState.CLOSED, by=facilitator
    )
    with pytest.raises(ValidationError, match="stage is closed"):
        services.problem_add(group=tables.group1, text="Myöhässä", seat=tables.seat1)
    assert not Problem.objects.exists()


# --- dots -------------------------------------------------------------------------------------


def test_dots_pick_the_three_with_the_most(tables):
    problems = fill_problems(tables, 5)
    for seat in (tables.seat1, tables.seat3):
        for problem in (problems[1], problems[3]):
            services.problem_dot(problem=problem, seat=seat)
    services.problem_dot(problem=problems[4], seat=tables.seat1)

    picked = services.problems_pick_by_dots(group=tables.group1, seat=tables.seat3)

    assert [p.pk for p in picked] == [problems[1].pk, problems[3].pk, problems[4].pk]
    assert set(tables.group1.problems.filter(picked=True).values_list("pk", flat=True)) == {
        problems[1].pk,
        problems[3].pk,
        problems[4].pk,
    }


def test_a_seat_has_three_dots_and_can_take_one_back(tables):
    problems = fill_problems(tables, 4)
    for problem in problems[:3]:
        assert services.problem_dot(problem=problem, seat=tables.seat1) is True
    before = snapshot()

    with pytest.raises(ValidationError, match="used your 3 dots"):
        services.problem_dot(problem=problems[3], seat=tables.seat1)
    assert snapshot() == before

    assert services.problem_dot(problem=problems[0], seat=tables.seat1) is False
    assert services.problem_dot(problem=problems[3], seat=tables.seat1) is True


def test_a_tie_for_the_third_place_is_refused(tables):
    problems = fill_problems(tables, 4)
    for problem in problems:
        services.problem_dot(
            problem=problem, seat=tables.seat1 if problem != problems[3] else tables.seat3
        )
    before = snapshot()

    with pytest.raises(ValidationError, match="tied"):
        services.problems_pick_by_dots(group=tables.group1, seat=tables.seat1)

    assert snapshot() == before


def test_a_facilitator_picked_group_has_no_dot_vote(tables, facilitator):
    services.group_update(
        group=tables.group1,
        persona_id=None,
        label="Rutinoituneet",
        service_area="Health",
        pick_method=ProblemPickMethod.FACILITATOR,
        by=facilitator,
    )
    problem = fill_problems(tables, 1)[0]
    with pytest.raises(ValidationError, match="facilitator picks"):
        services.problem_dot(problem=problem, seat=tables.seat1)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    moves=st.lists(
        st.tuples(st.sampled_from(["add", "pick", "unpick", "idea"]), st.integers(0, 19)),
        max_size=40,
    )
)
def test_whatever_is_tried_the_funnel_never_overflows(tables, facilitator, moves):
    """However adds, picks, unpicks and ideas interleave, no group holds more than 15
    problems, 3 picked, or 5 ideas a problem, and ideas of a picked problem only grow there."""
    for action, index in moves:
        problems = list(tables.group1.problems.order_by("pk"))
        try:
            if action == "add":
                services.problem_add(group=tables.group1, text=f"P{index}", seat=tables.seat1)
            elif problems and action in ("pick", "unpick"):
                services.problem_pick(
                    problem=problems[index % len(problems)],
                    picked=action == "pick",
                    by=facilitator,
                )
            elif problems:
                services.idea_add(
                    problem=problems[index % len(problems)], text="I", seat=tables.seat1
                )
        except ValidationError:
            pass
        assert tables.group1.problems.count() <= 15
        assert tables.group1.problems.filter(picked=True).count() <= 3
        assert all(p.ideas.count() <= 5 for p in tables.group1.problems.all())


# --- groups, personas and the suggested service area ----------------------------------------------


def test_groups_are_suggested_from_personas_and_their_top_budgeted_area(
    process, facilitator, personas
):
    groups = services.groups_set_up(workshop=workshop4(process), by=facilitator)

    # The most budgeting persona first, each with its top area; then the second areas; the
    # seed's eight groups need more than the five pairs here, so the list starts again.
    assert [(g.number, g.label, g.service_area) for g in groups] == [
        (1, "Rutinoituneet", "Health services"),
        (2, "Vähään tyytyvät", "Sports and exercise"),
        (3, "Me-eläjät", "Health services"),
        (4, "Rutinoituneet", "Culture and education"),
        (5, "Vähään tyytyvät", "Health services"),
        (6, "Rutinoituneet", "Health services"),
        (7, "Vähään tyytyvät", "Sports and exercise"),
        (8, "Me-eläjät", "Health services"),
    ]
    assert all(g.persona_id != 104 for g in groups)  # the unpublishable persona is not offered
    with pytest.raises(ValidationError, match="already has its groups"):
        services.groups_set_up(workshop=workshop4(process), by=facilitator)


def test_a_group_gets_its_personas_top_area_unless_the_facilitator_changes_it(
    process, facilitator, personas
):
    group = services.group_create(
        workshop=workshop4(process), number=1, persona_id=101, by=facilitator
    )
    assert (group.label, group.service_area) == ("Rutinoituneet", "Health services")

    services.group_update(
        group=group,
        persona_id=101,
        label="",
        service_area="Culture and education",
        pick_method=ProblemPickMethod.DOTS,
        by=facilitator,
    )
    group.refresh_from_db()
    assert group.service_area == "Culture and education"


def test_an_unpublishable_persona_is_refused(process, facilitator, personas):
    with pytest.raises(ValidationError, match="published persona"):
        services.group_create(workshop=workshop4(process), number=1, persona_id=104, by=facilitator)
    assert not ConceptGroup.objects.exists()


def test_without_the_analysis_and_budgeting_tools_groups_are_named_by_hand(
    monkeypatch, process, facilitator
):
    monkeypatch.delitem(registry.tool("analysis").provides, "personas.of_process")
    monkeypatch.delitem(registry.tool("budgeting").provides, "budgeting.areas_by_persona")

    assert services.persona_refs(process) is None
    assert services.suggested_area(process, 101) == ""
    with pytest.raises(ValidationError, match="need the analysis tool"):
        services.group_create(workshop=workshop4(process), number=1, persona_id=1, by=facilitator)
    with pytest.raises(ValidationError, match="No published persona"):
        services.groups_set_up(workshop=workshop4(process), by=facilitator)
    group = services.group_create(
        workshop=workshop4(process), number=1, label="Kylän nuoret", by=facilitator
    )
    assert (group.persona_id, group.service_area) == (None, "")


# --- concepts ---------------------------------------------------------------------------------


def best_idea(tables, facilitator, problem_index=0):
    problems = list(tables.group1.problems.filter(picked=True).order_by("pk"))
    if not problems:
        problems = picked_three(tables, facilitator)[:3]
    idea = services.idea_add(problem=problems[problem_index], text="Paras", seat=tables.seat1)
    return services.idea_best(idea=idea, seat=tables.seat1)


def test_a_concept_gathers_best_ideas_and_derives_its_personas(
    process, tables, facilitator, personas
):
    from .. import selectors

    services.group_update(
        group=tables.group1,
        persona_id=101,
        label="",
        service_area="Health",
        pick_method=ProblemPickMethod.DOTS,
        by=facilitator,
    )
    idea = best_idea(tables, facilitator)
    concept = services.concept_create(
        process=process,
        name="Arjen pelastajat",
        name_sv="Vardagens räddare",
        aim="Nuoret auttavat",
        target_groups=[TargetGroup.YOUNG, TargetGroup.OLDER],
        ideas=[idea],
        by=facilitator,
    )
    concept = selectors.concepts_of_process(process).get(pk=concept.pk)

    assert selectors.concept_persona_ids(concept) == [101]
    assert [p.pk for p in selectors.concept_problems(concept)] == [idea.problem_id]
    assert concept.target_groups == ["young", "older"]


def test_a_concept_takes_only_best_ideas_and_known_target_groups(process, tables, facilitator):
    problem = picked_three(tables, facilitator)[0]
    plain = services.idea_add(problem=problem, text="Tavallinen", seat=tables.seat1)

    with pytest.raises(ValidationError) as error:
        services.concept_create(process=process, name="X", ideas=[plain], by=facilitator)
    assert "best ideas" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.concept_create(process=process, name="X", target_groups=["aliens"], by=facilitator)
    assert "target groups" in str(error.value)
    assert not Concept.objects.exists()


def test_a_concept_is_published_with_a_best_idea_and_can_be_unpublished(
    process, tables, facilitator
):
    empty = services.concept_create(process=process, name="Tyhjä", by=facilitator)
    with pytest.raises(ValidationError, match="at least one best idea"):
        services.concept_publish(concept=empty, by=facilitator)

    concept = services.concept_create(
        process=process,
        name="Arjen pelastajat",
        ideas=[best_idea(tables, facilitator)],
        by=facilitator,
    )
    services.concept_publish(concept=concept, by=facilitator)
    assert concept.is_published and concept.published_at is not None
    with pytest.raises(ValidationError, match="Unpublish"):
        services.concept_delete(concept=concept, by=facilitator)
    services.concept_unpublish(concept=concept, by=facilitator)
    services.concept_delete(concept=concept, by=facilitator)
    assert list(Concept.objects.values_list("name", flat=True)) == ["Tyhjä"]


def test_a_concept_name_is_unique_in_the_process(process, facilitator):
    services.concept_create(process=process, name="Arjen pelastajat", by=facilitator)
    with pytest.raises(ValidationError) as error:
        services.concept_create(process=process, name="Arjen pelastajat", by=facilitator)
    assert "already has a concept" in str(error.value)
    assert Concept.objects.count() == 1
