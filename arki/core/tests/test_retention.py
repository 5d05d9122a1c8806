"""Retention of job files: files holding personal data are deleted after the set period,
the deletion is audit-logged, and the download then says the file has expired."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from arki.core.enums import AuditAction, JobStatus, Role
from arki.core.jobs import JobContext, job_files_purge, run_job
from arki.core.models import AuditEntry, Job
from arki.core.registry import ToolManifest, registry
from arki.core.tasks import purge_files_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(process, make_user):
    return make_user(Role.FACILITATOR, process=process)


@pytest.fixture
def make_job(owner, process):
    def make(days_old: float, name: str = "export.csv") -> Job:
        job = Job.objects.create(
            kind="core.regenerate_reports",
            params={"process": process.pk},
            status=JobStatus.DONE,
            created_by=owner,
        )
        JobContext(job).attach(name, b"code;name\nKAJ-001;Aino\n")
        finished = timezone.now() - datetime.timedelta(days=days_old)
        Job.objects.filter(pk=job.pk).update(created_at=finished, finished_at=finished)
        job.refresh_from_db()
        return job

    return make


def test_old_file_goes_new_file_stays_and_the_deletion_is_logged(
    client, settings, process, owner, make_job
):
    settings.ARKI_FILE_RETENTION_DAYS = 7
    old, new = make_job(8), make_job(6)
    old_name = old.result_file.name
    assert default_storage.exists(old_name)

    purged = job_files_purge()

    assert [job.pk for job in purged] == [old.pk]
    assert not default_storage.exists(old_name)
    assert default_storage.exists(new.result_file.name)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.result_file.name, old.file_expired_at is not None) == ("", True)
    assert (new.file_expired_at, bool(new.result_file)) == (None, True)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.process, entry.actor_label) == (
        AuditAction.ERASE,
        process,
        "system",
    )
    assert entry.detail == {"job": old.pk, "file": old_name, "days": 7}
    assert job_files_purge() == []  # nothing left to do: no second entry
    assert AuditEntry.objects.count() == 1

    client.force_login(owner)
    download = client.get(reverse("core:job_download", args=[old.pk]))
    assert download.status_code == 410
    page = download.content.decode()
    assert "<h1>Tiedosto on vanhentunut</h1>" in page
    assert "Voit tehdä sen uudelleen." in page
    progress = client.get(reverse("core:job_progress", args=[old.pk])).content.decode()
    assert "Tiedosto on vanhentunut: se poistettiin" in progress
    assert reverse("core:job_download", args=[old.pk]) not in progress
    assert client.get(reverse("core:job_download", args=[new.pk])).status_code == 200


def test_expired_page_in_swedish_and_english(client, owner, make_job):
    job = make_job(30)
    job_files_purge()
    client.force_login(owner)
    url = reverse("core:job_download", args=[job.pk])
    swedish = client.get(f"/sv{url}").content.decode()
    english = client.get(f"/en{url}").content.decode()
    assert "<h1>Filen har gått ut</h1>" in swedish and "Du kan skapa den på nytt." in swedish
    assert "<h1>The file has expired</h1>" in english and "You can make it again." in english


def test_retention_period_comes_from_the_setting(settings, make_job):
    job = make_job(8)
    settings.ARKI_FILE_RETENTION_DAYS = 10
    assert job_files_purge() == []
    settings.ARKI_FILE_RETENTION_DAYS = 5
    assert [j.pk for j in job_files_purge()] == [job.pk]


def test_dry_run_lists_and_deletes_nothing(make_job):
    job = make_job(8)
    out = io.StringIO()
    call_command("purge_files", "--dry-run", stdout=out)
    assert job.result_file.name in out.getvalue()
    assert "1 file(s) older than 7 day(s) would be deleted." in out.getvalue()
    job.refresh_from_db()
    assert default_storage.exists(job.result_file.name)
    assert job.file_expired_at is None
    assert not AuditEntry.objects.exists()


def test_command_deletes(make_job):
    job = make_job(8)
    name = job.result_file.name
    out = io.StringIO()
    call_command("purge_files", stdout=out)
    assert name in out.getvalue() and "1 file(s) older than 7 day(s) deleted." in out.getvalue()
    assert not default_storage.exists(name)
    assert AuditEntry.objects.filter(action=AuditAction.ERASE).count() == 1


def test_celery_beat_task_purges(make_job):
    job = make_job(8)
    assert purge_files_task() == 1
    job.refresh_from_db()
    assert job.file_expired_at is not None


def test_every_finished_job_purges_expired_files(make_job):
    old = make_job(8)
    registry.register(ToolManifest(name="testquiet", label="x", jobs={"test.quiet": lambda c: {}}))
    try:
        run_job(Job.objects.create(kind="test.quiet").pk)
    finally:
        registry.unregister("testquiet")
    old.refresh_from_db()
    assert old.file_expired_at is not None and not old.result_file


def test_a_file_missing_from_storage_shows_the_expired_page(client, owner, make_job):
    job = make_job(1)
    default_storage.delete(job.result_file.name)  # lost storage, deleted by hand
    client.force_login(owner)
    response = client.get(reverse("core:job_download", args=[job.pk]))
    assert response.status_code == 410
    assert "Tiedosto ei ole enää saatavilla." in response.content.decode()


def test_a_job_without_a_file_has_no_download(client, owner):
    job = Job.objects.create(kind="core.regenerate_reports", created_by=owner)
    client.force_login(owner)
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_unfinished_job_counts_from_its_start(make_job):
    job = make_job(8)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, finished_at=None)
    assert [j.pk for j in job_files_purge()] == [job.pk]


def test_two_purges_at_once_log_each_file_once(make_job, monkeypatch):
    from arki.core import jobs

    make_job(8)
    seen_by_the_other_worker = list(jobs.job_files_expired())
    assert len(job_files_purge()) == 1
    monkeypatch.setattr(jobs, "job_files_expired", lambda now: seen_by_the_other_worker)
    assert job_files_purge() == []
    assert AuditEntry.objects.count() == 1


@pytest.fixture
def no_uploads():
    """The test storage lives as long as the test run: start without other tests' uploads."""
    from arki.core.uploads import FOLDER, _walk

    for path in _walk(FOLDER):
        default_storage.delete(path)


def _upload(process, name: str = "maps.csv") -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from arki.core.uploads import upload_save

    return upload_save(process, SimpleUploadedFile(name, b"code;name\nKAJ-001;Aino\n"))


def test_an_upload_no_job_read_goes_after_the_retention_period(process, no_uploads):
    from arki.core.uploads import uploads_purge

    path = _upload(process)
    assert path.startswith(f"uploads/{process.slug}/") and path.endswith("/maps.csv")
    assert uploads_purge() == []  # still within the period
    assert default_storage.exists(path)

    later = timezone.now() + datetime.timedelta(days=8)
    assert uploads_purge(now=later) == [path]
    assert not default_storage.exists(path)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.process) == (AuditAction.ERASE, process)
    assert entry.detail == {"file": path, "days": 7}
    assert uploads_purge(now=later) == []


def test_uploads_with_the_same_name_do_not_meet(process):
    first, second = _upload(process), _upload(process)
    assert first != second
    assert default_storage.exists(first) and default_storage.exists(second)


def test_command_and_beat_task_purge_uploads_too(settings, process, no_uploads):
    settings.ARKI_FILE_RETENTION_DAYS = 0  # everything stored before now has expired
    path = _upload(process, "diaries.xlsx")
    out = io.StringIO()
    call_command("purge_files", "--dry-run", stdout=out)
    assert f"{path}  (upload no job read)" in out.getvalue()
    assert default_storage.exists(path)

    out = io.StringIO()
    call_command("purge_files", stdout=out)
    assert "1 file(s) older than 0 day(s) deleted." in out.getvalue()
    assert not default_storage.exists(path)

    _upload(process)
    assert purge_files_task() == 1


def test_every_finished_job_purges_expired_uploads(settings, process, no_uploads):
    path = _upload(process)
    settings.ARKI_FILE_RETENTION_DAYS = 0
    registry.register(ToolManifest(name="testquiet", label="x", jobs={"test.quiet": lambda c: {}}))
    try:
        run_job(Job.objects.create(kind="test.quiet").pk)
    finally:
        registry.unregister("testquiet")
    assert not default_storage.exists(path)
