"""Load Statistics Finland's municipality and wellbeing services county classification."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from arki.core.classification import SHIPPED_FILE, ClassificationError, read_classification
from arki.core.services.places import classification_load


class Command(BaseCommand):
    help = (
        "Create or update regions (wellbeing services counties) and municipalities from "
        "Statistics Finland's classification CSV (see arki/core/classification.py for the "
        "columns). Without a file, loads the classification shipped with Arki. Idempotent; "
        "municipalities missing from the file are kept and listed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default=str(SHIPPED_FILE),
            help="The classification CSV file (default: the one shipped with Arki).",
        )
        parser.add_argument(
            "--year", type=int, default=None, help="Year of the classification, e.g. 2025."
        )

    def handle(self, *args, file, year=None, **options):
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            classification = read_classification(text, year=year)
        except ClassificationError as exc:
            raise CommandError(str(exc)) from exc
        report = classification_load(classification=classification)
        self.stdout.write(
            f"Classification {classification.year}: "
            f"{report.counties_created} counties created, {report.counties_updated} updated; "
            f"{report.created} municipalities created, {report.updated} updated, "
            f"{report.unchanged} unchanged."
        )
        if report.not_in_file:
            self.stdout.write(
                "Kept, not in the file (merged or abolished?): " + ", ".join(report.not_in_file)
            )
