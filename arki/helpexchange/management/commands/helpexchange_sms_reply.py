"""`arki helpexchange_sms_reply <phone> <text>`: feed one SMS reply in by hand.

For operators whose gateway cannot call the webhook (/sms/callback/): a script that
polls the gateway can call this for every reply.
"""

from django.core.management.base import BaseCommand

from arki.helpexchange.services import feedback_from_sms


class Command(BaseCommand):
    help = "Record an SMS reply (1, 2 or 3) as an experience answer."

    def add_arguments(self, parser):
        parser.add_argument("phone")
        parser.add_argument("text")

    def handle(self, *args, phone, text, **options):
        answer = feedback_from_sms(phone=phone, text=text)
        self.stdout.write("recorded" if answer else "ignored")
