"""Writes of the concept workshop (workshop 4) and of concepts: `<entity>_<verb>(*, …, by)`.

The seed's funnel is enforced here, not in forms, so a hand-made request, the phone page, the
paper entry and the demo all get the same clear message and change nothing: at most
`MAX_PROBLEMS` problems a group, `PICKED_PROBLEMS` picked, `IDEAS_PER_PROBLEM` ideas for a
picked problem, one best idea for a picked problem. Participants write through their seat
(`seat=`) and only for the table they sat at, while the session and the activity are open;
staff write through their account (`by=`, the view checked their action).

Personas are plain ids checked through `personas.of_process`; the service area is suggested
from `budgeting.areas_by_persona`. Both are registry capabilities: either tool may be absent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from arki.core.enums import ActivityState, TargetGroup
from arki.core.models import Process, Seat, SessionActivity, User, Workshop
from arki.core.registry import registry
from arki.core.services.writes import create_clean, save_fields

from ..enums import ProblemPickMethod
from ..models import (
    IDEAS_PER_PROBLEM,
    MAX_PROBLEMS,
    PICKED_PROBLEMS,
    SHORT_TEXT,
    Concept,
    ConceptGroup,
    ConceptGroupSeat,
    Idea,
    Problem,
    ProblemDot,
    Selection,
)

#: The activity keys of the concept workshop (process template, workshop 4).
PROBLEMS_KEY = "decisions.problems"
IDEAS_KEY = "decisions.ideas"
CONCEPT_KEYS = (PROBLEMS_KEY, IDEAS_KEY)
#: Each member of a group has as many dots as the group picks problems.
DOTS_PER_SEAT = PICKED_PROBLEMS
#: The seed's eight groups (brief §2.6).
DEFAULT_GROUPS = 8
IMPLEMENTATION_MAX = 2000
PERSONAS_CAPABILITY = "personas.of_process"
AREAS_CAPABILITY = "budgeting.areas_by_persona"


# --- personas and service areas through the registry -----------------------------------------


def persona_refs(process: Process) -> list[Any] | None:
    """The process's personas (`id`, `name`, `publishable`), or None without a provider."""
    personas_of_process = registry.capability(PERSONAS_CAPABILITY)
    return None if personas_of_process is None else list(personas_of_process(process))


def areas_by_persona(process: Process) -> dict[int, list[tuple[str, int]]]:
    """Voucher results by persona, most budgeted area first; empty without budgeting."""
    provider = registry.capability(AREAS_CAPABILITY)
    return {} if provider is None else dict(provider(process))


def suggested_area(process: Process, persona_id: int | None) -> str:
    """The persona's top-budgeted service area, or "" when nothing suggests one."""
    if persona_id is None:
        return ""
    areas = areas_by_persona(process).get(persona_id) or []
    return str(areas[0][0]) if areas else ""


def _persona(process: Process, persona_id: int | None) -> Any:
    if persona_id is None:
        return None
    refs = persona_refs(process)
    if refs is None:
        raise ValidationError(
            {"persona_id": _("Personas need the analysis tool, which is not installed.")}
        )
    found = next((p for p in refs if p.id == persona_id), None)
    if found is None or not found.publishable:
        raise ValidationError(
            {"persona_id": _("Choose a published persona (one with enough supporters).")}
        )
    return found


# --- groups -------------------------------------------------------------------------------------


@transaction.atomic
def group_create(
    *,
    workshop: Workshop,
    number: int,
    persona_id: int | None = None,
    label: str = "",
    service_area: str | None = None,
    pick_method: str = ProblemPickMethod.DOTS,
    by: User | None,
) -> ConceptGroup:
    """A table of the concept workshop: its persona, its service area (suggested from the
    persona's voucher results when not given) and how it picks its three problems."""
    persona = _persona(workshop.process, persona_id)
    label = (label or "").strip() or (persona.name if persona else "")
    if not label:
        raise ValidationError({"label": _("Choose a persona or name the group's theme.")})
    if service_area is None:
        service_area = suggested_area(workshop.process, persona_id)
    if ConceptGroup.objects.filter(workshop=workshop, number=number).exists():
        raise ValidationError(
            {"number": _("The workshop already has a group %(number)d.") % {"number": number}}
        )
    return create_clean(
        ConceptGroup,
        by=by,
        workshop=workshop,
        number=number,
        persona_id=persona_id,
        label=label[:200],
        service_area=service_area.strip()[:200],
        pick_method=pick_method,
    )


@transaction.atomic
def group_update(
    *,
    group: ConceptGroup,
    persona_id: int | None,
    label: str,
    service_area: str,
    pick_method: str,
    by: User | None,
) -> ConceptGroup:
    persona = (
        _persona(group.workshop.process, persona_id) if persona_id != group.persona_id else None
    )
    label = (label or "").strip() or (persona.name if persona else group.label)
    if pick_method != group.pick_method and group.problems.filter(picked=True).exists():
        raise ValidationError(
            {"pick_method": _("The three problems are already picked: the method stays.")}
        )
    group.persona_id = persona_id
    group.label = label[:200]
    group.service_area = (service_area or "").strip()[:200]
    group.pick_method = pick_method
    save_fields(group, by, ["persona_id", "label", "service_area", "pick_method"], clean=True)
    return group


def suggested_groups(process: Process, count: int = DEFAULT_GROUPS) -> list[tuple[Any, str]]:
    """(persona, service area) for `count` groups: the publishable personas with the most
    vouchers first, each with its top area; when there are fewer personas than groups, the
    next round gives each persona its second area, and so on (the seed: one profile and its
    top-budgeted area per group); when those run out, the list starts again from the top."""
    refs = [p for p in persona_refs(process) or [] if p.publishable]
    if not refs:
        return []
    areas = areas_by_persona(process)
    refs.sort(key=lambda p: (-sum(v for _a, v in areas.get(p.id, [])), p.name))
    pairs: list[tuple[Any, str]] = []
    rank = 0
    while len(pairs) < count:
        added = False
        for persona in refs:
            persona_areas = areas.get(persona.id, [])
            if rank < len(persona_areas) or (rank == 0 and not persona_areas):
                area = persona_areas[rank][0] if persona_areas else ""
                pairs.append((persona, str(area)))
                added = True
                if len(pairs) == count:
                    break
        if not added:
            break
        rank += 1
    # Still fewer pairs than groups: tables share a persona and its top area from the start.
    index = 0
    while len(pairs) < count:
        persona = refs[index % len(refs)]
        top = areas.get(persona.id, [])
        pairs.append((persona, str(top[0][0]) if top else ""))
        index += 1
    return pairs


@transaction.atomic
def groups_set_up(
    *, workshop: Workshop, count: int = DEFAULT_GROUPS, by: User | None
) -> list[ConceptGroup]:
    """Create the workshop's groups from the suggestion (facilitators edit them afterwards)."""
    if ConceptGroup.objects.filter(workshop=workshop).exists():
        raise ValidationError(_("The workshop already has its groups: edit them one by one."))
    pairs = suggested_groups(workshop.process, count)
    if not pairs:
        raise ValidationError(
            _("No published persona to suggest groups from: add the groups one by one.")
        )
    return [
        group_create(
            workshop=workshop,
            number=number,
            persona_id=persona.id,
            label=persona.name,
            service_area=area,
            by=by,
        )
        for number, (persona, area) in enumerate(pairs, start=1)
    ]


@transaction.atomic
def group_join(*, activity: SessionActivity, seat: Seat, number: int) -> ConceptGroup:
    """Sit `seat` at table `number` of the activity's workshop (moving tables is allowed)."""
    if activity.kind not in CONCEPT_KEYS:
        raise ValidationError(_("This activity has no concept-workshop tables."))
    if seat.session_id != activity.session_id:
        raise ValidationError(_("This seat is not in this session."))
    group = ConceptGroup.objects.filter(
        workshop_id=activity.session.workshop_id, number=number
    ).first()
    if group is None:
        raise ValidationError(_("Choose your table."))
    ConceptGroupSeat.objects.update_or_create(
        activity=activity, seat=seat, defaults={"group": group}
    )
    return group


def _check_writer(group: ConceptGroup, seat: Seat | None, by: User | None, kind: str) -> None:
    """A seat writes only for its own table, in an open activity of the right stage."""
    if seat is None:
        if by is None:
            raise ValidationError(_("Join the workshop to write for your group."))
        return
    membership = (
        ConceptGroupSeat.objects.filter(seat=seat, activity__kind=kind, group=group)
        .select_related("activity__session")
        .first()
    )
    if membership is None:
        raise ValidationError(_("This belongs to another group's table: write for your own."))
    activity = membership.activity
    if not activity.session.is_open or activity.state != ActivityState.OPEN:
        raise ValidationError(_("This stage is closed: the session or the activity has ended."))


def _text(text: str, *, empty: str, limit: int = SHORT_TEXT) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(empty)
    if len(text) > limit:
        raise ValidationError(
            _("Keep it to %(max)d characters; this has %(count)d.")
            % {"max": limit, "count": len(text)}
        )
    return text


def _lock(group: ConceptGroup) -> None:
    """Two phones writing for one table at once wait for each other (counts stay true)."""
    ConceptGroup.objects.select_for_update().filter(pk=group.pk).first()


# --- problems and the pick of three -------------------------------------------------------------


@transaction.atomic
def problem_add(
    *,
    group: ConceptGroup,
    text: str,
    seat: Seat | None = None,
    by: User | None = None,
    paper_entered: bool = False,
) -> Problem:
    text = _text(text, empty=_("Write the problem."))
    _check_writer(group, seat, by, PROBLEMS_KEY)
    _lock(group)
    count = group.problems.count()
    if count >= MAX_PROBLEMS:
        raise ValidationError(
            _("A group lists at most %(max)d problems, and this group has %(max)d already.")
            % {"max": MAX_PROBLEMS}
        )
    return create_clean(
        Problem,
        by=by,
        group=group,
        text=text,
        position=count,
        seat=seat,
        paper_entered=paper_entered,
    )


@transaction.atomic
def problems_add_lines(
    *, group: ConceptGroup, lines: Iterable[str], by: User | None, paper_entered: bool = True
) -> list[Problem]:
    """Staff type in a paper sheet's problems; all are added or (one refused) none."""
    texts = [line for line in (" ".join(line.split()) for line in lines) if line]
    if not texts:
        raise ValidationError(_("Write the problem."))
    return [
        problem_add(group=group, text=text, by=by, paper_entered=paper_entered) for text in texts
    ]


@transaction.atomic
def problem_remove(*, problem: Problem, seat: Seat | None = None, by: User | None = None) -> None:
    _check_writer(problem.group, seat, by, PROBLEMS_KEY)
    if problem.picked or problem.ideas.exists():
        raise ValidationError(_("A picked problem or one with ideas cannot be removed."))
    problem.delete()


@transaction.atomic
def problem_dot(*, problem: Problem, seat: Seat) -> bool:
    """Place the seat's dot on the problem, or take it back; True when a dot was placed."""
    group = problem.group
    _check_writer(group, seat, None, PROBLEMS_KEY)
    _lock(group)
    if group.pick_method != ProblemPickMethod.DOTS:
        raise ValidationError(_("The facilitator picks this group's three problems."))
    if group.problems.filter(picked=True).exists():
        raise ValidationError(_("The three problems are already picked: the dot vote is over."))
    existing = ProblemDot.objects.filter(problem=problem, seat=seat).first()
    if existing is not None:
        existing.delete()
        return False
    used = ProblemDot.objects.filter(problem__group=group, seat=seat).count()
    if used >= DOTS_PER_SEAT:
        raise ValidationError(
            _("You have used your %(count)d dots: take one back to move it.")
            % {"count": DOTS_PER_SEAT}
        )
    create_clean(ProblemDot, by=None, problem=problem, seat=seat)
    return True


@transaction.atomic
def problems_pick_by_dots(
    *, group: ConceptGroup, seat: Seat | None = None, by: User | None = None
) -> list[Problem]:
    """Pick the three problems with the most dots; a tie for the last place is refused."""
    _check_writer(group, seat, by, PROBLEMS_KEY)
    _lock(group)
    if group.pick_method != ProblemPickMethod.DOTS:
        raise ValidationError(_("The facilitator picks this group's three problems."))
    if group.problems.filter(picked=True).exists():
        raise ValidationError(_("The three problems are already picked: the dot vote is over."))
    ranked = list(
        group.problems.annotate(n=Count("dots")).filter(n__gt=0).order_by("-n", "position", "pk")
    )
    if len(ranked) < PICKED_PROBLEMS:
        raise ValidationError(
            _("Put dots on at least %(count)d problems first.") % {"count": PICKED_PROBLEMS}
        )
    last = ranked[PICKED_PROBLEMS - 1].n
    if len(ranked) > PICKED_PROBLEMS and ranked[PICKED_PROBLEMS].n == last:
        raise ValidationError(
            _(
                "Problems are tied for the last of the %(count)d places with %(dots)d dots: "
                "move a dot to break the tie, or ask the facilitator to choose."
            )
            % {"count": PICKED_PROBLEMS, "dots": last}
        )
    picked: list[Problem] = list(ranked[:PICKED_PROBLEMS])
    for problem in picked:
        problem.picked = True
        save_fields(problem, by, ["picked"])
    return picked


@transaction.atomic
def problem_pick(*, problem: Problem, picked: bool, by: User | None) -> Problem:
    """The facilitator's choice: pick a problem (one of three) or take the pick back."""
    group = problem.group
    _lock(group)
    problem.refresh_from_db()
    if picked == problem.picked:
        return problem
    if picked:
        if group.problems.filter(picked=True).count() >= PICKED_PROBLEMS:
            raise ValidationError(
                _("The group has already picked its %(count)d problems: unpick one first.")
                % {"count": PICKED_PROBLEMS}
            )
    else:
        if Concept.objects.filter(ideas__problem=problem).exists():
            raise ValidationError(_("An idea of this problem is in a concept: it stays picked."))
        # Its ideas are kept (they come back if it is picked again), none of them the best.
        problem.ideas.filter(best=True).update(best=False)
    problem.picked = picked
    save_fields(problem, by, ["picked"])
    return problem


# --- ideas and the best idea --------------------------------------------------------------------


def _check_picked(problem: Problem, message: str) -> None:
    if not problem.picked:
        raise ValidationError(message)


@transaction.atomic
def idea_add(
    *,
    problem: Problem,
    text: str,
    seat: Seat | None = None,
    by: User | None = None,
    paper_entered: bool = False,
) -> Idea:
    text = _text(text, empty=_("Write the idea."))
    _check_writer(problem.group, seat, by, IDEAS_KEY)
    _lock(problem.group)
    problem.refresh_from_db()
    _check_picked(problem, _("Ideas are written only for the group's three picked problems."))
    count = problem.ideas.count()
    if count >= IDEAS_PER_PROBLEM:
        raise ValidationError(
            _("A problem gets at most %(max)d ideas, and this one has %(max)d already.")
            % {"max": IDEAS_PER_PROBLEM}
        )
    return create_clean(
        Idea,
        by=by,
        problem=problem,
        text=text,
        position=count,
        seat=seat,
        paper_entered=paper_entered,
    )


@transaction.atomic
def ideas_add_lines(
    *, problem: Problem, lines: Iterable[str], by: User | None, paper_entered: bool = True
) -> list[Idea]:
    """Staff type in a paper sheet's ideas for one problem; all are added or none."""
    texts = [line for line in (" ".join(line.split()) for line in lines) if line]
    if not texts:
        raise ValidationError(_("Write the idea."))
    return [idea_add(problem=problem, text=t, by=by, paper_entered=paper_entered) for t in texts]


@transaction.atomic
def idea_remove(*, idea: Idea, seat: Seat | None = None, by: User | None = None) -> None:
    _check_writer(idea.problem.group, seat, by, IDEAS_KEY)
    if idea.concepts.exists():
        raise ValidationError(_("This idea is in a concept and cannot be removed."))
    idea.delete()


@transaction.atomic
def idea_best(
    *,
    idea: Idea,
    seat: Seat | None = None,
    by: User | None = None,
    implementation: str | None = None,
) -> Idea:
    """Make `idea` its problem's best idea (the previous best stays an idea)."""
    problem = idea.problem
    _check_writer(problem.group, seat, by, IDEAS_KEY)
    _lock(problem.group)
    problem.refresh_from_db()
    _check_picked(
        problem, _("The best idea is picked only for one of the group's three picked problems.")
    )
    if implementation is not None:
        implementation = implementation.strip()
        if len(implementation) > IMPLEMENTATION_MAX:
            raise ValidationError(
                _("Keep it to %(max)d characters; this has %(count)d.")
                % {"max": IMPLEMENTATION_MAX, "count": len(implementation)}
            )
    # One best idea per problem (a database constraint): the old one steps down first.
    problem.ideas.filter(best=True).exclude(pk=idea.pk).update(best=False)
    idea.best = True
    fields = ["best"]
    if implementation is not None:
        idea.implementation = implementation
        fields.append("implementation")
    save_fields(idea, by, fields)
    return idea


@transaction.atomic
def idea_implementation(
    *, idea: Idea, text: str, seat: Seat | None = None, by: User | None = None
) -> Idea:
    """Sketch how to implement the best idea."""
    _check_writer(idea.problem.group, seat, by, IDEAS_KEY)
    idea.refresh_from_db()
    if not idea.best:
        raise ValidationError(_("Pick the idea as the best one before writing how to do it."))
    text = _text(text, empty=_("Write how to implement the idea."), limit=IMPLEMENTATION_MAX)
    idea.implementation = text
    save_fields(idea, by, ["implementation"])
    return idea


# --- concepts -----------------------------------------------------------------------------------


CONCEPT_TEXTS = ("name", "name_sv", "name_en", "aim", "aim_sv", "aim_en")


def _concept_links(
    process: Process, ideas: Sequence[Idea], problems: Sequence[Problem], target_groups: Any
) -> list[str]:
    if any(not idea.best or idea.problem.group.workshop.process_id != process.pk for idea in ideas):
        raise ValidationError(
            {"ideas": _("A concept gathers the best ideas of this process's groups.")}
        )
    if any(problem.group.workshop.process_id != process.pk for problem in problems):
        raise ValidationError({"problems": _("Choose problems of this process's groups.")})
    allowed = set(TargetGroup.values)
    groups = list(dict.fromkeys(str(g) for g in target_groups or []))
    if any(g not in allowed for g in groups):
        raise ValidationError({"target_groups": _("Choose target groups from the list.")})
    return groups


@transaction.atomic
def concept_create(
    *,
    process: Process,
    name: str,
    by: User | None,
    ideas: Sequence[Idea] = (),
    problems: Sequence[Problem] = (),
    target_groups: Sequence[str] = (),
    **texts: str,
) -> Concept:
    groups = _concept_links(process, ideas, problems, target_groups)
    name = (name or "").strip()
    if Concept.objects.filter(process=process, name=name).exists():
        raise ValidationError({"name": _("The process already has a concept of this name.")})
    values: dict[str, Any] = {
        **{k: (v or "").strip() for k, v in texts.items() if k in CONCEPT_TEXTS},
        "process": process,
        "name": name,
        "target_groups": groups,
    }
    concept = create_clean(Concept, by=by, **values)
    concept.ideas.set(ideas)
    concept.problems.set(problems)
    return concept


@transaction.atomic
def concept_update(
    *,
    concept: Concept,
    by: User | None,
    ideas: Sequence[Idea] | None = None,
    problems: Sequence[Problem] | None = None,
    target_groups: Sequence[str] | None = None,
    **texts: str,
) -> Concept:
    process = concept.process
    groups = _concept_links(
        process,
        ideas if ideas is not None else [],
        problems if problems is not None else [],
        target_groups if target_groups is not None else concept.target_groups,
    )
    changed = []
    for key, value in texts.items():
        if key in CONCEPT_TEXTS:
            setattr(concept, key, (value or "").strip())
            changed.append(key)
    if (
        "name" in changed
        and Concept.objects.filter(process=process, name=concept.name)
        .exclude(pk=concept.pk)
        .exists()
    ):
        raise ValidationError({"name": _("The process already has a concept of this name.")})
    concept.target_groups = groups
    save_fields(concept, by, [*changed, "target_groups"], clean=True)
    if ideas is not None:
        concept.ideas.set(ideas)
    if problems is not None:
        concept.problems.set(problems)
    return concept


@transaction.atomic
def concept_publish(*, concept: Concept, by: User | None) -> Concept:
    if not concept.ideas.exists():
        raise ValidationError(_("A concept is published with at least one best idea."))
    concept.is_published = True
    concept.published_at = timezone.now()
    save_fields(concept, by, ["is_published", "published_at"])
    return concept


@transaction.atomic
def concept_unpublish(*, concept: Concept, by: User | None) -> Concept:
    concept.is_published = False
    concept.published_at = None
    save_fields(concept, by, ["is_published", "published_at"])
    return concept


@transaction.atomic
def concept_delete(*, concept: Concept, by: User | None) -> None:
    if concept.is_published:
        raise ValidationError(_("Unpublish the concept before deleting it."))
    # Scores cascade with the concept: a scored candidate is kept with its selection.
    if Selection.objects.filter(concepts=concept).exists():
        raise ValidationError(_("The concept is a candidate of a selection: it is kept."))
    try:
        concept.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("A decision chose this concept: it is kept with the decision.")
        ) from error
