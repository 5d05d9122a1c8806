"""What is due to be sent now: `DueMessage`, and the core's own sources (workshop invitations
and the reminder the day before a sitting)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..enums import AGE_GROUP_OF_BAND, AgeBand, OutboxStatus
from ..models import OutboxMessage, Person, Sitting, SittingInvitation


@dataclass(frozen=True)
class DueMessage:
    """One message for one person. `key` names the message, not the person (every invited
    person gets ``sitting-invitation:12``); the engine sends each (key, person) once.
    `render` returns (subject, text); the engine calls it in the person's language.
    `ahead`: a letter for it may be written days early (the scheduler asks every source
    again with the clock moved ARKI_MESSAGE_LETTER_LEAD_DAYS ahead, for letters only) — true
    for reminders tied to a day; false where staff chose when it goes (an invitation)."""

    key: str
    kind: str
    person: Person
    render: Callable[[], tuple[str, str]]
    ahead: bool = True


def local_date(now: datetime.datetime) -> datetime.date:
    return timezone.localtime(now).date()


def starting_on(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The local day as [start, end) in aware datetimes, for `starts_at__range`-like filters."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def _sitting_text(sitting: Sitting) -> dict[str, str]:
    when = timezone.localtime(sitting.starts_at)
    return {
        "workshop": sitting.workshop.tr("title"),
        "process": sitting.workshop.process.tr("name"),
        "date": date_format(when, "DATE_FORMAT"),
        "time": date_format(when, "TIME_FORMAT"),
        "place": sitting.place,
    }


def _invitation(sitting: Sitting) -> Callable[[], tuple[str, str]]:
    def render() -> tuple[str, str]:
        values = _sitting_text(sitting)
        how = sitting.tr("how_to_take_part")
        body = (
            _(
                "Welcome to the workshop “%(workshop)s” of %(process)s on %(date)s at %(time)s, "
                "%(place)s."
            )
            % values
        )
        if how:
            body += "\n\n" + how
        return _("Invitation: %(workshop)s") % values, body

    return render


def _reminder(sitting: Sitting) -> Callable[[], tuple[str, str]]:
    def render() -> tuple[str, str]:
        values = _sitting_text(sitting)
        body = (
            _(
                "A reminder: the workshop “%(workshop)s” is tomorrow, %(date)s at %(time)s, "
                "%(place)s. Welcome!"
            )
            % values
        )
        return _("Tomorrow: %(workshop)s") % values, body

    return render


def invitation_key(sitting: Sitting | int) -> str:
    return f"sitting-invitation:{getattr(sitting, 'pk', sitting)}"


def invited_people(invitation: SittingInvitation) -> Iterator[Person]:
    sitting = invitation.sitting
    people = Person.objects.filter(process=sitting.workshop.process_id, erased_at__isnull=True)
    if sitting.municipality_id:
        people = people.filter(municipality=sitting.municipality_id)
    groups = set(invitation.age_groups)
    for person in people.select_related("message_preference").order_by("pk"):
        if not groups or AGE_GROUP_OF_BAND[AgeBand(person.age_band)] in groups:
            yield person


def sitting_invitations_due(now: datetime.datetime) -> Iterator[DueMessage]:
    """Every person of every invitation whose time has come, while the sitting is ahead.

    The key is the sitting's, so a person in two overlapping invitations (all participants,
    then the older ones again) is invited once."""
    invitations = SittingInvitation.objects.filter(
        send_at__lte=now, sitting__starts_at__gt=now
    ).select_related("sitting__workshop__process")
    for invitation in invitations:
        render = _invitation(invitation.sitting)
        for person in invited_people(invitation):
            yield DueMessage(
                invitation_key(invitation.sitting), "core.invitation", person, render, ahead=False
            )


def sitting_reminders_due(now: datetime.datetime) -> Iterator[DueMessage]:
    """The day before a sitting, everyone whose invitation to it was sent (by any channel)."""
    start, end = starting_on(local_date(now) + datetime.timedelta(days=1))
    sittings = Sitting.objects.filter(starts_at__gte=start, starts_at__lt=end).select_related(
        "workshop__process"
    )
    for sitting in sittings:
        invited = OutboxMessage.objects.filter(
            Q(key=invitation_key(sitting)), status=OutboxStatus.SENT
        ).values("person")
        people = Person.objects.filter(pk__in=invited, erased_at__isnull=True).select_related(
            "message_preference"
        )
        render = _reminder(sitting)
        for person in people.order_by("pk"):
            yield DueMessage(f"sitting-reminder:{sitting.pk}", "core.reminder", person, render)


def core_messages_due(now: datetime.datetime) -> Iterator[DueMessage]:
    yield from sitting_invitations_due(now)
    yield from sitting_reminders_due(now)
