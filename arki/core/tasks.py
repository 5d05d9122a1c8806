"""Celery tasks of the production job backend (see arki.core.jobs)."""

from celery import shared_task

from .jobs import job_files_purge, run_job
from .uploads import uploads_purge


@shared_task(name="arki.run_job", acks_late=True, reject_on_worker_lost=True)
def run_job_task(job_id: int) -> None:
    run_job(job_id)


@shared_task(name="arki.purge_files")
def purge_files_task() -> int:
    """Delete expired job files and uploads no job read (scheduled by Celery beat:
    CELERY_BEAT_SCHEDULE)."""
    return len(job_files_purge()) + len(uploads_purge())


@shared_task(name="arki.clear_sessions")
def clear_sessions_task() -> None:
    """Delete expired sessions (scheduled daily by Celery beat; cron: `arki clearsessions`)."""
    from django.core.management import call_command

    call_command("clearsessions")
