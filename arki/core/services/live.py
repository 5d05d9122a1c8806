"""Live workshop sessions: open, join, run activities, answer (online or on paper), close."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..activities import ActivityError
from ..enums import ActivityState, Channel, SessionStatus
from ..models import LiveSession, Person, Seat, SessionActivity, Sitting, User, Workshop
from ..registry import registry
from .people import random_code
from .writes import create_clean, save_fields

SESSION_CODE_LENGTH = 6


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def session_open(
    *, workshop: Workshop, by: User | None, sitting: Sitting | None = None
) -> LiveSession:
    """Open a live session with a fresh, unused 6-character join code.

    A workshop has at most one open session (a database constraint): if one is already
    running, it is returned, so a double-clicked or repeated "open" sends the facilitator to
    the session the room is already joining. One whose time ran out is closed first.

    A session belongs to the sitting it is opened for; while another sitting's session is
    still open, the facilitator must close it first (answers must not land in the wrong
    municipality's results).
    """
    if sitting is not None and sitting.workshop_id != workshop.pk:
        raise ValidationError(_("This sitting belongs to another workshop."))
    hours = settings.ARKI_LIVE_SESSION_HOURS
    for _attempt in range(10):
        running = LiveSession.objects.filter(workshop=workshop, status=SessionStatus.OPEN).first()
        if running is not None:
            if running.is_open:
                if running.sitting_id != (sitting.pk if sitting else None):
                    raise ValidationError(
                        _(
                            "Another sitting of this workshop has an open live session; "
                            "close it first."
                        )
                    )
                return running
            session_close(session=running, by=by)
        try:
            # Not create_clean: the unique constraints decide a race (caught and retried).
            with transaction.atomic():
                return LiveSession.objects.create(
                    workshop=workshop,
                    sitting=sitting,
                    code=random_code(SESSION_CODE_LENGTH),
                    expires_at=timezone.now() + datetime.timedelta(hours=hours),
                    created_by=by,
                    modified_by=by,
                )
        except IntegrityError:
            continue  # a parallel request opened one (returned above) or the code was taken
    raise IntegrityError("No free join code found.")


def session_configure(*, session: LiveSession, anonymous_seats: bool, by: User | None) -> None:
    """The facilitator's choice whether participants may join without a personal code.

    Seats taken already stay; the choice applies to joins from now on.
    """
    session.anonymous_seats = anonymous_seats
    save_fields(session, by, ["anonymous_seats"])


def session_close(*, session: LiveSession, by: User | None) -> LiveSession:
    """Close the session; every open activity closes with it and answers freeze."""
    with transaction.atomic():
        session.status = SessionStatus.CLOSED
        session.closed_at = timezone.now()
        save_fields(session, by, ["status", "closed_at"])
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
    """Give a participant a seat; returns the seat and its secret (shown/stored only once).

    One person has one seat per session (a database constraint). Joining again with the same
    personal code returns that seat with a new secret: the personal code is the credential,
    so whoever holds it may move the seat to a new browser (a flat phone battery, a borrowed
    tablet), and the browser that held the seat before loses it. Nobody gains a second seat,
    and vouchers or answers already given stay with the person.

    A participant joining online without a personal code needs the session to allow
    anonymous seats; staff-made paper and tablet seats are always allowed.
    """
    if not session.is_open:
        raise ValidationError(_("This workshop session has ended."))
    label = label.strip()
    if len(label) > 40:
        raise ValidationError(_("A name can be at most 40 characters."))
    if person is not None and person.process_id != session.workshop.process_id:
        raise ValidationError(_("This personal code belongs to another process."))
    if person is None and channel == Channel.ONLINE and not session.anonymous_seats:
        raise ValidationError(
            _("This workshop is for enrolled participants: join with your personal access code.")
        )
    for _attempt in range(10):
        secret = secrets.token_urlsafe(24)
        try:
            with transaction.atomic():
                # Seat numbers are given out one at a time per session: the session row is
                # locked while the next number is taken, so a room of people joining in the
                # same second queue here instead of colliding on the unique number until the
                # retries run out (the full canvases bench: 58 of 300 joins failed before).
                LiveSession.objects.select_for_update().filter(pk=session.pk).first()
                if person is not None:
                    seat = (
                        Seat.objects.select_for_update()
                        .filter(session=session, person=person)
                        .first()
                    )
                    if seat is not None:
                        seat.secret_hash = secret_hash(secret)
                        seat.save(update_fields=["secret_hash", "modified_at"])
                        return seat, secret
                # Not create_clean: the unique constraints decide a race (caught and retried).
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
            # Two people took the same number at the same instant (take the next one), or
            # this person joined twice at once (the loop then finds the seat just made).
            continue
    raise IntegrityError("Could not allocate a seat.")


def seat_for_secret(session: LiveSession, secret: str | None) -> Seat | None:
    if not secret:
        return None
    return Seat.objects.filter(session=session, secret_hash=secret_hash(secret)).first()


def seat_for_code(code: str, seat_secrets: Iterable[str]) -> Seat | None:
    """The seat, with its session and workshop (pages show its title), that one of a
    browser's seat secrets holds in the session with this code: one query for every page a
    phone opens after joining. (An answer reads its seat with `answer_target`.)"""
    hashes = [secret_hash(secret) for secret in seat_secrets if secret]
    if not hashes:
        return None
    return (
        Seat.objects.select_related("session__workshop")
        .filter(session__code=normalise_code(code), secret_hash__in=hashes)
        .first()
    )


def activity_add(
    *,
    session: LiveSession,
    kind: str,
    title: str,
    config: dict[str, Any],
    by: User | None,
    title_sv: str = "",
    title_en: str = "",
) -> SessionActivity:
    registry.activity(kind)
    position = (session.activities.aggregate(last=Max("position"))["last"] or 0) + 1
    return create_clean(
        SessionActivity,
        by=by,
        session=session,
        kind=kind,
        title=title,
        title_sv=title_sv,
        title_en=title_en,
        config=config,
        position=position,
    )


def activity_set_state(*, activity: SessionActivity, state: str, by: User | None) -> None:
    if state not in ActivityState.values:
        raise ValidationError(_("Unknown activity state."))
    activity.state = state
    save_fields(activity, by, ["state"])


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
    try:
        created = kind.submit(
            activity=activity, seat=seat, cleaned_data=form.cleaned_data, entered_by=entered_by
        )
    except ActivityError as error:
        form.add_error(None, str(error))
        error.form = form
        raise
    return form, created


def _has_answers(activity: SessionActivity) -> bool:
    return registry.activity(activity.kind).has_answers(activity)


def activity_edit(
    *,
    activity: SessionActivity,
    title: str,
    config: dict[str, Any],
    by: User | None,
    title_sv: str | None = None,
    title_en: str | None = None,
) -> None:
    """Change an activity's set-up; only before anyone answered (then: close and duplicate)."""
    with transaction.atomic():
        activity = SessionActivity.objects.select_for_update().get(pk=activity.pk)
        if _has_answers(activity):
            raise ValidationError(
                _("This activity already has answers: close it and make a copy to change it.")
            )
        activity.title = title
        activity.config = config
        fields = ["title", "config"]
        for name, value in (("title_sv", title_sv), ("title_en", title_en)):
            if value is not None:
                setattr(activity, name, value)
                fields.append(name)
        save_fields(activity, by, fields)


def activity_delete(*, activity: SessionActivity, by: User | None) -> None:
    """Delete an activity nobody has answered yet."""
    with transaction.atomic():
        activity = SessionActivity.objects.select_for_update().get(pk=activity.pk)
        if _has_answers(activity):
            raise ValidationError(
                _("This activity already has answers: close it instead of deleting it.")
            )
        activity.delete()


def activity_duplicate(*, activity: SessionActivity, by: User | None) -> SessionActivity:
    """A copy of the activity at the end of the session, not started, without answers."""
    return activity_add(
        session=activity.session,
        kind=activity.kind,
        title=activity.title,
        title_sv=activity.title_sv,
        title_en=activity.title_en,
        config=dict(activity.config),
        by=by,
    )


def activity_show_results(*, activity: SessionActivity, show: bool, by: User | None) -> None:
    """Whether participants see this activity's results on their phones."""
    activity.show_results = show
    save_fields(activity, by, ["show_results"])


MAX_TIMER_MINUTES = 60


def session_timer(*, session: LiveSession, seconds: int | None, by: User | None) -> None:
    """Start a countdown of `seconds` (shown on the projector and phones), or stop it (None)."""
    if seconds is not None and not 0 < seconds <= MAX_TIMER_MINUTES * 60:
        raise ValidationError(
            _("A timer runs from 1 second to %(minutes)d minutes.") % {"minutes": MAX_TIMER_MINUTES}
        )
    session.timer_ends_at = (
        timezone.now() + datetime.timedelta(seconds=seconds) if seconds is not None else None
    )
    save_fields(session, by, ["timer_ends_at"])
