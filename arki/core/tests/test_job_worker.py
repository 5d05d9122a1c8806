"""The default job runner survives its worker being killed (issue #12, finding 7).

A real `arki worker` process runs a job that writes one report per step; the test kills it
with SIGKILL mid-way and starts another worker. The job must continue from its checkpoint
and finish, or – when it may not run again – fail with a reason the user can read, and
lose its uploaded file (personal data). Before the durable runner, a job whose process died
stayed "running" for ever.
"""

from __future__ import annotations

import subprocess

import pytest
from django.test import override_settings
from django.urls import reverse

from arki.core.enums import JobFailure, JobStatus, Role
from arki.core.jobs import job_start
from arki.core.models import Job

from .test_jobs import kill_and_resume, kill_worker, spawn_worker, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _start_worker(media_root, *, max_attempts: int = 3) -> subprocess.Popen:
    return spawn_worker(
        ["arki", "worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        media_root,
        ARKI_JOB_BACKEND="database",
        # Short times so that the test sees a lost job within seconds, not a minute.
        ARKI_JOB_HEARTBEAT_SECONDS="0.3",
        ARKI_JOB_STALE_SECONDS="1.5",
        ARKI_JOB_MAX_ATTEMPTS=str(max_attempts),
    )


_kill = kill_worker


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
        worker = kill_and_resume(job, worker, lambda: _start_worker(tmp_path))
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
