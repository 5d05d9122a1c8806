"""Send the scheduled messages that are due: invitations, reminders (cron, or `--loop`)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from arki.core.outbox.engine import messages_send_due


class Command(BaseCommand):
    help = (
        "Send the invitations and reminders that are due, by each person's channel, and try "
        "failed ones again. Safe to run often and from several servers: nothing is sent twice. "
        "The database job worker already runs this every minute; use it from cron, or with "
        "--loop as a service of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Run again every ARKI_MESSAGE_INTERVAL_SECONDS until stopped.",
        )

    def handle(self, *args, loop=False, **options):
        while True:
            run = messages_send_due()
            outcome = ", ".join(f"{k} {v}" for k, v in sorted(run.outcome.items())) or "nothing"
            self.stdout.write(
                f"{run.enqueued} new message(s); sent: {outcome}; "
                f"{run.recovered} interrupted send(s) reported."
            )
            if not loop:
                return
            close_old_connections()
            time.sleep(settings.ARKI_MESSAGE_INTERVAL_SECONDS)
