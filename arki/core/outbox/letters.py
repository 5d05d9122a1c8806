"""Printed letters for people with neither e-mail nor a phone: one PDF batch for the post.

Letters wait in the outbox (`channel=letter`) until staff print a batch from the messages
page: a background job (`core.letters`) takes every waiting letter of the process, renders one
A4 page each through `arki.core.pdf.render_pdf` (WeasyPrint, PDF/UA-1: tagged, the document's
language set, each letter marked with its person's language, DejaVu Sans embedded, which
covers Finnish, Swedish and Sámi letters), attaches the file to the job and marks the letters
sent.

A rerun of an interrupted job prints the letters it had already taken (`letter_job`), so a
crash never loses a letter or puts one in two batches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..enums import MessageChannel, OutboxReason, OutboxStatus
from ..jobs import JobContext
from ..models import OutboxMessage, Process
from ..pdf import render_pdf


def letters_pdf(letters: Sequence[OutboxMessage], *, language: str, title: str) -> bytes:
    """One page per letter, as a PDF/UA-1 document."""
    today = timezone.localdate()
    items = []
    for letter in letters:
        preference = getattr(letter.person, "message_preference", None)
        with translation.override(letter.language):
            items.append(
                {
                    "language": letter.language,
                    "name": letter.person.full_name,
                    "address": preference.postal_address if preference else "",
                    "date": date_format(today, "DATE_FORMAT"),
                    "subject": letter.subject,
                    "paragraphs": [p for p in letter.body.split("\n\n") if p.strip()],
                }
            )
    return render_pdf("core/pdf/letters.html", {"letters": items}, title=title, lang=language)


def letters_batch(ctx: JobContext) -> dict[str, Any]:
    """The `core.letters` job: print every waiting letter of `params["process"]`."""
    job = ctx.job
    process = Process.objects.get(pk=ctx.params["process"])
    now = timezone.now()
    with transaction.atomic():
        waiting = OutboxMessage.objects.filter(
            process=process, channel=MessageChannel.LETTER, status=OutboxStatus.PENDING
        )
        refused = waiting.filter(person__message_preference__no_letter=True)
        refused.update(status=OutboxStatus.SKIPPED, reason=OutboxReason.OPTED_OUT)
        waiting.update(
            status=OutboxStatus.SENDING,
            letter_job=job.pk,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    letters = list(
        OutboxMessage.objects.filter(letter_job=job.pk, status=OutboxStatus.SENDING)
        .select_related("person__message_preference")
        .order_by("person__code", "pk")
    )
    ctx.progress(0, len(letters), _("Printing letters"))
    with translation.override(job.params.get("language") or "fi"):
        title = _("Letters: %(process)s") % {"process": process.tr("name")}
    pdf = letters_pdf(letters, language=job.params.get("language") or "fi", title=title)
    ctx.attach(f"letters-{process.slug}-{timezone.localdate():%Y%m%d}.pdf", pdf)
    sent = OutboxMessage.objects.filter(
        pk__in=[letter.pk for letter in letters], status=OutboxStatus.SENDING
    ).update(status=OutboxStatus.SENT, sent_at=timezone.now())
    ctx.progress(len(letters), len(letters), _("Letters ready to print"))
    return {"letters": sent}
