"""Live workshop sessions: open, join, run activities, answer (online or on paper), close."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..activities import ActivityError
from ..enums import ActivityState, Channel, SessionStatus
from ..models import LiveSession, Person, Seat, SessionActivity, User, Workshop
from ..registry import registry
from .people import random_code

SESSION_CODE_LENGTH = 6


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def session_open(*, workshop: Workshop, by: User | None) -> LiveSession:
    """Open a live session with a fresh, unused 6-character join code."""
    hours = settings.ARKI_LIVE_SESSION_HOURS
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return LiveSession.objects.create(
                    workshop=workshop,
                    code=random_code(SESSION_CODE_LENGTH),
                    expires_at=timezone.now() + datetime.timedelta(hours=hours),
                    created_by=by,
                    modified_by=by,
                )
        except IntegrityError:
            continue
    raise IntegrityError("No free join code found.")


def session_close(*, session: LiveSession, by: User | None) -> LiveSession:
    """Close the session; every open activity closes with it and answers freeze."""
    with transaction.atomic():
        session.status = SessionStatus.CLOSED
        session.closed_at = timezone.now()
        session.modified_by = by
        session.save(update_fields=["status", "closed_at", "modified_by", "modified_at"])
        session.activities.filter(state=ActivityState.OPEN).update(state=ActivityState.CLOSED)
    return session


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def _next_seat_number(session: LiveSession) -> int:
    last = session.seats.aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def seat_join(
    *,
    session: LiveSession,
    label: str = "",
    channel: str = Channel.ONLINE,
    person: Person | None = None,
    by: User | None = None,
) -> tuple[Seat, str]:
    """Give a participant a seat; returns the seat and its secret (shown/stored only once)."""
    if not session.is_open:
        raise ValidationError(_("This workshop session has ended."))
    label = label.strip()
    if len(label) > 40:
        raise ValidationError(_("A name can be at most 40 characters."))
    if person is not None and person.process_id != session.workshop.process_id:
        raise ValidationError(_("This personal code belongs to another process."))
    for _attempt in range(10):
        secret = secrets.token_urlsafe(24)
        try:
            with transaction.atomic():
                seat = Seat.objects.create(
                    session=session,
                    number=_next_seat_number(session),
                    label=label,
                    secret_hash=secret_hash(secret),
                    person=person,
                    channel=channel,
                    created_by=by,
                )
            return seat, secret
        except IntegrityError:
            continue  # two people joined at the same instant; take the next number
    raise IntegrityError("Could not allocate a seat.")


def seat_for_secret(session: LiveSession, secret: str | None) -> Seat | None:
    if not secret:
        return None
    return Seat.objects.filter(session=session, secret_hash=secret_hash(secret)).first()


def activity_add(
    *, session: LiveSession, kind: str, title: str, config: dict[str, Any], by: User | None
) -> SessionActivity:
    registry.activity(kind)
    position = (session.activities.aggregate(last=Max("position"))["last"] or 0) + 1
    activity = SessionActivity(
        session=session,
        kind=kind,
        title=title,
        config=config,
        position=position,
        created_by=by,
        modified_by=by,
    )
    activity.full_clean()
    activity.save()
    return activity


def activity_set_state(*, activity: SessionActivity, state: str, by: User | None) -> None:
    if state not in ActivityState.values:
        raise ValidationError(_("Unknown activity state."))
    activity.state = state
    activity.modified_by = by
    activity.save(update_fields=["state", "modified_by", "modified_at"])


def answer_submit(
    *,
    activity: SessionActivity,
    seat: Seat,
    data: Any,
    entered_by: User | None = None,
):
    """Validate and store a seat's answer; returns (form, created). Raises ActivityError.

    Answers are accepted only while both the session and the activity are open, from a seat
    of this session; the activity's own form validates the content.
    """
    session = activity.session
    if seat.session_id != session.pk:
        raise ActivityError(_("This seat belongs to another session."))
    if not session.is_open:
        raise ActivityError(_("This workshop session has ended; answers are no longer taken."))
    if activity.state != ActivityState.OPEN:
        raise ActivityError(_("This activity is not open for answers right now."))
    kind = registry.activity(activity.kind)
    form = kind.answer_form(activity, data=data, seat=seat)
    if not form.is_valid():
        return form, None
    created = kind.submit(
        activity=activity, seat=seat, cleaned_data=form.cleaned_data, entered_by=entered_by
    )
    return form, created
