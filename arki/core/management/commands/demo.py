"""`arki demo`: migrate, load the Kainuu demo, print the log-ins, and serve it."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from arki.core.demo import DEMO_PASSWORD, DEMO_SLUG, demo_exists, demo_load, demo_remove
from arki.core.models import User
from arki.core.worker import embedded_worker_start


class Command(BaseCommand):
    help = "Load the Kainuu demo (if not loaded yet) and serve Arki on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument(
            "--load-only", action="store_true", help="Load the demo and exit (for scripts)."
        )
        parser.add_argument(
            "--reset", action="store_true", help="Remove an earlier demo first and load anew."
        )
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="Where to serve.")

    def handle(self, *args, load_only=False, reset=False, addrport="127.0.0.1:8000", **options):
        call_command("compilepo", verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        if reset and demo_exists():
            self.stdout.write("Removing the earlier demo…")
            demo_remove()
        if demo_exists():
            self.stdout.write("The Kainuu demo is already loaded.")
            logins = [
                (u.username, u.username)
                for u in User.objects.filter(email__endswith="@demo.arki.invalid")
            ]
        else:
            self.stdout.write("Loading the Kainuu demo…")
            ctx = demo_load(log=self.stdout.write)
            logins = ctx.logins
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo log-ins (password for all: {DEMO_PASSWORD})"))
        width = max(len(label) for label, _ in logins)
        for label, username in logins:
            self.stdout.write(f"  {label.ljust(width)}  {username}")
        self.stdout.write("")
        self.stdout.write(f"Public process website: http://{addrport}/p/{DEMO_SLUG}/")
        self.stdout.write(f"Staff pages:            http://{addrport}/staff/")
        if load_only:
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        embedded_worker_start()  # background jobs run beside the server (arki.core.worker)
        call_command("runserver", addrport, use_reloader=False)
