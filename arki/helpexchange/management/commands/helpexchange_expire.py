"""`arki helpexchange_expire`: open requests past their time become unmet demand.

Run it from cron (e.g. every hour); it is idempotent.
"""

from django.core.management.base import BaseCommand

from arki.helpexchange.services import requests_expire


class Command(BaseCommand):
    help = "Mark open help requests whose time has passed as expired (unmet demand)."

    def handle(self, *args, **options):
        count = requests_expire()
        self.stdout.write(f"{count} request(s) expired.")
