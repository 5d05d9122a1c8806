"""Tasks that run background jobs (see arki.core.jobs): one of Django's tasks API for the
database backend (run by `arki worker`), and Celery's for ARKI_JOB_BACKEND=celery."""

from celery import shared_task

try:  # Django 6 has the tasks API built in; before it, the django-tasks backport
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:
    from django_tasks import task  # type: ignore[no-redef,unused-ignore]

from .jobs import job_files_purge, jobs_recover, run_job
from .uploads import uploads_purge


@task()
def run_job_queued(job_id: int) -> None:
    """Stored by the database backend; a worker that dies mid-job leaves the job to
    `jobs_recover()`, which the next worker runs on start."""
    run_job(job_id, heartbeat=True)


@shared_task(name="arki.run_job", acks_late=True, reject_on_worker_lost=True)
def run_job_task(job_id: int) -> None:
    run_job(job_id, heartbeat=True)


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


@shared_task(name="arki.recover_jobs")
def recover_jobs_task() -> int:
    """Queue again (or fail) the jobs whose worker died (scheduled by Celery beat)."""
    return len(jobs_recover())


@shared_task(name="arki.send_due_messages")
def send_due_messages_task() -> int:
    """Send the invitations and reminders that are due (scheduled by Celery beat every minute;
    cron: `arki send_due_messages`). Returns how many messages were written to the outbox."""
    from .outbox.engine import messages_send_due

    return messages_send_due().enqueued
