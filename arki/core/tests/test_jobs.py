"""Background jobs: progress is visible, failures are recorded, and in the production mode
(Celery on Redis) a job survives a worker being killed mid-way."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from arki.core.enums import JobFailure, JobStatus, Role
from arki.core.jobs import JobContext, job_start, jobs_recover, run_job
from arki.core.models import Job
from arki.core.registry import ToolManifest, registry

IN_CI = os.environ.get("CI", "").lower() == "true"


def wait_for(predicate, timeout=60.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


@pytest.fixture
def failing_tool():
    def explode(ctx: JobContext):
        ctx.progress(1, 3, "first step")
        raise RuntimeError("the printer caught fire")

    registry.register(ToolManifest(name="testfail", label="x", jobs={"test.explode": explode}))
    yield
    registry.unregister("testfail")


def test_failure_is_recorded_not_lost(db, failing_tool):
    job = Job.objects.create(kind="test.explode")
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "the printer caught fire" in job.error
    assert (job.done, job.total, job.message) == (1, 3, "first step")
    assert job.finished_at is not None


def test_unknown_job_kind_is_refused_at_once(db):
    with pytest.raises(KeyError):
        job_start(kind="nobody.registered.this")
    assert Job.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_embedded_job_reports_progress_and_finishes(client, process, make_user):
    facilitator = make_user(Role.FACILITATOR, process=process)
    client.force_login(facilitator)
    response = client.post(reverse("core:reports_regenerate", args=[process.slug]))
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, timeout=60)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert (job.done, job.total) == (10, 10)
    assert job.result == {"reports": 10, "generated": 10}
    page = client.get(reverse("core:job_progress", args=[job.pk])).content.decode()
    assert 'value="100"' in page
    assert "hx-trigger" not in page  # a finished job stops polling
    download = client.get(reverse("core:job_download", args=[job.pk]))
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len(archive.namelist()) == 10
    assert archive.read("workshop-01.pdf").startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_job_page_only_for_its_owner(client, process, make_user):
    owner = make_user(Role.FACILITATOR, process=process)
    job = Job.objects.create(kind="core.regenerate_reports", created_by=owner)
    client.force_login(make_user(Role.FACILITATOR, process=process))
    assert client.get(reverse("core:job_detail", args=[job.pk])).status_code == 404


def _redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(settings.CELERY_BROKER_URL).ping())
    except Exception:
        return False


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


def spawn_worker(command: list[str], media_root, **env: str) -> subprocess.Popen:
    """A worker process on this test's database and a shared media folder, in its own
    process group (so that `kill_worker` kills it and its children at once)."""
    return subprocess.Popen(
        [sys.executable, "-m", *command],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": _database_url(),
            "ARKI_TEST_MEDIA_ROOT": str(media_root),
            **env,
        },
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_worker(worker: subprocess.Popen) -> None:
    """SIGKILL: the worker gets no chance to tidy up, as when a machine dies."""
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def _start_worker(queue: str, media_root) -> subprocess.Popen:
    celery = ["celery", "-A", "config.celery", "worker", "-Q", queue, "--pool", "solo"]
    options = ["--concurrency", "1", "--loglevel", "WARNING", "--without-gossip"]
    return spawn_worker(
        [*celery, *options, "--without-mingle", "--without-heartbeat"],
        media_root,
        CELERY_TASK_DEFAULT_QUEUE=queue,
        CELERY_VISIBILITY_TIMEOUT="2",
    )


_kill = kill_worker


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_job_survives_worker_restart(process, make_user, tmp_path):
    if not _redis_available():
        if IN_CI:
            pytest.fail("CI=true but Redis is not reachable at CELERY_BROKER_URL")
        pytest.skip("needs Redis at CELERY_BROKER_URL")
    queue = f"arki-test-{uuid.uuid4().hex[:8]}"
    worker = _start_worker(queue, tmp_path)
    try:
        with override_settings(ARKI_JOB_BACKEND="celery", CELERY_TASK_DEFAULT_QUEUE=queue):
            job = job_start(
                kind="core.regenerate_reports",
                params={"process": process.pk, "step_delay": 0.5},
                user=make_user(Role.FACILITATOR, process=process),
            )
        worker = kill_and_resume(job, worker, lambda: _start_worker(queue, tmp_path))
        assert len(list((tmp_path / "reports" / process.slug).glob("*.pdf"))) == 10
    finally:
        _kill(worker)


def kill_and_resume(job: Job, worker: subprocess.Popen, restart) -> subprocess.Popen:
    """Kill the worker running a report job (10 steps) past its third step, start another
    (`restart`) and check that the job finished without redoing the steps done before;
    returns the new worker."""
    assert wait_for(lambda: Job.objects.get(pk=job.pk).done >= 3, timeout=60)
    kill_worker(worker)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # what a dead worker leaves behind
    finished_before = len(job.state["finished"])
    assert 3 <= finished_before < 10
    worker = restart()
    assert wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, timeout=90)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.attempts == 2
    # The finished reports were not made again: the job went on from its checkpoint.
    assert job.result == {"reports": 10, "generated": 10 - finished_before}
    return worker


# -- crash recovery (issue #12, finding 7); a real killed worker: test_job_worker.py -------


@pytest.mark.django_db(transaction=True)
def test_recover_queues_a_lost_job_once_and_leaves_a_live_one(db):
    """Two sweeps (two workers) queue a lost job once; a job whose heartbeat is fresh is
    a long step, not a dead worker, and is left alone."""
    stale = timezone.now() - datetime.timedelta(minutes=5)
    lost = Job.objects.create(
        kind="core.regenerate_reports", status=JobStatus.RUNNING, attempts=1, heartbeat_at=stale
    )
    alive = Job.objects.create(
        kind="core.regenerate_reports",
        status=JobStatus.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now(),
    )
    with override_settings(ARKI_JOB_BACKEND="database"):
        assert [job.pk for job in jobs_recover()] == [lost.pk]
        assert jobs_recover() == []
    from django_tasks_db.models import DBTaskResult

    assert [task.args_kwargs["args"] for task in DBTaskResult.objects.all()] == [[lost.pk]]
    lost.refresh_from_db()
    alive.refresh_from_db()
    assert lost.status == JobStatus.QUEUED
    assert alive.status == JobStatus.RUNNING


@pytest.fixture
def fragile_tool():
    def fragile(ctx: JobContext):
        raise AssertionError("a lost fragile job must not run again")

    fragile.resumable = False  # type: ignore[attr-defined]
    registry.register(ToolManifest(name="testfragile", label="x", jobs={"test.fragile": fragile}))
    yield
    registry.unregister("testfragile")


def _upload(name: str) -> str:
    return default_storage.save(f"uploads/testi/{uuid.uuid4().hex[:8]}/{name}", ContentFile(b"x"))


def test_a_lost_job_that_cannot_resume_fails_with_the_reason_and_loses_its_upload(db, fragile_tool):
    path = _upload("people.csv")
    job = Job.objects.create(
        kind="test.fragile",
        params={"path": path},
        status=JobStatus.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    assert [lost.pk for lost in jobs_recover()] == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.failure) == (JobStatus.FAILED, JobFailure.WORKER_LOST)
    assert job.finished_at is not None
    assert not default_storage.exists(path)


def test_a_failed_job_loses_its_upload_but_no_other_file(db, failing_tool):
    path = _upload("diaries.csv")
    elsewhere = default_storage.save("reports/testi/keep.pdf", ContentFile(b"%PDF"))
    for params in ({"path": path}, {"path": elsewhere}):
        run_job(Job.objects.create(kind="test.explode", params=params).pk)
    assert not default_storage.exists(path)
    assert default_storage.exists(elsewhere)  # only uploads are a job's to delete


def test_the_worker_cleans_expired_sessions_once_a_period(db):
    """With no Celery beat and no cron, the database worker's sweep deletes expired sessions;
    several workers sharing the cache do it once per period, not once each."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    from arki.core.jobs import housekeeping_run

    expired = SessionStore()
    expired["seat"] = "x"
    expired.set_expiry(-60)
    expired.save()
    current = SessionStore()
    current["seat"] = "y"
    current.save()

    assert set(housekeeping_run()) == {
        "arki-housekeeping:files",
        "arki-housekeeping:sessions",
        "arki-housekeeping:messages",
    }
    assert list(Session.objects.values_list("session_key", flat=True)) == [current.session_key]

    again = SessionStore()
    again.set_expiry(-60)
    again.save()
    assert housekeeping_run() == []  # another worker in the same period does nothing
    assert Session.objects.filter(session_key=again.session_key).exists()
