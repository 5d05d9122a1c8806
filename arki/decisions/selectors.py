"""Permission-checked reads of the decisions tool; views fetch only through these."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from arki.core.models import Process, User
from arki.core.selectors.processes import get_process_for_user


def process_for_view(user: User | AnonymousUser, slug: str) -> Process:
    """The process whose decisions pages `user` may see (404/403 otherwise)."""
    return get_process_for_user(user, slug, "decisions.view")


# --- criteria vote and concept selection (dcriteria) --------------------------------------
# --- concept workshop and concepts (dconcept) ---------------------------------------------------

from dataclasses import dataclass, field  # noqa: E402

from django.db.models import Count, Q, QuerySet  # noqa: E402
from django.http import Http404  # noqa: E402

from arki.core.models import SessionActivity  # noqa: E402

from .models import Concept, Criterion, Decision, Score, Selection  # noqa: E402

CRITERIA_VOTE_KIND = "decisions.criteria_vote"
CONCEPT_SELECT_KIND = "decisions.concept_select"


@dataclass(frozen=True)
class CriterionRow:
    """One line of the criteria table: the criterion and its counts."""

    pk: int
    text: str
    important: int
    not_important: int
    chosen: bool
    position: int

    @property
    def marks(self) -> int:
        return self.important + self.not_important


def _tally(criteria: QuerySet[Criterion]) -> list[CriterionRow]:
    rows = criteria.annotate(
        n_important=Count("votes", filter=Q(votes__important=True)),
        n_not=Count("votes", filter=Q(votes__important=False)),
    )
    result = [
        CriterionRow(c.pk, c.tr("text"), c.n_important, c.n_not, c.chosen, c.position) for c in rows
    ]
    # The seed's figure: most "important" first; ties by fewer "not important", then order.
    return sorted(result, key=lambda r: (-r.important, r.not_important, r.position, r.pk))


def criteria_tally(activity: SessionActivity) -> list[CriterionRow]:
    """The criteria of a criteria vote sorted by "important" (one query)."""
    return _tally(Criterion.objects.filter(activity=activity))


def criteria_voters(activity: SessionActivity) -> int:
    """How many seats have cast a ballot in this criteria vote."""
    return (
        Criterion.objects.filter(activity=activity, votes__isnull=False)
        .values("votes__seat")
        .distinct()
        .count()
    )


def criteria_activities(process: Process) -> QuerySet[SessionActivity]:
    return SessionActivity.objects.filter(
        session__workshop__process=process, kind=CRITERIA_VOTE_KIND
    ).select_related("session__workshop")


def criteria_activity_for_user(
    user: User | AnonymousUser, slug: str, pk: int, action: str
) -> SessionActivity:
    """A criteria-vote activity of a process the user may act on (`action`), or 404."""
    process = get_process_for_user(user, slug, action)
    activity = criteria_activities(process).filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity


def criteria_activity_of_session(session: Any, pk: int) -> SessionActivity:
    """A criteria-vote activity of this live session (any state), or 404."""
    activity = session.activities.filter(pk=pk, kind=CRITERIA_VOTE_KIND).first()
    if activity is None:
        raise Http404
    return activity


def chosen_criteria(process: Process) -> list[tuple[int, str, int, int]]:
    """The `decisions.chosen_criteria` capability: every chosen criterion of the process as
    (id, text in the active language, important count, not-important count), most
    "important" first (one query)."""
    rows = _tally(Criterion.objects.filter(process=process, chosen=True))
    return [(row.pk, row.text, row.important, row.not_important) for row in rows]


def selections_of_process(process: Process) -> QuerySet[Selection]:
    return Selection.objects.filter(process=process).select_related("activity__session")


def selection_for_user(user: User | AnonymousUser, slug: str, pk: int, action: str) -> Selection:
    process = get_process_for_user(user, slug, action)
    selection = selections_of_process(process).filter(pk=pk).first()
    if selection is None:
        raise Http404
    return selection


def decision_for_user(user: User | AnonymousUser, slug: str, pk: int, action: str) -> Decision:
    process = get_process_for_user(user, slug, action)
    decision = Decision.objects.filter(process=process, pk=pk).select_related("concept").first()
    if decision is None:
        raise Http404
    return decision


@dataclass
class ConceptTotal:
    concept: Concept
    #: criterion id -> sum of the voters' scores
    sums: dict[int, int] = field(default_factory=dict)
    #: criterion id -> mean score (None without scores)
    means: dict[int, float | None] = field(default_factory=dict)
    weighted: float = 0.0
    #: the means in the criteria's order, for a table row
    cells: list[float | None] = field(default_factory=list)


@dataclass
class SelectionResults:
    selection: Selection
    concepts: list[Concept]
    criteria: list[Criterion]
    weights: dict[int, float]
    totals: list[ConceptTotal]
    #: (seat label, {(concept id, criterion id): score}) per voter, in seat order
    voters: list[tuple[str, dict[tuple[int, int], int]]]
    leader: Concept | None

    @property
    def header(self) -> list[tuple[Criterion, float]]:
        """The criteria with their weights, for a table's head."""
        return [(c, round(self.weights[c.pk], 2)) for c in self.criteria]

    @property
    def columns(self) -> list[tuple[Concept, Criterion]]:
        return [(concept, criterion) for concept in self.concepts for criterion in self.criteria]

    @property
    def voter_rows(self) -> list[tuple[str, list[int | None]]]:
        """Each voter's scores in `columns` order (None: not scored)."""
        return [
            (label, [cells.get((a.pk, b.pk)) for a, b in self.columns])
            for label, cells in self.voters
        ]


def criterion_weights(selection: Selection, criteria: list[Criterion]) -> dict[int, float]:
    """Every criterion weighs 1, or (`WeightSource.VOTE`) its share of "important" marks in
    the criteria vote (a criterion nobody marked weighs 0)."""
    from .enums import WeightSource

    if selection.weights != WeightSource.VOTE:
        return {c.pk: 1.0 for c in criteria}
    counts = {
        row["pk"]: (row["yes"], row["all"])
        for row in Criterion.objects.filter(pk__in=[c.pk for c in criteria])
        .annotate(yes=Count("votes", filter=Q(votes__important=True)), all=Count("votes"))
        .values("pk", "yes", "all")
    }
    return {
        c.pk: (counts[c.pk][0] / counts[c.pk][1] if counts.get(c.pk, (0, 0))[1] else 0.0)
        for c in criteria
    }


def selection_results(selection: Selection, *, with_voters: bool = True) -> SelectionResults:
    """Totals per concept and criterion, weighted totals, and each voter's scores, in a
    constant number of queries (concepts, criteria, weights, scores).

    A concept's weighted total is the sum over criteria of the criterion's weight times the
    mean score it got, so a voter who has not scored yet does not pull a concept down."""
    concepts = list(selection.concepts.order_by("name", "pk"))
    criteria = list(selection.criteria.order_by("position", "pk"))
    weights = criterion_weights(selection, criteria)
    sums: dict[tuple[int, int], int] = {}
    counts: dict[tuple[int, int], int] = {}
    by_seat: dict[int, tuple[str, dict[tuple[int, int], int]]] = {}
    scores = (
        Score.objects.filter(selection=selection).select_related("seat").order_by("seat__number")
    )
    for score in scores:
        cell = (score.concept_id, score.criterion_id)
        sums[cell] = sums.get(cell, 0) + score.value
        counts[cell] = counts.get(cell, 0) + 1
        if with_voters:
            by_seat.setdefault(score.seat_id, (str(score.seat), {}))[1][cell] = score.value
    totals = []
    for concept in concepts:
        total = ConceptTotal(concept)
        for criterion in criteria:
            cell = (concept.pk, criterion.pk)
            total.sums[criterion.pk] = sums.get(cell, 0)
            mean = sums[cell] / counts[cell] if counts.get(cell) else None
            total.means[criterion.pk] = round(mean, 2) if mean is not None else None
            total.weighted += weights[criterion.pk] * (mean or 0)
        total.weighted = round(total.weighted, 2)
        total.cells = [total.means[c.pk] for c in criteria]
        totals.append(total)
    ranked = sorted(totals, key=lambda t: -t.weighted)
    leader = ranked[0].concept if ranked and sums else None
    return SelectionResults(
        selection, concepts, criteria, weights, ranked, list(by_seat.values()), leader
    )


def decision_scores(decision: Decision) -> dict[str, Any]:
    """For the decision trail: the totals per concept and criterion behind a decision, in a
    constant number of queries. Aggregates only (no voter)."""
    if decision.selection is None:
        return {"concepts": [], "criteria": [], "totals": []}
    results = selection_results(decision.selection, with_voters=False)
    return {
        "concepts": results.concepts,
        "criteria": results.criteria,
        "weights": results.weights,
        "totals": [
            {
                "concept": t.concept,
                "chosen": t.concept.pk == decision.concept_id,
                "weighted": t.weighted,
                "criteria": [
                    {
                        "criterion": c,
                        "sum": t.sums[c.pk],
                        "mean": t.means[c.pk],
                    }
                    for c in results.criteria
                ],
            }
            for t in results.totals
        ],
    }


def decision_history(process: Process) -> list[Decision]:
    """Every decision of the process, oldest first, with what superseded what."""
    decisions = list(
        Decision.objects.filter(process=process)
        .select_related("concept", "supersedes", "selection", "superseded_by")
        .order_by("created_at", "pk")
    )
    for decision in decisions:
        decision.rationale_text = decision.tr("rationale")  # type: ignore[attr-defined]
    return decisions


def published_decisions(workshop: Any) -> list[Decision]:
    """Published decisions whose selection ran in this workshop (newest first)."""
    here = Q(selection__activity__session__workshop=workshop)
    if CONCEPT_SELECT_KIND in (workshop.activities or []):
        # A selection scored outside a live session belongs to the workshop that plans it.
        here |= Q(selection__activity__isnull=True, process=workshop.process)
    return list(
        Decision.objects.filter(here, is_published=True)
        .select_related("concept", "selection", "supersedes")
        .order_by("-created_at", "-pk")
    )


# --- dtrail: the decision trail -----------------------------------------------------------


def get_action_for_trail(user: User | AnonymousUser, slug: str, pk: int) -> tuple[Process, Any]:
    """The process and an action of it whose trail `user` may see (decisions.view)."""
    from django.http import Http404

    process = process_for_view(user, slug)
    action = _trail_actions().filter(process=process, pk=pk).first()
    if action is None:
        raise Http404
    return process, action


def get_published_action(slug: str, pk: int) -> tuple[Process, Any]:
    """A published action of a public process, for the public trail (404 otherwise)."""
    from django.http import Http404

    process = Process.objects.filter(slug=slug, is_public=True).first()
    action = (
        _trail_actions().filter(process=process, pk=pk, is_published=True).first()
        if process is not None
        else None
    )
    if process is None or action is None:
        raise Http404
    return process, action


def _trail_actions() -> Any:
    from .models import Action

    return Action.objects.select_related(
        "process", "concept", "decision__concept", "decision__selection"
    )


def decisions_citing_persona(
    process: Process, persona_id: int, *, public: bool = False, user: Any = None
) -> list[Any]:
    """The `decisions.citing_persona` capability: what was decided about a persona."""
    from .trail import citing_persona

    return citing_persona(process, persona_id, public=public, user=user)


# --- dactions: actions, progress notes, user testing, co-planning, the public tracker -------

from dataclasses import dataclass as _dataclass  # noqa: E402
from statistics import mean as _mean  # noqa: E402

from django.db.models import Count as _Count  # noqa: E402
from django.db.models import Prefetch as _Prefetch  # noqa: E402
from django.db.models import QuerySet as _QuerySet  # noqa: E402
from django.http import Http404 as _Http404  # noqa: E402

from arki.core.models import Seat as _Seat  # noqa: E402
from arki.core.models import SessionActivity as _SessionActivity  # noqa: E402

from .enums import ActionLevel as _ActionLevel  # noqa: E402
from .enums import TesterGroup as _TesterGroup  # noqa: E402
from .models import Action as _Action  # noqa: E402
from .models import ActionNote as _ActionNote  # noqa: E402
from .models import ActionPick as _ActionPick  # noqa: E402
from .models import Feedback as _Feedback  # noqa: E402
from .models import TestSession as _TestSession  # noqa: E402


def _level_order():
    """Levels in the seed's order (easy encounters first), not alphabetically."""
    from django.db.models import Case, IntegerField, Value, When

    return Case(
        *[When(level=value, then=Value(i)) for i, value in enumerate(_ActionLevel.values)],
        output_field=IntegerField(),
    )


def get_action_for_user(user: User | AnonymousUser, slug: str, pk: int, action: str) -> _Action:
    """One action of the process `user` may act on with `action` (404/403 otherwise)."""
    process = get_process_for_user(user, slug, action)
    found = (
        _Action.objects.filter(process=process, pk=pk)
        .select_related("process", "concept", "owner_user")
        .first()
    )
    if found is None:
        raise _Http404
    return found


def get_note_of_action(action: _Action, pk: int) -> _ActionNote:
    note = action.notes.filter(pk=pk).first()
    if note is None:
        raise _Http404
    return note


def actions_of_process(
    process: Process,
    *,
    level: str = "",
    status: str = "",
    owner_missing: bool = False,
) -> _QuerySet[_Action]:
    """Reviewed actions, ordered by level, filtered as the staff list asks."""
    actions = _Action.objects.filter(process=process, needs_review=False).select_related(
        "owner_user", "concept"
    )
    if level:
        actions = actions.filter(level=level)
    if status:
        actions = actions.filter(status=status)
    if owner_missing:
        actions = actions.filter(owner="")
    return actions.annotate(note_count=_Count("notes"), level_order=_level_order()).order_by(
        "level_order", "pk"
    )


def actions_without_owner(process: Process) -> _QuerySet[_Action]:
    return _Action.objects.filter(process=process, needs_review=False, owner="").order_by("pk")


def proposals_of_process(process: Process) -> _QuerySet[_Action]:
    """Actions proposed on phones in workshop 8, waiting for staff review."""
    return (
        _Action.objects.filter(process=process, needs_review=True)
        .annotate(level_order=_level_order())
        .order_by("level_order", "pk")
    )


def pickable_actions(process: Process) -> _QuerySet[_Action]:
    """Actions a participant may take forward in co-planning (reviewed, not dropped)."""
    return (
        _Action.objects.filter(process=process, needs_review=False)
        .exclude(status="dropped")
        .annotate(level_order=_level_order())
        .order_by("level_order", "pk")
    )


@_dataclass
class PartyPicks:
    party: str
    actions: list[_Action]
    seats: int


def picks_by_party(picks: _QuerySet[_ActionPick]) -> list[PartyPicks]:
    """Each party's picked actions (for the presentation round), parties in name order."""
    parties: dict[str, dict] = {}
    for pick in picks.select_related("action").order_by("party", "action__level", "action_id"):
        entry = parties.setdefault(pick.party, {"actions": {}, "seats": set()})
        entry["actions"][pick.action_id] = pick.action
        entry["seats"].add(pick.seat_id)
    return [
        PartyPicks(party=name, actions=list(v["actions"].values()), seats=len(v["seats"]))
        for name, v in parties.items()
    ]


def seats_without_pick(activity: _SessionActivity) -> list[_Seat]:
    """The session's seats that have not picked an action in this activity yet."""
    picked = _ActionPick.objects.filter(activity=activity).values("seat_id")
    return list(activity.session.seats.exclude(pk__in=picked).order_by("number"))


def get_test_session_for_user(
    user: User | AnonymousUser, slug: str, pk: int, action: str
) -> _TestSession:
    process = get_process_for_user(user, slug, action)
    found = (
        _TestSession.objects.filter(process=process, pk=pk)
        .select_related("process", "concept")
        .first()
    )
    if found is None:
        raise _Http404
    return found


def test_sessions_of_process(process: Process) -> _QuerySet[_TestSession]:
    return (
        _TestSession.objects.filter(process=process)
        .select_related("concept")
        .annotate(card_count=_Count("feedback"))
        .order_by("held_on", "pk")
    )


@_dataclass
class TesterSummary:
    group: str
    label: str
    count: int
    mean_feasibility: float | None
    obstacles: list[str]
    opportunities: list[str]
    steps: list[str]


def feedback_summary(cards: _QuerySet[_Feedback]) -> list[TesterSummary]:
    """Per tester group (in the enum's order): count, mean feasibility and the texts."""
    by_group: dict[str, list[_Feedback]] = {}
    for card in cards.order_by("pk"):
        by_group.setdefault(card.tester_group, []).append(card)
    rows = []
    for value, label in _TesterGroup.choices:
        group = by_group.get(value, [])
        if not group:
            continue
        rows.append(
            TesterSummary(
                group=value,
                label=str(label),
                count=len(group),
                mean_feasibility=round(_mean(c.feasibility for c in group), 1),
                obstacles=[c.obstacle for c in group if c.obstacle],
                opportunities=[c.opportunity for c in group if c.opportunity],
                steps=[c.intermediate_step for c in group if c.intermediate_step],
            )
        )
    return rows


def feedback_of_session(session: _TestSession) -> _QuerySet[_Feedback]:
    return session.feedback.select_related("concept", "action").order_by("pk")


# Public tracker: only published actions of a public process, only their published notes.


def get_public_process(slug: str) -> Process:
    process = Process.objects.filter(slug=slug, is_public=True).first()
    if process is None:
        raise _Http404
    return process


def _published_notes() -> _Prefetch:
    return _Prefetch(
        "notes",
        queryset=_ActionNote.objects.filter(is_published=True).order_by("published_at", "pk"),
        to_attr="published_notes",
    )


def published_actions(process: Process) -> list[_Action]:
    """Published actions with their published notes (two queries, however many there are)."""
    return list(
        _Action.objects.filter(process=process, is_published=True, needs_review=False)
        .prefetch_related(_published_notes())
        .annotate(level_order=_level_order())
        .order_by("level_order", "pk")
    )


@_dataclass
class LevelActions:
    level: str
    label: str
    actions: list[_Action]


def published_actions_by_level(process: Process) -> list[LevelActions]:
    actions = published_actions(process)
    return [
        LevelActions(
            level=value, label=str(label), actions=[a for a in actions if a.level == value]
        )
        for value, label in _ActionLevel.choices
    ]


def get_public_action(process: Process, pk: int) -> _Action:
    found = (
        _Action.objects.filter(process=process, pk=pk, is_published=True, needs_review=False)
        .prefetch_related(_published_notes())
        .first()
    )
    if found is None:
        raise _Http404
    return found


from django.db.models import Prefetch  # noqa: E402

from arki.core.models import LiveSession, Seat, Workshop  # noqa: E402

from .models import ConceptGroup, Idea, Problem, ProblemDot  # noqa: E402
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


# --- links from other tools (the impact tool's stories) ---------------------------------------


def concept_refs(process: Process) -> list[dict[str, Any]]:
    """The `decisions.concept_refs` capability: the process's concepts to link a story to,
    with the public page that shows them (the action tracker) once published."""
    from django.urls import reverse

    from .models import Concept as ConceptModel

    tracker = (
        reverse("decisions_public:tracker", args=[process.slug]) if process.is_public else None
    )
    return [
        {
            "id": concept.pk,
            "title": concept.tr("name"),
            "public_url": tracker if concept.is_published else None,
        }
        for concept in ConceptModel.objects.filter(process=process).order_by("name")
    ]


def action_refs(process: Process) -> list[dict[str, Any]]:
    """The `decisions.action_refs` capability: the process's actions to link a story to,
    with their public tracker page once published (not while a proposal awaits review)."""
    from django.urls import reverse

    from .models import Action as ActionModel

    return [
        {
            "id": action.pk,
            "title": action.tr("title"),
            "public_url": reverse("decisions_public:action", args=[process.slug, action.pk])
            if action.is_published and process.is_public
            else None,
        }
        for action in ActionModel.objects.filter(process=process, needs_review=False).order_by(
            "level", "pk"
        )
    ]


def public_actions(process: Process) -> list[dict[str, Any]]:
    """The `decisions.published_actions` capability: what the public action tracker shows of
    each published action of a public process, as plain data for the read-only API.

    Built on `published_actions`, the tracker's own selector, so the API cannot show an action
    or a note the tracker does not (two queries). Texts are in the active language, as on the
    tracker page; no account, proposer or staff-only field is included.
    """
    from django.urls import reverse

    if not process.is_public:
        return []
    return [
        {
            "id": action.pk,
            "title": action.tr("title"),
            "description": action.tr("description"),
            "level": action.level,
            "level_label": str(action.get_level_display()),
            "status": action.status,
            "status_label": str(action.get_status_display()),
            "owner": action.owner,
            "partners": action.partners,
            "starts_on": action.starts_on,
            "ends_on": action.ends_on,
            "published_at": action.published_at,
            "public_url": reverse("decisions_public:action", args=[process.slug, action.pk]),
            "notes": [
                {
                    "text": note.tr("text"),
                    "status": note.status,
                    "status_label": str(note.get_status_display()) if note.status else "",
                    "published_at": note.published_at,
                }
                for note in action.published_notes  # type: ignore[attr-defined]
            ],
        }
        for action in published_actions(process)
    ]
