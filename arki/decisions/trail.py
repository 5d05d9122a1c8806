"""The decision trail: from an action back to the residents' diaries, and forward again.

Backward, from an action: its concept → the decision that chose it, with the criteria
scores of its selection → the criteria vote → the concept's ideas → the problems they answer
→ the personas the groups worked for → the diary quotes and voucher results behind those
personas. Forward, from a persona: the concepts whose problems came from a group working for
it, the decisions choosing them and their actions (`citing_persona`).

Personas, their quotes and the voucher results belong to other tools, read only through the
registry capabilities `personas.evidence` (analysis) and `budgeting.areas_by_persona`
(budgeting); either may be absent (the page says which part needs which tool).

Two audiences (`public`): staff see every step with redacted quotes; the public sees only
published rows and publishable personas (k supporters), and only quotes whose writer gave
consent — the analysis tool decides which. A chain is shown in public only as far as it is
published: an unpublished concept hides everything behind it (its ideas, problems and
personas), an unpublished decision hides its scores and the criteria vote. Every step is a
fixed number of queries, so the page costs the same whatever the size of the workshop.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q
from django.utils.translation import pgettext

from arki.core.models import Process
from arki.core.registry import registry

from .enums import WeightSource
from .models import (
    Action,
    Concept,
    ConceptGroup,
    Criterion,
    Decision,
    Idea,
    Problem,
    Score,
    Selection,
)

#: Provided by the analysis tool: (process, persona_ids, audience) -> {id: evidence}.
EVIDENCE_CAPABILITY = "personas.evidence"
#: Provided by the budgeting tool: (process) -> {persona id: [(area label, vouchers), …]}.
AREAS_CAPABILITY = "budgeting.areas_by_persona"
STAFF, PUBLIC = "staff", "public"


@dataclass
class ScoreRow:
    """One candidate concept of the selection: its average score per criterion and total."""

    concept: Concept
    chosen: bool
    cells: list[float | None]
    total: float


@dataclass
class CriterionRow:
    criterion: Criterion
    important: int
    not_important: int

    @property
    def share(self) -> int:
        votes = self.important + self.not_important
        return round(100 * self.important / votes) if votes else 0


@dataclass
class ProblemRow:
    problem: Problem
    group: ConceptGroup
    ideas: list[Idea]


@dataclass
class PersonaRow:
    """A persona on the trail: the analysis tool's evidence and the voucher results."""

    id: int
    evidence: Any
    areas: list[tuple[str, int]] | None
    groups: list[ConceptGroup]


@dataclass
class Trail:
    action: Action
    public: bool
    concept: Concept | None = None
    decision: Decision | None = None
    #: The published (or, for staff, any) decision that replaced `decision`, if any.
    superseded_by: Decision | None = None
    selection: Selection | None = None
    criteria_columns: list[Criterion] = field(default_factory=list)
    scores: list[ScoreRow] = field(default_factory=list)
    #: Candidates not shown in public because they are not published.
    hidden_candidates: int = 0
    criteria: list[CriterionRow] = field(default_factory=list)
    problems: list[ProblemRow] = field(default_factory=list)
    personas: list[PersonaRow] = field(default_factory=list)
    #: False when no installed tool provides personas / voucher results (the page says so).
    personas_provided: bool = True
    areas_provided: bool = True

    @property
    def ideas(self) -> list[Idea]:
        return [idea for row in self.problems for idea in row.ideas]


def concept_of(action: Action) -> Concept | None:
    """The action's concept: its own, or the one its decision chose."""
    if action.concept is not None:
        return action.concept
    return action.decision.concept if action.decision is not None else None


def visible(obj: Any, public: bool) -> bool:
    return obj is not None and (not public or bool(obj.is_published))


def action_trail(action: Action, *, public: bool, user: Any = None) -> Trail:
    """The backward trail of `action` (fetched with `concept`, `decision__concept`); `user`
    (staff) decides whether the personas link to the analysis tool's pages."""
    trail = Trail(action=action, public=public)
    concept = concept_of(action)
    if not visible(concept, public):
        return trail
    trail.concept = concept
    assert concept is not None
    _decision(trail, action, concept)
    if trail.selection is not None:
        _scores(trail, trail.selection)
        _criteria(trail, trail.selection)
    _problems(trail, concept)
    _personas(trail, action.process, user)
    return trail


def _decision(trail: Trail, action: Action, concept: Concept) -> None:
    """The action's own decision, else the concept's latest one that is not superseded."""
    decision = action.decision
    if decision is None:
        decisions = Decision.objects.filter(concept=concept, superseded_by__isnull=True)
        if trail.public:
            decisions = decisions.filter(is_published=True)
        decision = (
            decisions.select_related("selection", "concept").order_by("-decided_on", "-pk").first()
        )
    # A decision names the concept it chose: in public both must be published.
    if decision is None or not visible(decision, trail.public):
        return
    if not visible(decision.concept, trail.public):
        return
    trail.decision = decision
    later = Decision.objects.filter(supersedes=decision).select_related("concept").first()
    if later is not None and visible(later, trail.public) and visible(later.concept, trail.public):
        trail.superseded_by = later
    trail.selection = decision.selection


def _criteria_votes(criteria: Any) -> Any:
    return criteria.annotate(
        yes=Count("votes", filter=Q(votes__important=True)),
        no=Count("votes", filter=Q(votes__important=False)),
    )


def _weights(selection: Selection, columns: list[Criterion]) -> list[float]:
    """Every criterion weighs 1, or (by the vote) the share of voters marking it important."""
    if selection.weights != WeightSource.VOTE:
        return [1.0] * len(columns)
    return [c.yes / (c.yes + c.no) if c.yes + c.no else 0.0 for c in columns]  # type: ignore[attr-defined]


def _scores(trail: Trail, selection: Selection) -> None:
    """Average score of each candidate on each chosen criterion (two queries)."""
    columns = list(_criteria_votes(selection.criteria.all()).order_by("position", "pk"))
    candidates = list(selection.concepts.all().order_by("name"))
    averages = {
        (concept_id, criterion_id): value
        for concept_id, criterion_id, value in Score.objects.filter(selection=selection)
        .values_list("concept_id", "criterion_id")
        .annotate(value=Avg("value"))
        .values_list("concept_id", "criterion_id", "value")
    }
    weights = _weights(selection, columns)
    rows = []
    for concept in candidates:
        if trail.public and not concept.is_published:
            trail.hidden_candidates += 1
            continue
        cells = [averages.get((concept.pk, c.pk)) for c in columns]
        total = sum(w * (v or 0.0) for w, v in zip(weights, cells, strict=True))
        rows.append(
            ScoreRow(
                concept=concept,
                chosen=trail.decision is not None and concept.pk == trail.decision.concept_id,
                cells=[round(v, 2) if v is not None else None for v in cells],
                total=round(total, 2),
            )
        )
    rows.sort(key=lambda row: (-row.total, row.concept.name))
    trail.criteria_columns = columns
    trail.scores = rows


def _criteria(trail: Trail, selection: Selection) -> None:
    """The criteria vote the chosen criteria came from: every criterion proposed in the same
    vote (or, without a live activity, in the process), sorted by "important" as the seed's
    table is (one query)."""
    activity_ids = {c.activity_id for c in trail.criteria_columns if c.activity_id}
    criteria = Criterion.objects.filter(process_id=selection.process_id)
    if activity_ids:
        criteria = criteria.filter(activity_id__in=activity_ids)
    rows = [
        CriterionRow(criterion=c, important=c.yes, not_important=c.no)  # type: ignore[attr-defined]
        for c in _criteria_votes(criteria)
    ]
    rows.sort(key=lambda row: (-row.important, row.not_important, row.criterion.position))
    trail.criteria = rows


def _problems(trail: Trail, concept: Concept) -> None:
    """The concept's ideas under the problems they answer, with each problem's group (two
    queries); problems the concept names without one of its ideas come last."""
    ideas = list(
        Idea.objects.filter(concepts=concept)
        .select_related("problem__group")
        .order_by("problem__group__number", "problem__position", "problem__pk", "position", "pk")
    )
    rows: dict[int, ProblemRow] = {}
    for idea in ideas:
        row = rows.setdefault(idea.problem_id, ProblemRow(idea.problem, idea.problem.group, []))
        row.ideas.append(idea)
    named = (
        Problem.objects.filter(concepts=concept)
        .exclude(pk__in=list(rows))
        .select_related("group")
        .order_by("group__number", "position", "pk")
    )
    for problem in named:
        rows[problem.pk] = ProblemRow(problem, problem.group, [])
    trail.problems = list(rows.values())


def _personas(trail: Trail, process: Process, user: Any) -> None:
    groups: dict[int, list[ConceptGroup]] = defaultdict(list)
    for row in trail.problems:
        if row.group.persona_id is not None and row.group not in groups[row.group.persona_id]:
            groups[row.group.persona_id].append(row.group)
    evidence_of = registry.capability(EVIDENCE_CAPABILITY)
    areas_of = registry.capability(AREAS_CAPABILITY)
    trail.personas_provided = evidence_of is not None
    trail.areas_provided = areas_of is not None
    if evidence_of is None or not groups:
        return
    if trail.public:
        evidence = evidence_of(process, sorted(groups), PUBLIC)
    else:
        evidence = evidence_of(process, sorted(groups), STAFF, user=user)
    areas = areas_of(process) if areas_of is not None else None
    trail.personas = [
        PersonaRow(
            id=persona_id,
            evidence=evidence[persona_id],
            areas=list(areas.get(persona_id, [])) if areas is not None else None,
            groups=groups[persona_id],
        )
        for persona_id in sorted(
            groups, key=lambda pk: (evidence[pk].name, pk) if pk in evidence else ("", pk)
        )
        if persona_id in evidence
    ]


# --- forward: from a persona to what was decided about it ---------------------------------


@dataclass(frozen=True)
class Citation:
    """A concept, decision or action that rests on a persona (`decisions.citing_persona`)."""

    kind: str
    label: str
    title: str
    #: The action's trail, staff or public as asked; None for concepts and decisions.
    url: str | None = None


def citing_persona(
    process: Process, persona_id: int, *, public: bool = False, user: Any = None
) -> list[Citation]:
    """What was decided about the persona: concepts answering problems of a group that worked
    for it, the decisions choosing them and their actions (four queries). In public only what
    the public trail would show: published concepts, and published decisions and actions
    of a published concept. Actions link to their public trail, or for staff to the staff
    trail when `user` may see it."""
    from django.urls import reverse

    from arki.core.permissions import can

    problems = Problem.objects.filter(
        group__workshop__process=process, group__persona_id=persona_id
    )
    concepts = (
        Concept.objects.filter(process=process)
        .filter(Q(problems__in=problems) | Q(ideas__problem__in=problems))
        .distinct()
        .order_by("name", "pk")
    )
    if public:
        concepts = concepts.filter(is_published=True)
    concept_list = list(concepts)
    ids = [c.pk for c in concept_list]
    decisions = Decision.objects.filter(concept_id__in=ids).select_related("concept")
    actions = Action.objects.filter(
        Q(concept_id__in=ids) | Q(concept__isnull=True, decision__concept_id__in=ids)
    ).order_by("level", "pk")
    if public:
        decisions = decisions.filter(is_published=True)
        actions = actions.filter(is_published=True)
    slug = process.slug
    name = "decisions_public:trail" if public else "decisions:trail"
    linked = public or (user is not None and can(user, "decisions.view", process))

    def url(action: Action) -> str | None:
        return reverse(name, args=[slug, action.pk]) if linked else None

    return [
        *(
            Citation("concept", pgettext("decision trail", "Concept"), c.tr("name"))
            for c in concept_list
        ),
        *(
            Citation(
                "decision",
                pgettext("decision trail", "Decision"),
                f"{d.concept.tr('name')} ({d.decided_on})",
            )
            for d in decisions.order_by("decided_on", "pk")
        ),
        *(
            Citation("action", pgettext("decision trail", "Action"), a.tr("title"), url(a))
            for a in actions
        ),
    ]
