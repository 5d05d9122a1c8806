"""Diary reminders on the days a diary is due (the manifest's `scheduled_messages`).

Staff list the due days in the tool's settings; on each, everyone enrolled in the process's
insight workshop who has not returned the diary and has an active "reminders" consent gets
one reminder, by their own channel (a printed letter for people with neither e-mail nor a
phone) and in their language, sent once by the core's scheduler (arki.core.outbox). The
"Send reminders" button on the reminders page stays for a reminder on another day.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

from django.utils.translation import gettext as _

from arki.core.outbox.due import DueMessage, local_date

from .models import InsightSettings, Participant
from .selectors import _has_reminder_consent, insight_workshop
from .services import reminder_body


def _render(participant: Participant) -> Callable[[], tuple[str, str]]:
    return lambda: (_("Your service diary"), reminder_body(participant))


def messages_due(now: datetime.datetime) -> Iterator[DueMessage]:
    today = local_date(now).isoformat()
    # A handful of processes: JSON "contains" is not portable to SQLite, so filter here.
    for settings in InsightSettings.objects.exclude(diary_due_dates=[]).select_related("process"):
        if today not in settings.diary_due_dates:
            continue
        workshop = insight_workshop(settings.process)
        participants = Participant.objects.filter(workshop=workshop, diary_returned_at__isnull=True)
        consented = participants.filter(_has_reminder_consent()).values("pk")
        targets = (
            participants.filter(pk__in=consented, person__erased_at__isnull=True)
            .select_related("person__message_preference")
            .order_by("pk")
        )
        key = f"insight:diary-due:{settings.process_id}:{today}"
        for participant in targets:
            yield DueMessage(
                key, "insight.diary_reminder", participant.person, _render(participant)
            )
