"""Recompute the service-map chart counts from the map rows (all processes or one)."""

from django.core.management.base import BaseCommand, CommandError

from arki.core.models import Process

from ...chart_counts import chart_counts_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the counts behind the service-map charts from the map rows. The write "
        "services keep them current; run this after changing map rows, people's age bands or "
        "municipalities outside the insight tool (SQL, the shell)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--process", metavar="SLUG", help="only this process")

    def handle(self, *args, **options):
        workshop_ids = None
        if options["process"]:
            process = Process.objects.filter(slug=options["process"]).first()
            if process is None:
                raise CommandError(f"No process with the slug {options['process']!r}.")
            workshop_ids = list(process.workshops.values_list("pk", flat=True))
        rows = chart_counts_rebuild(workshop_ids=workshop_ids)
        self.stdout.write(f"Chart counts rebuilt: {rows} rows.")
