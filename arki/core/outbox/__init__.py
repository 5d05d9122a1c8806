"""Scheduled messages: invitations and reminders by e-mail, text message or printed letter.

- `due.py`: `DueMessage` (what a source says is due now) and the core's own sources: workshop
  invitations (`SittingInvitation`) and the reminder the day before a sitting. Tools add
  theirs through their manifest's `scheduled_messages` (help tasks and events, diaries).
- `engine.py`: `messages_send_due(now=…)` asks every source, writes one `OutboxMessage` per
  message key and person (a unique constraint: enqueueing again is harmless), then claims and
  sends the waiting ones one at a time. A claim is a conditional UPDATE (`pending` →
  `sending`), so two schedulers never take the same row; a failed attempt is retried with
  backoff up to `ARKI_MESSAGE_MAX_ATTEMPTS`, then shown to staff. A row found `sending` after
  `ARKI_MESSAGE_CLAIM_SECONDS` (its worker died mid-send) is never sent again by itself: it
  may have arrived, so staff decide (never twice beats at least once for an SMS).
- `letters.py`: the printed letters batch (WeasyPrint, PDF/UA-1), a background job.
- `links.py`: the signed link in every message to the person's own message settings.

Runs every minute in the database job worker's housekeeping (`arki worker`, which `arki
runserver` starts itself), from `arki send_due_messages` (cron), or from Celery beat
(`arki.send_due_messages`, CELERY_BEAT_SCHEDULE).
"""
