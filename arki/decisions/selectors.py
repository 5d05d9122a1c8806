"""Permission-checked reads of the decisions tool; views fetch only through these."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from arki.core.models import Process, User
from arki.core.selectors.processes import get_process_for_user


def process_for_view(user: User | AnonymousUser, slug: str) -> Process:
    """The process whose decisions pages `user` may see (404/403 otherwise)."""
    return get_process_for_user(user, slug, "decisions.view")


# --- concept workshop and concepts (dconcept) ---------------------------------------------------

from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

from django.db.models import Count, Prefetch, QuerySet  # noqa: E402
from django.http import Http404  # noqa: E402

from arki.core.models import LiveSession, Seat, SessionActivity, Workshop  # noqa: E402

from .models import Concept, ConceptGroup, Idea, Problem, ProblemDot  # noqa: E402
from .services.concept import CONCEPT_KEYS, PROBLEMS_KEY, persona_refs  # noqa: E402


@dataclass
class Funnel:
    """One group's way from problems to best ideas, for phones, the projector and staff."""

    group: ConceptGroup
    problems: list[Problem]
    picked: list[Problem] = field(default_factory=list)
    members: int = 0

    @property
    def best_ideas(self) -> list[Idea]:
        return [i for p in self.picked for i in p.idea_list if i.best]  # type: ignore[attr-defined]


def _funnels(groups: QuerySet[ConceptGroup]) -> list[Funnel]:
    """Funnels of the groups in three queries whatever their size (groups, problems with
    their dot counts, ideas)."""
    problems = Problem.objects.annotate(dot_count=Count("dots")).order_by("position", "pk")
    rows = list(
        groups.annotate(member_count=Count("members", distinct=True)).prefetch_related(
            Prefetch("problems", queryset=problems),
            Prefetch("problems__ideas", queryset=Idea.objects.order_by("position", "pk")),
        )
    )
    funnels = []
    for group in rows:
        group_problems = list(group.problems.all())
        for problem in group_problems:
            problem.idea_list = list(problem.ideas.all())  # type: ignore[attr-defined]
        funnels.append(
            Funnel(
                group=group,
                problems=group_problems,
                picked=[p for p in group_problems if p.picked],
                members=group.member_count,  # type: ignore[attr-defined]
            )
        )
    return funnels


def workshop_funnels(workshop: Workshop) -> list[Funnel]:
    return _funnels(ConceptGroup.objects.filter(workshop=workshop).order_by("number"))


def group_funnel(group: ConceptGroup) -> Funnel:
    return _funnels(ConceptGroup.objects.filter(pk=group.pk))[0]


def concept_activity(session: LiveSession, pk: int) -> SessionActivity:
    """A concept-workshop activity of this session (any state: a closed one is read-only)."""
    activity = session.activities.filter(pk=pk, kind__in=CONCEPT_KEYS).first()
    if activity is None:
        raise Http404
    return activity


def group_of_seat(activity: SessionActivity, seat: Seat) -> ConceptGroup | None:
    return ConceptGroup.objects.filter(members__activity=activity, members__seat=seat).first()


def group_of_seat_in_session(seat: Seat) -> ConceptGroup | None:
    """The table the seat sat at in another stage of the same session (offered again)."""
    return ConceptGroup.objects.filter(members__seat=seat).order_by("-members__created_at").first()


def dots_of_seat(group: ConceptGroup, seat: Seat) -> set[int]:
    return set(
        ProblemDot.objects.filter(problem__group=group, seat=seat).values_list(
            "problem_id", flat=True
        )
    )


def problem_of_group(group: ConceptGroup, pk: int) -> Problem:
    problem = Problem.objects.select_related("group").filter(group=group, pk=pk).first()
    if problem is None:
        raise Http404
    return problem


def idea_of_group(group: ConceptGroup, pk: int) -> Idea:
    idea = Idea.objects.select_related("problem__group").filter(problem__group=group, pk=pk).first()
    if idea is None:
        raise Http404
    return idea


def problem_in_activity(activity: SessionActivity, pk: int) -> Problem:
    """A problem of any table of the activity's workshop; the service refuses another
    table's problem with a clear message."""
    problem = (
        Problem.objects.select_related("group")
        .filter(pk=pk, group__workshop_id=activity.session.workshop_id)
        .first()
    )
    if problem is None:
        raise Http404
    return problem


def idea_in_activity(activity: SessionActivity, pk: int) -> Idea:
    idea = (
        Idea.objects.select_related("problem__group")
        .filter(pk=pk, problem__group__workshop_id=activity.session.workshop_id)
        .first()
    )
    if idea is None:
        raise Http404
    return idea


def concept_workshops(process: Process) -> list[Workshop]:
    """The process's concept workshops: those planning the problems activity (workshop 4)."""
    return [w for w in process.workshops.order_by("position") if PROBLEMS_KEY in w.activities]


def workshop_of_process(process: Process, position: int) -> Workshop:
    workshop = process.workshops.filter(position=position).first()
    if workshop is None:
        raise Http404
    return workshop


def get_group_for_user(user: User | AnonymousUser, slug: str, pk: int, action: str) -> ConceptGroup:
    process = get_process_for_user(user, slug, action)
    group = (
        ConceptGroup.objects.select_related("workshop__process")
        .filter(pk=pk, workshop__process=process)
        .first()
    )
    if group is None:
        raise Http404
    return group


def persona_choices(process: Process) -> list[tuple[int, str]] | None:
    """Publishable personas a group may be given; None when no tool provides personas."""
    refs = persona_refs(process)
    return None if refs is None else [(p.id, p.name) for p in refs if p.publishable]


def persona_names(process: Process) -> dict[int, str]:
    return {p.id: p.name for p in persona_refs(process) or []}


def concepts_of_process(process: Process) -> QuerySet[Concept]:
    return Concept.objects.filter(process=process).prefetch_related(
        Prefetch(
            "ideas",
            queryset=Idea.objects.select_related("problem__group").order_by(
                "problem__group__number", "problem__position", "pk"
            ),
        ),
        Prefetch("problems", queryset=Problem.objects.select_related("group")),
    )


def get_concept_for_user(user: User | AnonymousUser, slug: str, pk: int, action: str) -> Concept:
    process = get_process_for_user(user, slug, action)
    concept = concepts_of_process(process).filter(pk=pk).first()
    if concept is None:
        raise Http404
    return concept


def best_ideas_of_process(process: Process) -> QuerySet[Idea]:
    return (
        Idea.objects.filter(best=True, problem__group__workshop__process=process)
        .select_related("problem__group")
        .order_by("problem__group__number", "problem__position", "pk")
    )


def picked_problems_of_process(process: Process) -> QuerySet[Problem]:
    return (
        Problem.objects.filter(picked=True, group__workshop__process=process)
        .select_related("group")
        .order_by("group__number", "position", "pk")
    )


def concept_problems(concept: Concept) -> list[Problem]:
    """The problems a concept answers: those of its ideas and any added (prefetched)."""
    found: dict[int, Problem] = {}
    for idea in concept.ideas.all():
        found.setdefault(idea.problem_id, idea.problem)
    for problem in concept.problems.all():
        found.setdefault(problem.pk, problem)
    return list(found.values())


def concept_persona_ids(concept: Concept) -> list[int]:
    """Personas a concept answers: ideas → problem → group's persona (prefetched)."""
    ids = [p.group.persona_id for p in concept_problems(concept)]
    return sorted({i for i in ids if i is not None})


def concept_rows(process: Process) -> list[dict[str, Any]]:
    """Concepts as plain data (the JSON and CSV exports, the list page)."""
    names = persona_names(process)
    rows = []
    for concept in concepts_of_process(process):
        persona_ids = concept_persona_ids(concept)
        rows.append(
            {
                "id": concept.pk,
                "name": concept.name,
                "name_sv": concept.name_sv,
                "name_en": concept.name_en,
                "aim": concept.aim,
                "aim_sv": concept.aim_sv,
                "aim_en": concept.aim_en,
                "target_groups": list(concept.target_groups),
                "is_published": concept.is_published,
                "personas": [{"id": pid, "name": names.get(pid, "")} for pid in persona_ids],
                "problems": [
                    {"id": p.pk, "group": p.group.number, "text": p.text}
                    for p in concept_problems(concept)
                ],
                "ideas": [
                    {
                        "id": i.pk,
                        "group": i.problem.group.number,
                        "problem_id": i.problem_id,
                        "text": i.text,
                        "implementation": i.implementation,
                    }
                    for i in concept.ideas.all()
                ],
            }
        )
    return rows
