"""The default job runner survives its worker being killed (issue #12, finding 7).

A real `arki worker` process runs a job that writes one report per step; the test kills it
with SIGKILL mid-way and starts another worker. The job must continue from its checkpoint
and finish, or – when it may not run again – fail with a reason the user can read, and
lose its uploaded file (personal data). Before the durable runner, a job whose process died
stayed "running" for ever.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from django.test import override_settings
from django.urls import reverse

from arki.core.enums import JobFailure, JobStatus, Role
from arki.core.jobs import job_start
from arki.core.models import Job

from .test_jobs import _database_url, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _start_worker(media_root, *, max_attempts: int = 3) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "ARKI_TEST_MEDIA_ROOT": str(media_root),
        "ARKI_JOB_BACKEND": "database",
        # Short times so that the test sees a lost job within seconds, not a minute.
        "ARKI_JOB_HEARTBEAT_SECONDS": "0.3",
        "ARKI_JOB_STALE_SECONDS": "1.5",
        "ARKI_JOB_MAX_ATTEMPTS": str(max_attempts),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "arki",
            "worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "--verbosity",
            "0",
        ],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def _start_slow_job(process, user, **params) -> Job:
    with override_settings(ARKI_JOB_BACKEND="database"):
        return job_start(
            kind="core.regenerate_reports",
            params={"process": process.pk, "step_delay": 0.4, **params},
            user=user,
        )


def test_killed_worker_job_resumes_from_checkpoint(process, make_user, tmp_path):
    owner = make_user(Role.FACILITATOR, process=process)
    worker = _start_worker(tmp_path)
    try:
        job = _start_slow_job(process, owner)
        assert wait_for(lambda: Job.objects.get(pk=job.pk).done >= 3, timeout=60)
        _kill(worker)
        job.refresh_from_db()
        assert job.status == JobStatus.RUNNING  # what a dead worker leaves behind
        finished_before = len(job.state["finished"])
        assert 3 <= finished_before < 10
        worker = _start_worker(tmp_path)
        assert wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, timeout=60)
        job.refresh_from_db()
        assert job.status == JobStatus.DONE, job.error
        assert job.attempts == 2
        # The finished reports were not made again: the job went on from its checkpoint.
        assert job.result == {"reports": 10, "generated": 10 - finished_before}
        assert len(list((tmp_path / "reports" / process.slug).glob("*.pdf"))) == 10
    finally:
        _kill(worker)


def test_killed_worker_job_fails_with_reason_and_loses_its_upload(
    client, process, make_user, tmp_path
):
    owner = make_user(Role.FACILITATOR, process=process)
    upload = tmp_path / "uploads" / process.slug / "abc123" / "people.csv"
    upload.parent.mkdir(parents=True)
    upload.write_text("code,name\nK1,Maija Meikäläinen\n", encoding="utf-8")
    worker = _start_worker(tmp_path, max_attempts=1)
    try:
        job = _start_slow_job(process, owner, path=f"uploads/{process.slug}/abc123/people.csv")
        assert wait_for(lambda: Job.objects.get(pk=job.pk).done >= 2, timeout=60)
        _kill(worker)
        assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING
        worker = _start_worker(tmp_path, max_attempts=1)
        assert wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, timeout=60)
    finally:
        _kill(worker)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.failure == JobFailure.TOO_MANY_ATTEMPTS
    assert job.attempts == 1  # not run again
    assert not upload.exists()
    client.force_login(owner)
    page = client.get(reverse("core:job_detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="fi")
    assert "too many times" not in page.content.decode()  # shown in the user's language
    assert "liian monta kertaa" in page.content.decode()
