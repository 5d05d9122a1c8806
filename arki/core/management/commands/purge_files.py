"""Delete files holding personal data older than ARKI_FILE_RETENTION_DAYS (run from cron):
the result files of background jobs and uploads no job read."""

from django.conf import settings
from django.core.management.base import BaseCommand

from arki.core.jobs import job_files_purge
from arki.core.uploads import uploads_purge


class Command(BaseCommand):
    help = (
        "Delete the result files of background jobs (exports, paper kits, reports) and the "
        "uploads no job read, older than ARKI_FILE_RETENTION_DAYS; each deletion is "
        "audit-logged."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files that would go; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        jobs = job_files_purge(dry_run=dry_run)
        for job in jobs:
            ended = job.finished_at or job.created_at
            self.stdout.write(
                f"{job.result_file.name}  (job #{job.pk} {job.kind}, {ended:%Y-%m-%d})"
            )
        uploads = uploads_purge(dry_run=dry_run)
        for path in uploads:
            self.stdout.write(f"{path}  (upload no job read)")
        days = settings.ARKI_FILE_RETENTION_DAYS
        verb = "would be deleted" if dry_run else "deleted"
        count = len(jobs) + len(uploads)
        self.stdout.write(f"{count} file(s) older than {days} day(s) {verb}.")
