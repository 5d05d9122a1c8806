"""The scheduling engine: collect due messages, write them to the outbox once, send them.

See the package docstring for the guarantees; the functions here are the only writers of
`OutboxMessage`.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..enums import MessageChannel, OutboxReason, OutboxStatus
from ..messaging import SmsMessage, sms_gateway
from ..models import (
    MessagePreference,
    OutboxMessage,
    Person,
    Process,
    Sitting,
    SittingInvitation,
    User,
)
from ..registry import registry
from .due import DueMessage, core_messages_due
from .links import preferences_url

logger = logging.getLogger(__name__)

#: The order in which channels are tried after the person's own choice.
CHANNELS = (MessageChannel.EMAIL, MessageChannel.SMS, MessageChannel.LETTER)


def _preference(person: Person) -> MessagePreference | None:
    try:
        return person.message_preference
    except MessagePreference.DoesNotExist:
        return None


def reachable(person: Person, channel: str, preference: MessagePreference | None) -> bool:
    if channel == MessageChannel.EMAIL:
        return bool(person.email)
    if channel == MessageChannel.SMS:
        return bool(person.phone)
    return bool(preference and preference.postal_address.strip())


def channel_for(person: Person) -> str | None:
    """The person's own choice if it reaches them, else e-mail, SMS, letter: the first one
    they have the contact details for and did not opt out of; None if none."""
    preference = _preference(person)
    order = [preference.channel] if preference and preference.channel else []
    for channel in [*order, *CHANNELS]:
        if preference and preference.refuses(channel):
            continue
        if reachable(person, channel, preference):
            return channel
    return None


def _render(due: DueMessage) -> tuple[str, str, str]:
    language = due.person.language or settings.LANGUAGE_CODE[:2]
    with translation.override(language):
        subject, body = due.render()
        footer = _("Your message settings (stop messages, choose how you get them): %(url)s")
        body = f"{body}\n\n{footer % {'url': preferences_url(due.person)}}"
    return language, subject[:200], body


def messages_enqueue(
    due: Iterable[DueMessage], *, now: datetime.datetime, only_channel: str | None = None
) -> int:
    """Write each due message once per person; returns how many rows were written.

    `only_channel` writes only the messages that go by that channel (the letters written
    ahead, see `messages_send_due`).

    A person who already has a row for the key (by any channel, in any state) is passed over,
    so a changed preference never sends a message twice; `ignore_conflicts` with the unique
    constraint covers two schedulers enqueueing at once.
    """
    items = list(due)
    keys = {item.key for item in items}
    existing = set(OutboxMessage.objects.filter(key__in=keys).values_list("key", "person_id"))
    rows = []
    for item in items:
        if (item.key, item.person.pk) in existing:
            continue
        if only_channel is not None and not item.ahead:
            continue
        channel = channel_for(item.person)
        if only_channel is not None and channel != only_channel:
            continue
        existing.add((item.key, item.person.pk))
        language, subject, body = _render(item)
        row = OutboxMessage(
            process_id=item.person.process_id,
            key=item.key,
            kind=item.kind,
            person=item.person,
            channel=channel or MessageChannel.EMAIL,
            language=language,
            subject=subject,
            body=body,
            next_attempt_at=now,
            created_at=now,
        )
        if channel is None:
            row.status, row.reason = OutboxStatus.SKIPPED, OutboxReason.NO_CHANNEL
        rows.append(row)
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def messages_due(now: datetime.datetime) -> list[DueMessage]:
    """Every source's due messages: the core's and each tool's (`scheduled_messages`).

    A failing source is logged and skipped, so one tool's bug does not stop the others."""
    found = list(core_messages_due(now))
    for source in registry.scheduled_message_sources():
        try:
            found.extend(source(now))
        except Exception:
            logger.exception("Scheduled messages: the source %r failed", source)
    return found


def message_claim(pk: int, *, now: datetime.datetime) -> OutboxMessage | None:
    """Take one waiting message for sending, or None if another worker took it first.

    A conditional UPDATE (status still `pending`): the database lets exactly one of two
    concurrent claims change the row (PostgreSQL re-checks the condition after the row lock).
    """
    taken = OutboxMessage.objects.filter(
        pk=pk, status=OutboxStatus.PENDING, next_attempt_at__lte=now
    ).update(status=OutboxStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not taken:
        return None
    return OutboxMessage.objects.select_related("person__message_preference").get(pk=pk)


def backoff(attempts: int) -> datetime.timedelta:
    """Wait before the next attempt: base × 2^(attempts−1) (5, 10, 20 … minutes)."""
    return datetime.timedelta(seconds=settings.ARKI_MESSAGE_RETRY_SECONDS * 2 ** (attempts - 1))


def _finish(message: OutboxMessage, **fields: object) -> None:
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING).update(**fields)


def _send(message: OutboxMessage) -> None:
    person = message.person
    if message.channel == MessageChannel.EMAIL:
        send_mail(message.subject, message.body, None, [person.email])
    elif message.channel == MessageChannel.SMS:
        sms_gateway().send(SmsMessage(person.phone, message.body))
    else:  # letters are printed in batches (letters.py), never sent here
        raise ValueError(f"Cannot send a {message.channel} message one by one.")


def message_deliver(message: OutboxMessage, *, now: datetime.datetime) -> str:
    """Send one claimed message; record the outcome. Any exception of the gateway is a failed
    attempt: tried again after `backoff()`, and given up after ARKI_MESSAGE_MAX_ATTEMPTS."""
    person = message.person
    preference = _preference(person)
    if person.erased_at is not None:
        _finish(message, status=OutboxStatus.SKIPPED, reason=OutboxReason.ERASED)
        return OutboxStatus.SKIPPED
    if preference and preference.refuses(message.channel):
        _finish(message, status=OutboxStatus.SKIPPED, reason=OutboxReason.OPTED_OUT)
        return OutboxStatus.SKIPPED
    try:
        _send(message)
    except Exception as error:
        logger.warning("Message %s: attempt %s failed: %s", message.pk, message.attempts, error)
        text = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= settings.ARKI_MESSAGE_MAX_ATTEMPTS:
            _finish(message, status=OutboxStatus.FAILED, reason=OutboxReason.GAVE_UP, error=text)
            return OutboxStatus.FAILED
        _finish(
            message,
            status=OutboxStatus.PENDING,
            next_attempt_at=now + backoff(message.attempts),
            error=text,
        )
        return OutboxStatus.PENDING
    _finish(message, status=OutboxStatus.SENT, sent_at=now, reason="", error="")
    return OutboxStatus.SENT


def messages_recover(*, now: datetime.datetime) -> int:
    """Messages left `sending` by a worker that died: failed, for staff to check (they may
    have arrived). Letters are the letters job's, which recovers its own."""
    cutoff = now - datetime.timedelta(seconds=settings.ARKI_MESSAGE_CLAIM_SECONDS)
    return (
        OutboxMessage.objects.filter(status=OutboxStatus.SENDING, claimed_at__lt=cutoff)
        .exclude(channel=MessageChannel.LETTER)
        .update(status=OutboxStatus.FAILED, reason=OutboxReason.INTERRUPTED)
    )


def messages_send_pending(*, now: datetime.datetime, limit: int | None = None) -> dict[str, int]:
    """Claim and send the waiting e-mails and text messages, one at a time."""
    ids = list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .exclude(channel=MessageChannel.LETTER)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[: limit or settings.ARKI_MESSAGE_BATCH]
    )
    outcome: dict[str, int] = {}
    for pk in ids:
        message = message_claim(pk, now=now)
        if message is None:
            continue
        status = message_deliver(message, now=now)
        outcome[status] = outcome.get(status, 0) + 1
    return outcome


@dataclass
class SchedulerRun:
    enqueued: int = 0
    recovered: int = 0
    outcome: dict[str, int] = field(default_factory=dict)


def sending_hours(now: datetime.datetime) -> bool:
    start, end = settings.ARKI_MESSAGE_HOURS
    return start <= timezone.localtime(now).hour < end


def messages_send_due(*, now: datetime.datetime | None = None) -> SchedulerRun:
    """One run of the scheduler: recover, enqueue what is due (in sending hours; letters
    some days ahead), send.

    Safe to run from several workers at once and to run again after a crash."""
    now = now or timezone.now()
    run = SchedulerRun(recovered=messages_recover(now=now))
    if sending_hours(now):
        run.enqueued = messages_enqueue(messages_due(now), now=now)
        # A letter must be printed and posted: it is written as if it were
        # ARKI_MESSAGE_LETTER_LEAD_DAYS later, so the day-before reminder arrives in time. The
        # same key then finds it written and sends the person nothing more.
        lead = settings.ARKI_MESSAGE_LETTER_LEAD_DAYS
        if lead:
            ahead = messages_due(now + datetime.timedelta(days=lead))
            run.enqueued += messages_enqueue(ahead, now=now, only_channel=MessageChannel.LETTER)
    run.outcome = messages_send_pending(now=now)
    return run


def message_retry(*, message: OutboxMessage, now: datetime.datetime | None = None) -> bool:
    """Staff send a failed message again (from the messages page): it waits for the next run."""
    now = now or timezone.now()
    return bool(
        OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.FAILED).update(
            status=OutboxStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            claimed_at=None,
            reason="",
            letter_job=None,
        )
    )


def messages_summary(process: Process) -> dict[str, int]:
    from django.db.models import Count

    rows = (
        OutboxMessage.objects.filter(process=process)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["status"]: row["n"] for row in rows}
    counts["letters_waiting"] = OutboxMessage.objects.filter(
        process=process, channel=MessageChannel.LETTER, status=OutboxStatus.PENDING
    ).count()
    return counts


@transaction.atomic
def preference_set(
    *,
    person: Person,
    channel: str = "",
    no_email: bool = False,
    no_sms: bool = False,
    no_letter: bool = False,
    postal_address: str | None = None,
) -> MessagePreference:
    """Save a person's message settings (from their own page or staff's); takes effect on the
    next message: sending checks the opt-outs again right before each message."""
    preference, _created = MessagePreference.objects.select_for_update().get_or_create(
        person=person
    )
    preference.channel = channel
    preference.no_email, preference.no_sms, preference.no_letter = no_email, no_sms, no_letter
    if postal_address is not None:
        preference.postal_address = postal_address.strip()
    preference.full_clean()
    preference.save()
    person.message_preference = preference
    return preference


def sitting_invite(
    *,
    sitting: Sitting,
    age_groups: Sequence[str] = (),
    send_at: datetime.datetime | None = None,
    by: User | None = None,
) -> SittingInvitation:
    """Invite the sitting's participants (of the chosen age groups); the scheduler sends the
    invitations at `send_at` (now if empty), each person once per sitting."""
    invitation = SittingInvitation(
        sitting=sitting,
        age_groups=sorted(set(age_groups)),
        send_at=send_at or timezone.now(),
        created_by=by,
        modified_by=by,
    )
    invitation.full_clean()
    invitation.save()
    return invitation
