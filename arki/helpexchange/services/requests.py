"""Writes about help requests: creation, pause, expiry, offers, acceptance, completion,
feedback, incidents and the full assignment pass.

Acceptance locks the request row (`select_for_update`), so when two volunteers accept the
same task at the same moment exactly one gets it; the other gets a clear message.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from arki.core.enums import AuditAction
from arki.core.formats import time_span
from arki.core.models import Process, User
from arki.core.phones import phone_normalise_or_none
from arki.core.services.audit import audit_record
from arki.core.services.writes import create_clean, save_fields

from ..enums import (
    AssignmentStatus,
    AssignmentVia,
    FeedbackChannel,
    Recurrence,
    RequestChannel,
    RequestStatus,
    VolunteerStatus,
)
from ..models import (
    Assignment,
    Feedback,
    HelpRequest,
    Incident,
    Organisation,
    Recipient,
    Village,
    Volunteer,
)
from . import notify

FLEXIBLE_VALID_FOR = datetime.timedelta(days=14)
MAX_TASK_MINUTES = 12 * 60
TEAM_PROBLEMS = {
    "empty_team": lambda: _("Choose at least one volunteer."),
    "team_too_big": lambda: _("A task can have at most two helpers."),
    "minor_not_allowed": lambda: _(
        "A volunteer under 18 may not take this kind of task under the safety policy."
    ),
    "minor_alone_in_home": lambda: _(
        "A volunteer under 18 may not go alone into a home. Add a second helper or an adult."
    ),
}


def _default_organisation(process: Process, village: Village) -> Organisation:
    organisation = (
        Organisation.objects.filter(process=process, municipality_id=village.municipality_id)
        .order_by("pk")
        .first()
    )
    if organisation is None:
        raise ValidationError(
            {"village": _("No organisation runs the help exchange in this municipality yet.")}
        )
    return organisation


def _check_window(
    flexible: bool,
    start: datetime.datetime | None,
    end: datetime.datetime | None,
    now: datetime.datetime,
) -> None:
    if flexible:
        return
    if start is None or end is None:
        raise ValidationError(
            {"window_start": _("Give the earliest and latest time, or tick 'flexible'.")}
        )
    if end <= start:
        raise ValidationError({"window_end": _("The latest time must be after the earliest.")})
    if end <= now:
        raise ValidationError({"window_end": _("The time window is already in the past.")})


@transaction.atomic
def request_create(
    *,
    process: Process,
    recipient: Recipient,
    task_type: str,
    description: str,
    channel: str = RequestChannel.PHONE,
    flexible: bool = False,
    window_start: datetime.datetime | None = None,
    window_end: datetime.datetime | None = None,
    recurrence: str = "once",
    village: Village | None = None,
    notes_for_helper: str = "",
    organisation: Organisation | None = None,
    by: User | None = None,
    now: datetime.datetime | None = None,
) -> HelpRequest:
    """Record a request (web, by a proxy, or entered by a coordinator during a phone call)."""
    now = now or timezone.now()
    village = village or recipient.village
    if not process.municipalities.filter(pk=village.municipality_id).exists():
        raise ValidationError(
            {"village": _("This area is not in the municipalities of this process.")}
        )
    _check_window(flexible, window_start, window_end, now)
    help_request = create_clean(
        HelpRequest,
        by=by,
        process=process,
        recipient=recipient,
        organisation=organisation or _default_organisation(process, village),
        task_type=task_type,
        description=description.strip(),
        flexible=flexible,
        window_start=None if flexible else window_start,
        window_end=None if flexible else window_end,
        expires_at=now + FLEXIBLE_VALID_FOR if flexible else window_end,
        recurrence=recurrence,
        village=village,
        notes_for_helper=notes_for_helper,
        channel=channel,
        created_at=now,
    )
    return help_request


def request_pause(*, help_request: HelpRequest, reason: str, by: User) -> HelpRequest:
    """Stop a request at once: no one can accept it until it is resumed."""
    if not reason.strip():
        raise ValidationError({"reason": _("Write a short reason for the pause.")})
    help_request.paused = True
    help_request.pause_reason = reason.strip()
    help_request.manual_intervention = True
    save_fields(help_request, by, ["paused", "pause_reason", "manual_intervention"])
    return help_request


def request_resume(*, help_request: HelpRequest, by: User) -> HelpRequest:
    help_request.paused = False
    help_request.pause_reason = ""
    save_fields(help_request, by, ["paused", "pause_reason"])
    return help_request


@transaction.atomic
def requests_expire(*, process: Process | None = None, now: datetime.datetime | None = None) -> int:
    """Open requests past their time become unmet demand; their offers are withdrawn."""
    now = now or timezone.now()
    due = HelpRequest.objects.filter(status=RequestStatus.OPEN, expires_at__lte=now)
    if process is not None:
        due = due.filter(process=process)
    ids = list(due.values_list("pk", flat=True))
    Assignment.objects.filter(
        request_id__in=ids, status__in=[AssignmentStatus.OFFERED, AssignmentStatus.ACCEPTED]
    ).update(status=AssignmentStatus.WITHDRAWN, modified_at=now)
    return HelpRequest.objects.filter(pk__in=ids).update(
        status=RequestStatus.EXPIRED, modified_at=now
    )


def _ensure_open(help_request: HelpRequest) -> None:
    if help_request.paused:
        raise ValidationError(_("A coordinator has paused this request for now."))
    if help_request.status != RequestStatus.OPEN:
        raise ValidationError(_("This task already has a helper. Thank you for offering!"))


def _ensure_active(volunteer: Volunteer) -> None:
    if volunteer.status != VolunteerStatus.ACTIVE:
        raise ValidationError(_("Only an active volunteer can take tasks."))


@transaction.atomic
def assignment_offer(
    *,
    help_request: HelpRequest,
    volunteers: Sequence[Volunteer],
    by: User | None,
    manual: bool = True,
    scores: dict[int, tuple[float, list]] | None = None,
) -> list[Assignment]:
    """Send offers (SMS/e-mail with accept and decline links) to the chosen volunteers."""
    help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    _ensure_open(help_request)
    if not volunteers:
        raise ValidationError(_("Choose at least one volunteer."))
    offers = []
    for volunteer in volunteers:
        _ensure_active(volunteer)
        if not help_request.policy.may_take(volunteer.age(), help_request.task_type):
            raise ValidationError(TEAM_PROBLEMS["minor_not_allowed"]())
        points, reasons = (scores or {}).get(volunteer.pk, (None, []))
        # Not create_clean: one assignment per request and volunteer, made again or reused.
        assignment, created = Assignment.objects.get_or_create(
            request=help_request,
            volunteer=volunteer,
            defaults={
                "via": AssignmentVia.OFFER,
                "points": points,
                "reasons": reasons,
                "created_by": by,
                "modified_by": by,
            },
        )
        if not created and assignment.status in {AssignmentStatus.ACCEPTED, AssignmentStatus.DONE}:
            continue
        if not created:
            assignment.status = AssignmentStatus.OFFERED
            save_fields(assignment, by, ["status"])
        offers.append(assignment)
        transaction.on_commit(functools.partial(notify.notify_offer, assignment))
    if manual and not help_request.manual_intervention:
        help_request.manual_intervention = True
        save_fields(help_request, by, ["manual_intervention"])
    return offers


def _confirm_if_complete(help_request: HelpRequest, by: User | None) -> None:
    """Where a team becomes final: when the team read back from the database (distinct
    people, see `HelpRequest.team_problem`) is safe for the task, the request is confirmed
    and the rest of the offers are withdrawn; only now does the team see the address."""
    if help_request.team_problem() is not None:
        return
    help_request.status = RequestStatus.ASSIGNED
    save_fields(help_request, by, ["status"])
    help_request.assignments.filter(status=AssignmentStatus.OFFERED).update(
        status=AssignmentStatus.WITHDRAWN, modified_at=timezone.now()
    )
    for member in help_request.assignments.filter(status=AssignmentStatus.ACCEPTED):
        transaction.on_commit(functools.partial(notify.notify_confirmed, member))


def request_team_recheck(*, help_request: HelpRequest, by: User | None) -> HelpRequest:
    """After a helper leaves a confirmed team (paused, withdrawn), check the team that is
    left. If it now breaks the safety rule (a minor left alone for an in-home task) or nobody
    is still going, the request goes back to waiting, so the remaining helpers lose the
    address; a team that is still safe (an adult left) keeps the task.

    The caller holds the request row lock (`select_for_update`)."""
    if help_request.status != RequestStatus.ASSIGNED:
        return help_request
    still_going = help_request.assignments.filter(status=AssignmentStatus.ACCEPTED).exists()
    if still_going and help_request.team_problem() is None:
        return help_request
    help_request.status = RequestStatus.OPEN
    save_fields(help_request, by, ["status"])
    return help_request


@transaction.atomic
def assignment_accept(
    *,
    assignment: Assignment,
    via: str = AssignmentVia.OFFER,
    by: User | None = None,
    now: datetime.datetime | None = None,
) -> Assignment:
    """A volunteer says yes. A minor accepting an in-home task waits for a partner.

    The answer is written first and the team is then judged as the database holds it, so
    a person can never count twice; any other problem rolls the answer back."""
    help_request = (
        HelpRequest.objects.select_for_update()
        .select_related("organisation")
        .get(pk=assignment.request_id)
    )
    assignment = Assignment.objects.select_related("volunteer__person").get(pk=assignment.pk)
    if assignment.status == AssignmentStatus.ACCEPTED:
        return assignment
    if assignment.status in {AssignmentStatus.WITHDRAWN, AssignmentStatus.DONE}:
        raise ValidationError(_("This offer is no longer valid. Thank you for offering!"))
    _ensure_open(help_request)
    _ensure_active(assignment.volunteer)
    assignment.status = AssignmentStatus.ACCEPTED
    assignment.via = via
    assignment.responded_at = now or timezone.now()
    save_fields(assignment, by, ["status", "via", "responded_at"])
    problem = help_request.team_problem()
    if problem not in {None, "minor_alone_in_home"}:
        raise ValidationError(TEAM_PROBLEMS[problem]())  # rolls the answer back
    assignment.request = help_request
    _confirm_if_complete(help_request, by)
    return assignment


@transaction.atomic
def assignment_pick(
    *,
    help_request: HelpRequest,
    volunteer: Volunteer,
    by: User,
    now: datetime.datetime | None = None,
) -> Assignment:
    """A volunteer takes a task from the open requests near them."""
    # Not create_clean: one assignment per request and volunteer, made again or reused.
    assignment, _created = Assignment.objects.get_or_create(
        request=help_request,
        volunteer=volunteer,
        defaults={"via": AssignmentVia.PICK, "created_by": by, "modified_by": by},
    )
    if assignment.status == AssignmentStatus.DECLINED:
        assignment.status = AssignmentStatus.OFFERED
    return assignment_accept(assignment=assignment, via=AssignmentVia.PICK, by=by, now=now)


def assignment_decline(*, assignment: Assignment, by: User | None = None) -> Assignment:
    if assignment.status != AssignmentStatus.OFFERED:
        raise ValidationError(_("This offer is no longer open."))
    assignment.status = AssignmentStatus.DECLINED
    assignment.responded_at = timezone.now()
    save_fields(assignment, by, ["status", "responded_at"])
    return assignment


@transaction.atomic
def assignment_confirm(
    *,
    help_request: HelpRequest,
    volunteers: Sequence[Volunteer],
    by: User,
    now: datetime.datetime | None = None,
) -> list[Assignment]:
    """A coordinator puts the team together directly (e.g. after phoning the volunteers).

    The chosen volunteers join whoever has already accepted; the whole team is then read
    back from the database and must be complete and safe, or nothing is saved. Choosing a
    volunteer who already accepted adds no one: a minor waiting for a partner stays alone
    and the confirmation is refused."""
    help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    _ensure_open(help_request)
    chosen = list({volunteer.pk: volunteer for volunteer in volunteers}.values())
    if not chosen:
        raise ValidationError(TEAM_PROBLEMS["empty_team"]())
    for volunteer in chosen:
        _ensure_active(volunteer)
    now = now or timezone.now()
    confirmed = []
    for volunteer in chosen:
        # Not create_clean: one assignment per request and volunteer, made again or reused.
        assignment, _created = Assignment.objects.update_or_create(
            request=help_request,
            volunteer=volunteer,
            defaults={
                "status": AssignmentStatus.ACCEPTED,
                "via": AssignmentVia.COORDINATOR,
                "responded_at": now,
                "modified_by": by,
            },
            create_defaults={
                "status": AssignmentStatus.ACCEPTED,
                "via": AssignmentVia.COORDINATOR,
                "responded_at": now,
                "created_by": by,
                "modified_by": by,
            },
        )
        confirmed.append(assignment)
    problem = help_request.team_problem()
    if problem is not None:
        raise ValidationError(TEAM_PROBLEMS[problem]())  # rolls every write above back
    help_request.manual_intervention = True
    save_fields(help_request, by, ["manual_intervention"])
    _confirm_if_complete(help_request, by)
    return confirmed


def _ensure_confirmed(assignment: Assignment) -> None:
    if not assignment.sees_address:
        raise ValidationError(_("This task is not confirmed for you."))


def _ensure_started(help_request: HelpRequest, now: datetime.datetime) -> None:
    """A scheduled task is checked in and marked done only once its window has opened: an
    early tap (days before, by mistake) would record a visit that has not happened."""
    start = help_request.window_start
    if not help_request.flexible and start is not None and now < start:
        raise ValidationError(
            _("This task starts %(when)s. Check in when you are there.")
            % {"when": time_span(start, help_request.window_end)}
        )


def assignment_check_in(
    *, assignment: Assignment, by: User | None = None, now: datetime.datetime | None = None
) -> Assignment:
    _ensure_confirmed(assignment)
    now = now or timezone.now()
    _ensure_started(assignment.request, now)
    if assignment.checked_in_at is None:
        assignment.checked_in_at = now
        save_fields(assignment, by, ["checked_in_at"])
    return assignment


def assignment_check_out(*, assignment: Assignment, by: User | None = None) -> Assignment:
    _ensure_confirmed(assignment)
    if assignment.checked_in_at is None:
        raise ValidationError(_("Check in first."))
    if assignment.checked_out_at is None:
        assignment.checked_out_at = timezone.now()
        save_fields(assignment, by, ["checked_out_at"])
    return assignment


@transaction.atomic
def assignment_complete(
    *,
    assignment: Assignment,
    duration_minutes: int,
    by: User | None = None,
    now: datetime.datetime | None = None,
    send_feedback_request: bool = True,
) -> Assignment:
    """The helper marks the task done; when the whole team is done the older person (or
    their proxy) is asked whether it made the day easier."""
    help_request = HelpRequest.objects.select_for_update().get(pk=assignment.request_id)
    assignment = Assignment.objects.select_related("request").get(pk=assignment.pk)
    if assignment.status == AssignmentStatus.DONE:
        raise ValidationError(_("This task is already marked done."))
    _ensure_confirmed(assignment)
    now = now or timezone.now()
    _ensure_started(help_request, now)
    if not 1 <= duration_minutes <= MAX_TASK_MINUTES:
        raise ValidationError({"duration_minutes": _("Give the duration in minutes (1–720).")})
    # A missing check-in is left empty on purpose: the coordinator should see it.
    assignment.status = AssignmentStatus.DONE
    assignment.duration_minutes = duration_minutes
    assignment.completed_at = now
    save_fields(assignment, by, ["status", "duration_minutes", "completed_at"])
    if not help_request.assignments.filter(status=AssignmentStatus.ACCEPTED).exists():
        help_request.status = RequestStatus.DONE
        save_fields(help_request, by, ["status"])
        request_schedule_next(help_request=help_request, by=by, now=assignment.completed_at)
        if send_feedback_request:
            transaction.on_commit(lambda: notify.notify_feedback_request(help_request))
    return assignment


RECURRENCE_DAYS: dict[str, int] = {
    Recurrence.WEEKLY: 7,
    Recurrence.BIWEEKLY: 14,
    Recurrence.MONTHLY: 28,
}


def request_schedule_next(
    *, help_request: HelpRequest, by: User | None, now: datetime.datetime
) -> HelpRequest | None:
    """A recurring request gets its next occurrence when one is done (a monthly one four
    weeks on, so it stays on the same weekday). The ranking then puts the same helper first:
    continuity is what recurring help is for."""
    days = RECURRENCE_DAYS.get(help_request.recurrence)
    if days is None:
        return None
    start, end = help_request.window_start, help_request.window_end
    step = datetime.timedelta(days=days)
    if not help_request.flexible:
        if start is None or end is None:  # request_create gives every fixed time a window
            raise ValueError(f"Help request {help_request.pk} has a fixed time but no window.")
        start, end = start + step, end + step
        while end <= now:  # done late: skip occurrences already in the past
            start, end = start + step, end + step
    return request_create(
        process=help_request.process,
        recipient=help_request.recipient,
        organisation=help_request.organisation,
        task_type=help_request.task_type,
        description=help_request.description,
        flexible=help_request.flexible,
        window_start=start,
        window_end=end,
        recurrence=help_request.recurrence,
        village=help_request.village,
        notes_for_helper=help_request.notes_for_helper,
        channel=help_request.channel,
        by=by,
        now=now,
    )


def feedback_record(
    *,
    help_request: HelpRequest,
    answer: int,
    channel: str = FeedbackChannel.WEB,
    comment: str = "",
    by: User | None = None,
) -> Feedback:
    """ "Did this make your day easier?" — one answer per finished request."""
    if help_request.status != RequestStatus.DONE:
        raise ValidationError(_("Feedback can be given once the task is done."))
    if Feedback.objects.filter(request=help_request).exists():
        raise ValidationError(_("An answer has already been recorded for this task. Thank you!"))
    feedback = create_clean(
        Feedback,
        by=by,
        request=help_request,
        answer=answer,
        channel=channel,
        comment=comment.strip(),
    )
    return feedback


SMS_ANSWER = re.compile(r"^\s*([123])\b")


def feedback_from_sms(*, phone: str, text: str) -> Feedback | None:
    """An SMS reply "1", "2" or "3" from the older person or their proxy answers the latest
    finished request still without an answer. Anything else is ignored (None).

    Numbers are stored in E.164 (`arki.core.phones`), so the sender, normalised the same way,
    is looked up by equality in the database.
    """
    match = SMS_ANSWER.match(text)
    sender = phone_normalise_or_none(phone)
    if match is None or sender is None:
        return None
    help_request = (
        HelpRequest.objects.filter(status=RequestStatus.DONE, feedback__isnull=True)
        .filter(Q(recipient__person__phone=sender) | Q(recipient__proxies__phone=sender))
        .order_by("-modified_at", "-pk")
        .first()
    )
    if help_request is None:
        return None
    return feedback_record(
        help_request=help_request, answer=int(match.group(1)), channel=FeedbackChannel.SMS
    )


def sms_reply(*, phone: str, text: str) -> bool:
    """The core's `sms_reply` hook (the operator's webhook): True if the reply was an answer."""
    return feedback_from_sms(phone=phone, text=text) is not None


def incident_report(
    *,
    process: Process,
    severity: str,
    description: str,
    help_request: HelpRequest | None = None,
    volunteer: Volunteer | None = None,
    by: User | None = None,
) -> Incident:
    incident = create_clean(
        Incident,
        by=by,
        process=process,
        request=help_request,
        volunteer=volunteer,
        severity=severity,
        description=description.strip(),
    )
    return incident


def incident_resolve(*, incident: Incident, by: User) -> Incident:
    incident.resolved_at = timezone.now()
    save_fields(incident, by, ["resolved_at"])
    return incident


def assignment_resend(*, assignment: Assignment, by: User) -> Assignment:
    """A coordinator sends a helper their link again: the offer while it is open, the task
    page once the team is confirmed. The resend is written to the audit log."""
    assignment = Assignment.objects.select_related("request", "volunteer__person").get(
        pk=assignment.pk
    )
    person = assignment.volunteer.person
    if assignment.status == AssignmentStatus.OFFERED and assignment.request.status == (
        RequestStatus.OPEN
    ):
        send = notify.notify_offer
    elif assignment.status == AssignmentStatus.ACCEPTED and assignment.sees_address:
        send = notify.notify_confirmed
    else:
        raise ValidationError(_("This helper has no open offer or confirmed task to send."))
    if not (person.email or person.phone):
        raise ValidationError(
            _("This helper has no e-mail address or phone number. Phone them instead.")
        )
    audit_record(
        actor=by,
        action=AuditAction.CHANGE,
        subject=f"Help request #{assignment.request_id}: link sent again",
        process=assignment.request.process,
        person=person,
        detail={"assignment": assignment.pk, "change": "link_resent"},
    )
    transaction.on_commit(functools.partial(send, assignment))
    return assignment


@transaction.atomic
def assignment_complete_for(
    *,
    assignment: Assignment,
    duration_minutes: int,
    by: User,
    now: datetime.datetime | None = None,
) -> Assignment:
    """A coordinator records that a helper did the task (the helper told them on the phone).
    The same rules as the helper's own "done" apply; the entry names the coordinator in the
    audit log, and the feedback request goes out as usual when the whole team is done."""
    assignment = assignment_complete(
        assignment=assignment, duration_minutes=duration_minutes, by=by, now=now
    )
    audit_record(
        actor=by,
        action=AuditAction.CHANGE,
        subject=f"Help request #{assignment.request_id}: done recorded for the helper",
        process=assignment.request.process,
        person=assignment.volunteer.person,
        detail={
            "assignment": assignment.pk,
            "change": "completed_for_helper",
            "duration_minutes": duration_minutes,
        },
    )
    return assignment
