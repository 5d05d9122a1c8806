"""Celery tasks of the production job backend (see arki.core.jobs)."""

from celery import shared_task

from .jobs import run_job


@shared_task(name="arki.run_job", acks_late=True, reject_on_worker_lost=True)
def run_job_task(job_id: int) -> None:
    run_job(job_id)
