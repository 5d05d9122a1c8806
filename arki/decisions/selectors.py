"""Permission-checked reads of the decisions tool; views fetch only through these."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from arki.core.models import Process, User
from arki.core.selectors.processes import get_process_for_user


def process_for_view(user: User | AnonymousUser, slug: str) -> Process:
    """The process whose decisions pages `user` may see (404/403 otherwise)."""
    return get_process_for_user(user, slug, "decisions.view")


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
from .models import Concept as _Concept  # noqa: E402
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


def concepts_of_process(process: Process) -> _QuerySet[_Concept]:
    return _Concept.objects.filter(process=process).order_by("name")


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
