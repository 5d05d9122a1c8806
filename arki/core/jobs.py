"""Background jobs: long work (PDF batches, imports, clustering, reports) with visible progress.

A tool registers job functions in its manifest (`jobs={"insight.paper_kits": build_kits}`);
`job_start()` records a `Job` row and, once the transaction commits, hands it to the backend
chosen by `ARKI_JOB_BACKEND`:

- "database" (the default; "embedded" means the same): a task of Django's tasks API, stored
  in the database by the `django-tasks-db` backend and run by a worker process, `arki worker`
  (django-tasks-db's `db_worker` plus the recovery below). `arki runserver` and `arki demo`
  start that worker themselves (`arki.core.worker`), so a small site runs no extra service;
  production runs it as its own service.
- "celery": a Celery task on workers through Redis, acknowledged only after it finishes
  (acks_late), for large installations.
- "immediate": run at once, in the process and after the transaction that started it (tests).

A job function receives a `JobContext` and reports with `ctx.progress(done, total, message)`;
it should save a checkpoint with `ctx.checkpoint({...})` between steps and read `ctx.state`
on start so that a restarted job does not redo finished steps.

Crash recovery: while a job runs, its worker touches `Job.heartbeat_at` every
`ARKI_JOB_HEARTBEAT_SECONDS` (and on every progress and checkpoint). `jobs_recover()` – run by
every worker when it starts and every few seconds after – takes a running job whose heartbeat
is older than `ARKI_JOB_STALE_SECONDS` for lost: it is queued again and continues from its
checkpoint, unless it already ran `ARKI_JOB_MAX_ATTEMPTS` times or its function says it
cannot resume (`resumable = False`); then it fails with the reason (`Job.failure`, shown
translated) and its uploaded file is deleted. A job that fails for any reason loses its
upload (`params["path"]`, see `arki.core.uploads`): it holds personal data.

Result files (exports, paper kits with access codes, reports) hold personal data, so they are
kept for `ARKI_FILE_RETENTION_DAYS` only: `job_files_purge()` deletes older ones and marks the
job (`file_expired_at`), whose page then says the file can be made again. It runs after every
job, from the command `arki purge_files` (cron) and as the Celery task `arki.purge_files`,
together with the purge of uploads no job read (`arki.core.uploads`).
Give the process as `params["process"]` so that the deletion shows in its audit log.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
import traceback
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from .enums import AuditAction, JobFailure, JobStatus
from .models import Job, Process, User
from .registry import registry
from .services.audit import audit_record
from .uploads import upload_delete, uploads_purge

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
        Job.objects.filter(pk=self.job.pk).update(
            done=done, total=total, message=message[:300], heartbeat_at=timezone.now()
        )
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
        Job.objects.filter(pk=self.job.pk).update(state=state, heartbeat_at=timezone.now())


def run_job(job_id: int, *, heartbeat: bool = False) -> None:
    """Run one job to its end, recording success or failure; safe to call again after a crash.

    Workers pass `heartbeat=True`: a thread then shows the job is alive while it runs, so
    that `jobs_recover()` can tell a long step from a dead worker.
    """
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        started_at=job.started_at or now,
        attempts=F("attempts") + 1,
        heartbeat_at=now,
    )
    job.refresh_from_db()
    try:
        with _heartbeat(job.pk) if heartbeat else contextlib.nullcontext():
            function = registry.job(job.kind)
            result = function(JobContext(job))
    except Exception as error:
        logger.exception("Job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error=f"{error}\n\n{traceback.format_exc()}"[:20000],
            finished_at=timezone.now(),
        )
        upload_delete(job.params.get("path"))
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


@contextlib.contextmanager
def _heartbeat(job_id: int) -> Iterator[None]:
    """Touch the job every ARKI_JOB_HEARTBEAT_SECONDS from a thread while the block runs.

    The thread dies with its process, which is the point: a killed worker stops beating.
    """
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.ARKI_JOB_HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # a locked SQLite file, a lost connection: beat again later
                    logger.warning("Job %s: heartbeat not written", job_id, exc_info=True)
                    connection.close()
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"arki-job-{job_id}-heartbeat", daemon=True)
    _running_here.add(job_id)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        _running_here.discard(job_id)


#: Jobs that this process is running: its own sweep never takes them for lost, whatever
#: their heartbeat (a long SQLite write can hold the heartbeat back).
_running_here: set[int] = set()


def job_resumable(kind: str) -> bool:
    """Whether a job of this kind may run again after its worker died (the default); a job
    function that cannot continue safely sets `function.resumable = False`."""
    try:
        return getattr(registry.job(kind), "resumable", True) is not False
    except KeyError:
        return False


def jobs_lost(*, now: datetime.datetime | None = None) -> QuerySet[Job]:
    """Running jobs whose worker stopped showing signs of life."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.ARKI_JOB_STALE_SECONDS)
    silent = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    jobs = Job.objects.filter(silent, status=JobStatus.RUNNING).order_by("pk")
    return jobs.exclude(pk__in=list(_running_here))


def jobs_recover(*, now: datetime.datetime | None = None) -> list[Job]:
    """Queue every lost job again, or fail it with the reason (see the module's docstring);
    returns the jobs concerned.

    Each change is conditional on the heartbeat the job was found with, so two workers
    sweeping at once queue a job once.
    """
    now = now or timezone.now()
    handled = []
    for job in jobs_lost(now=now):
        found = Job.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at
        )
        failure = ""
        if not job_resumable(job.kind):
            failure = JobFailure.WORKER_LOST
        elif job.attempts >= settings.ARKI_JOB_MAX_ATTEMPTS:
            failure = JobFailure.TOO_MANY_ATTEMPTS
        if failure:
            changed = found.update(
                status=JobStatus.FAILED,
                failure=failure,
                error=f"{JobFailure(failure).label} ({job.attempts})",
                finished_at=now,
                heartbeat_at=now,
            )
            if changed:
                logger.warning("Job %s lost its worker and failed: %s", job.pk, failure)
                upload_delete(job.params.get("path"))
        else:
            with transaction.atomic():  # queued and its task written together
                changed = found.update(status=JobStatus.QUEUED, heartbeat_at=now)
                if changed:
                    logger.warning("Job %s lost its worker; queued again", job.pk)
                    _dispatch(job.pk)
        if changed:
            handled.append(job)
    return handled


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


def _dispatch(job_id: int) -> None:
    """Hand a recorded job to the configured backend.

    The database backend writes its task row in the current transaction, with the job: both
    are kept or neither, so no job waits for a task that a crash before the commit lost. The
    others send it once the transaction commits (a worker must find the job row).
    """
    backend = settings.ARKI_JOB_BACKEND
    if backend in {"database", "embedded"}:
        from .tasks import run_job_queued

        run_job_queued.enqueue(job_id)
    elif backend == "celery":
        from .tasks import run_job_task

        transaction.on_commit(
            lambda: run_job_task.apply_async(
                args=[job_id], queue=settings.CELERY_TASK_DEFAULT_QUEUE
            )
        )
    elif backend == "immediate":
        transaction.on_commit(lambda: run_job(job_id))
    else:
        raise ImproperlyConfigured(f"Unknown ARKI_JOB_BACKEND {backend!r}")


def job_start(*, kind: str, params: dict[str, Any] | None = None, user: User | None = None) -> Job:
    """Record a job and start it after the current transaction commits."""
    registry.job(kind)  # fail now, in the request, if nobody registered this job
    job = Job.objects.create(kind=kind, params=params or {}, created_by=user)
    _dispatch(job.pk)
    return job


def _clear_sessions() -> None:
    from django.core.management import call_command

    call_command("clearsessions")


def _purge_files() -> None:
    job_files_purge()
    uploads_purge()


def _send_due_messages() -> None:
    from .outbox.engine import messages_send_due

    messages_send_due()


#: Periodic housekeeping the database worker does itself, so that a small site with no Celery
#: beat and no cron still deletes expired files and sessions: (cache key, seconds, work).
HOUSEKEEPING: tuple[tuple[str, int, Any], ...] = (
    ("arki-housekeeping:files", 3600, _purge_files),
    ("arki-housekeeping:sessions", 24 * 3600, _clear_sessions),
    # Scheduled messages (arki.core.outbox): safe to run from several workers at once.
    ("arki-housekeeping:messages", 60, _send_due_messages),
)


def housekeeping_run() -> list[str]:
    """Run each housekeeping task whose period has passed; return the keys that ran.

    The period is a key in the shared `default` cache, taken with `cache.add()` (it succeeds
    only where the key is absent), so with several workers on several servers each task runs
    about once per period, not once per worker; a task that fails is tried again next period.
    """
    from django.core.cache import cache

    ran = []
    for key, seconds, work in HOUSEKEEPING:
        if cache.add(key, timezone.now().isoformat(), timeout=seconds):
            try:
                work()
            except Exception:
                logger.exception("Housekeeping %s failed", key)
            ran.append(key)
    return ran


def jobs_sweep_forever(*, interval: float, stop: threading.Event) -> None:
    """Until `stop` is set (a worker's thread): every `interval` seconds recover lost jobs, and
    run the housekeeping whose period has passed (expired files and sessions)."""
    while True:
        try:
            jobs_recover()
            housekeeping_run()
        except Exception:
            logger.exception("Recovering lost jobs failed")
        finally:
            close_old_connections()
        if stop.wait(interval):
            return
