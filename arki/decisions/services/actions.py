"""Writes of actions (workshop 8), their progress notes and the co-planning picks (workshop 10).

Every refusal is a `ValidationError` with a translated message raised before anything is
written. A status change always goes through a progress note (`action_note_add`), so the
public tracker and its Atom feed can say when and why an action moved on. Participants write
through their seat (proposals in workshop 8, picks in workshop 10) only while the session and
the activity are open; staff review proposals before they count as actions.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arki.core.enums import ActivityState
from arki.core.models import Process, Seat, SessionActivity, User
from arki.core.services.writes import create_clean, save_fields

from ..enums import ActionLevel, ActionStatus
from ..models import Action, ActionNote, ActionPick, Concept

#: What staff may change on an action's edit page (the status moves only with a note).
EDITABLE = (
    "title",
    "title_sv",
    "title_en",
    "description",
    "description_sv",
    "description_en",
    "level",
    "owner",
    "owner_user",
    "partners",
    "starts_on",
    "ends_on",
    "concept",
)


def _check_dates(starts_on: datetime.date | None, ends_on: datetime.date | None) -> None:
    if starts_on and ends_on and starts_on > ends_on:
        raise ValidationError(
            {"ends_on": _("The action cannot end before it starts: check the dates.")}
        )


def _check_level(level: str) -> None:
    if level not in ActionLevel.values:
        raise ValidationError({"level": _("Choose one of the three levels.")})


def _check_concept(process: Process, concept: Concept | None) -> None:
    if concept is not None and concept.process_id != process.pk:
        raise ValidationError({"concept": _("This concept belongs to another process.")})


def _check_live(activity: SessionActivity | None, seat: Seat) -> None:
    if activity is None or seat.session_id != activity.session_id:
        raise ValidationError(_("This seat belongs to another session."))
    if not activity.session.is_open or activity.state != ActivityState.OPEN:
        raise ValidationError(_("This activity is not open for answers right now."))


@transaction.atomic
def action_create(*, process: Process, by: User | None, **fields: Any) -> Action:
    """A new action of the process (by staff); it is unpublished until published."""
    fields = {k: v for k, v in fields.items() if k in (*EDITABLE, "status", "decision")}
    fields["title"] = (fields.get("title") or "").strip()
    if not fields["title"]:
        raise ValidationError({"title": _("Give the action a title.")})
    _check_level(fields.get("level", ""))
    _check_dates(fields.get("starts_on"), fields.get("ends_on"))
    _check_concept(process, fields.get("concept"))
    if fields.get("status", ActionStatus.IDEA) not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    return create_clean(Action, by=by, process=process, **fields)


@transaction.atomic
def action_update(*, action: Action, by: User | None, **fields: Any) -> Action:
    """Change what staff may edit; nothing is saved if a rule fails."""
    changes = {k: v for k, v in fields.items() if k in EDITABLE}
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
        if not changes["title"]:
            raise ValidationError({"title": _("Give the action a title.")})
    if "level" in changes:
        _check_level(changes["level"])
    _check_dates(changes.get("starts_on", action.starts_on), changes.get("ends_on", action.ends_on))
    _check_concept(action.process, changes.get("concept"))
    for name, value in changes.items():
        setattr(action, name, value)
    # An edited proposal has been looked at: it is an action now.
    action.needs_review = False
    save_fields(action, by, [*changes, "needs_review"], clean=True)
    return action


@transaction.atomic
def action_note_add(
    *,
    action: Action,
    text: str,
    by: User | None,
    status: str = "",
    text_sv: str = "",
    text_en: str = "",
    publish: bool = False,
) -> ActionNote:
    """A progress note; with `status` the action moves to that status in the same write."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what happened.")})
    if status and status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == action.status:
        status = ""  # not a change: the note is only a note
    now = timezone.now()
    note = create_clean(
        ActionNote,
        by=by,
        action=action,
        text=text,
        text_sv=text_sv,
        text_en=text_en,
        status=status,
        is_published=publish,
        published_at=now if publish else None,
    )
    if status:
        action.status = status
        save_fields(action, by, ["status"])
    return note


def _publish(obj: Action | ActionNote, *, publish: bool, by: User | None) -> None:
    obj.is_published = publish
    # The time the public first saw it (the feed's `updated`): set on every publication.
    obj.published_at = timezone.now() if publish else obj.published_at
    save_fields(obj, by, ["is_published", "published_at"])


@transaction.atomic
def action_publish(*, action: Action, by: User | None, publish: bool = True) -> None:
    if publish and action.needs_review:
        raise ValidationError(
            _("This action was proposed on a phone: review it (accept it) before publishing.")
        )
    _publish(action, publish=publish, by=by)


@transaction.atomic
def note_publish(*, note: ActionNote, by: User | None, publish: bool = True) -> None:
    _publish(note, publish=publish, by=by)


# --- workshop 8: proposals from phones -----------------------------------------------------


@transaction.atomic
def action_propose(
    *,
    activity: SessionActivity,
    seat: Seat,
    level: str,
    title: str,
    description: str = "",
) -> Action:
    """A participant proposes an action at a level; staff review it before it counts."""
    _check_live(activity, seat)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the action a title.")})
    _check_level(level)
    return create_clean(
        Action,
        by=None,
        process=activity.session.workshop.process,
        title=title,
        description=(description or "").strip(),
        level=level,
        activity=activity,
        proposed_by=seat,
        needs_review=True,
    )


@transaction.atomic
def proposal_accept(*, action: Action, by: User | None) -> None:
    if not action.needs_review:
        raise ValidationError(_("This action has already been reviewed."))
    action.needs_review = False
    save_fields(action, by, ["needs_review"])


@transaction.atomic
def proposal_reject(*, action: Action, by: User | None) -> None:
    """A proposal staff decide not to take on is removed (only proposals, never actions)."""
    if not action.needs_review:
        raise ValidationError(_("Only a proposal waiting for review can be removed."))
    action.delete()


# --- workshop 10: co-planning picks -------------------------------------------------------


@transaction.atomic
def action_pick(
    *, activity: SessionActivity, seat: Seat, action: Action, party: str
) -> tuple[ActionPick, bool]:
    """A participant takes `action` forward for `party`; picking it again updates the party."""
    _check_live(activity, seat)
    party = (party or "").strip()
    if not party:
        raise ValidationError({"party": _("Name the party you speak for.")})
    if len(party) > 200:
        raise ValidationError({"party": _("The party's name can be at most 200 characters.")})
    if action.process_id != activity.session.workshop.process_id or action.needs_review:
        raise ValidationError({"action": _("This action is not one of this process's actions.")})
    if action.status == ActionStatus.DROPPED:
        raise ValidationError({"action": _("This action was dropped: pick another one.")})
    pick = ActionPick.objects.filter(action=action, seat=seat).first()
    if pick is not None:
        pick.party = party
        save_fields(pick, None, ["party"], clean=True)
        return pick, False
    return create_clean(
        ActionPick, by=None, action=action, activity=activity, seat=seat, party=party
    ), True


@transaction.atomic
def owners_from_picks(*, process: Process, by: User | None) -> list[Action]:
    """Every action with no owner that parties picked gets the party most picks named as owner;
    the other parties become partners. Owners set by staff are kept. Returns the changed."""
    changed = []
    actions = (
        Action.objects.filter(process=process, owner="", needs_review=False)
        .prefetch_related("picks")
        .order_by("pk")
    )
    for action in actions:
        parties = Counter(p.party.strip() for p in action.picks.all() if p.party.strip())
        if not parties:
            continue
        ranked = [name for name, _count in sorted(parties.items(), key=lambda i: (-i[1], i[0]))]
        action.owner = ranked[0][:200]
        known = [line.strip() for line in action.partners.splitlines() if line.strip()]
        partners = known + [name for name in ranked[1:] if name not in known]
        action.partners = "\n".join(partners)
        save_fields(action, by, ["owner", "partners"], clean=True)
        changed.append(action)
    return changed
