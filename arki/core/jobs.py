"""Background jobs: long work (PDF batches, imports, clustering, reports) with visible progress.

A tool registers job functions in its manifest (`jobs={"insight.paper_kits": build_kits}`);
`job_start()` records a `Job` row and hands it to the configured backend:

- "embedded" (the default): a thread in the web process; no extra service to run.
- "celery": a Celery task on workers through Redis; the task is acknowledged only after it
  finishes (acks_late), so a worker that dies mid-job leaves the message to be redelivered,
  and the job continues from its last checkpoint in `Job.state`.

A job function receives a `JobContext` and reports with `ctx.progress(done, total, message)`;
it should save a checkpoint with `ctx.checkpoint({...})` between steps and read `ctx.state`
on start so that a restarted job does not redo finished steps.

Result files (exports, paper kits with access codes, reports) hold personal data, so they are
kept for `ARKI_FILE_RETENTION_DAYS` only: `job_files_purge()` deletes older ones and marks the
job (`file_expired_at`), whose page then says the file can be made again. It runs after every
job, from the command `arki purge_files` (cron) and as the Celery task `arki.purge_files`,
together with the purge of uploads no job read (`arki.core.uploads`).
Give the process as `params["process"]` so that the deletion shows in its audit log.
"""

from __future__ import annotations

import datetime
import logging
import threading
import traceback
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .enums import AuditAction, JobStatus
from .models import Job, Process, User
from .registry import registry
from .services.audit import audit_record
from .uploads import uploads_purge

logger = logging.getLogger(__name__)


class JobContext:
    def __init__(self, job: Job) -> None:
        self.job = job

    @property
    def params(self) -> dict[str, Any]:
        return self.job.params

    @property
    def state(self) -> dict[str, Any]:
        return self.job.state

    def progress(self, done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total, message=message[:300])
        self.job.done, self.job.total, self.job.message = done, total, message[:300]

    def attach(self, filename: str, content: bytes) -> None:
        """Store the job's result file; the user downloads it from the job's page."""
        from django.core.files.base import ContentFile

        if self.job.result_file:
            self.job.result_file.delete(save=False)
        self.job.result_file.save(filename, ContentFile(content), save=False)
        Job.objects.filter(pk=self.job.pk).update(result_file=self.job.result_file.name)

    def checkpoint(self, state: dict[str, Any]) -> None:
        self.job.state = state
        Job.objects.filter(pk=self.job.pk).update(state=state)


def run_job(job_id: int) -> None:
    """Run one job to its end, recording success or failure; safe to call again after a crash."""
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        started_at=job.started_at or timezone.now(),
        attempts=job.attempts + 1,
    )
    job.refresh_from_db()
    try:
        function = registry.job(job.kind)
        result = function(JobContext(job))
    except Exception as error:
        logger.exception("Job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error=f"{error}\n\n{traceback.format_exc()}"[:20000],
            finished_at=timezone.now(),
        )
    else:
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE,
            result=result if isinstance(result, dict) else {},
            finished_at=timezone.now(),
            done=job.total or job.done,
        )
    try:  # opportunistic: a site without cron or Celery beat still deletes old files
        job_files_purge()
        uploads_purge()
    except Exception:
        logger.exception("Purging expired job files failed")


def job_files_expired(*, now: datetime.datetime | None = None) -> QuerySet[Job]:
    """Jobs whose result file is older than the retention period (from when the job ended,
    or started if it never ended)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.ARKI_FILE_RETENTION_DAYS)
    old = Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
    return Job.objects.exclude(result_file="").filter(old).order_by("pk")


def job_files_purge(
    *, now: datetime.datetime | None = None, dry_run: bool = False, by: User | None = None
) -> list[Job]:
    """Delete the expired result files and mark their jobs; returns the jobs concerned, as
    they were found (still naming their file).

    Each deletion is audit-logged. The file goes first and the row is marked only if it still
    names that file, so two purges running at once (two workers) log each file once, and a
    file that could not be deleted is tried again next time.
    """
    now = now or timezone.now()
    jobs = list(job_files_expired(now=now))
    if dry_run:
        return jobs
    purged = []
    for job in jobs:
        name = job.result_file.name
        if not name:  # job_files_expired leaves such jobs out
            continue
        try:
            job.result_file.storage.delete(name)
        except FileNotFoundError:
            pass  # already gone (deleted by hand, lost storage): still mark the job
        except Exception:
            logger.exception("Could not delete the file %s of job %s", name, job.pk)
            continue
        marked = Job.objects.filter(pk=job.pk, result_file=name).update(
            result_file="", file_expired_at=now
        )
        if not marked:
            continue
        process_id = job.params.get("process")
        process = Process.objects.filter(pk=process_id).first() if process_id else None
        audit_record(
            actor=by,
            action=AuditAction.ERASE,
            subject=f"Expired file of background job #{job.pk} ({job.kind}) deleted",
            process=process,
            detail={"job": job.pk, "file": name, "days": settings.ARKI_FILE_RETENTION_DAYS},
        )
        purged.append(job)
    return purged


def _dispatch_embedded(job_id: int) -> None:
    def target() -> None:
        try:
            run_job(job_id)
        finally:
            close_old_connections()

    threading.Thread(target=target, name=f"arki-job-{job_id}", daemon=True).start()


def _dispatch_celery(job_id: int) -> None:
    from .tasks import run_job_task

    run_job_task.apply_async(args=[job_id], queue=settings.CELERY_TASK_DEFAULT_QUEUE)


def job_start(*, kind: str, params: dict[str, Any] | None = None, user: User | None = None) -> Job:
    """Record a job and start it after the current transaction commits."""
    registry.job(kind)  # fail now, in the request, if nobody registered this job
    job = Job.objects.create(kind=kind, params=params or {}, created_by=user)
    backend = settings.ARKI_JOB_BACKEND
    dispatch = _dispatch_celery if backend == "celery" else _dispatch_embedded
    transaction.on_commit(lambda: dispatch(job.pk))
    return job
