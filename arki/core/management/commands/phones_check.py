"""`arki phones_check`: list stored phone numbers that are not in E.164.

The migration that introduced E.164 normalised every number it could read; this lists the
rest (masked) so that staff can correct them on the person's page. Exits with status 1 when
there are any, so it can run in a deployment check.
"""

from django.core.management.base import BaseCommand, CommandError

from arki.core.phones import phones_unreadable


class Command(BaseCommand):
    help = "List stored phone numbers that could not be read as phone numbers (masked)."

    def handle(self, *args, **options):
        found = phones_unreadable()
        for label, pk, masked in found:
            self.stdout.write(f"{label} #{pk}: {masked}")
        if found:
            raise CommandError(f"{len(found)} phone number(s) to correct.")
        self.stdout.write("All stored phone numbers are in E.164.")
