"""An import that fails says why (issue #12, finding 12): a file too large is refused before
it is stored, a file that is no table names the reason, a cell too long names its line, and
a file with many bad rows stores the first ones and their count, not all of them."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from arki.core.jobs import run_job
from arki.core.models import Job

from ..models import ServiceUse
from ..transfer import ERRORS_KEPT, ImportFileError, upload_table
from . import factories

HEADER = "code,service,frequency,channel,distance_km,travel_minutes,travel_mode\n"


def _post(client, process, name: str, content: bytes, capture):
    with capture(execute=False):
        return client.post(
            reverse("insight:import", kwargs={"slug": process.slug}),
            {"kind": "maps", "file": SimpleUploadedFile(name, content)},
        )


def _stored_uploads() -> list[str]:
    from arki.core.uploads import _walk

    return _walk("uploads")


@pytest.fixture
def staff(client, process, make_user):
    client.force_login(make_user("facilitator", process=process))
    return client


def test_a_file_over_the_size_limit_is_refused_before_it_is_stored(
    staff, process, django_capture_on_commit_callbacks
):
    before = _stored_uploads()
    with override_settings(ARKI_UPLOAD_MAX_BYTES=1000):
        response = _post(
            staff, process, "maps.csv", HEADER.encode() * 40, django_capture_on_commit_callbacks
        )
    assert response.status_code == 200
    assert "suurin sallittu koko on 1000" in response.content.decode()
    assert not Job.objects.exists()
    assert _stored_uploads() == before


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("maps.csv", b"\x7fELF\x02\x01\x01\x00\x00\x00binary", "näyttää binääritiedostolta"),
        ("maps.csv", b"PK\x03\x04\x14\x00\x06\x00", "näyttää Excel-työkirjalta"),
        ("maps.xlsx", b"code;service\nK1;Kirjasto\n", "ei ole Excel-työkirja"),
    ],
)
def test_a_file_that_is_no_table_is_refused_with_the_reason(
    staff, process, django_capture_on_commit_callbacks, name, content, reason
):
    before = _stored_uploads()
    response = _post(staff, process, name, content, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not Job.objects.exists()
    assert _stored_uploads() == before


def _run_import(staff, process, content: bytes, capture) -> tuple[Job, str]:
    response = _post(staff, process, "maps.csv", content, capture)
    job = Job.objects.get(kind="insight.import")
    with translation.override("fi"):  # as a worker runs it, in the site's language
        run_job(job.pk)
    job.refresh_from_db()
    page = staff.get(response["Location"]).content.decode()
    assert not default_storage.exists(job.params["path"])
    return job, page


def test_a_cell_too_long_names_its_line(
    staff, process, municipalities, django_capture_on_commit_callbacks
):
    code = factories.participant(process, municipalities["Kajaani"]).person.code
    good = f"{code},Kirjasto,weekly,on_site,2,10,bus\n"
    content = (HEADER + good + f"{code},{'x' * 5_000_000},weekly,on_site,2,10,bus\n").encode()
    job, page = _run_import(staff, process, content, django_capture_on_commit_callbacks)
    assert job.status == "done"
    assert job.result["reason"].startswith("Rivillä 3 on solu, jossa on yli 131,072 merkkiä")
    assert "Rivillä 3 on solu" in page
    assert ServiceUse.objects.count() == 0


def test_text_in_no_known_encoding_names_the_reason(
    staff, process, django_capture_on_commit_callbacks
):
    # 0x81 is neither UTF-8 here nor any character of Windows-1252
    content = HEADER.encode() + b"K1,Kirjasto\x81,weekly,on_site,2,10,bus\n"
    job, page = _run_import(staff, process, content, django_capture_on_commit_callbacks)
    assert "ei ole UTF-8- eikä Windows-1252-merkistöistä tekstiä" in job.result["reason"]
    assert "ei ole UTF-8- eikä Windows-1252-merkistöistä tekstiä" in page


def test_many_bad_rows_store_the_first_ones_and_their_count(
    staff, process, django_capture_on_commit_callbacks
):
    bad = "".join(f"NOBODY-{i},Kirjasto,weekly,on_site,2,10,bus\n" for i in range(3 * ERRORS_KEPT))
    job, page = _run_import(
        staff, process, (HEADER + bad).encode(), django_capture_on_commit_callbacks
    )
    assert job.result["error_count"] == 3 * ERRORS_KEPT
    assert [line for line, _problem in job.result["errors"]] == list(range(2, ERRORS_KEPT + 2))
    assert "NOBODY-0" in job.result["errors"][0][1]
    assert "300 riviä" in page
    assert f"Alla on ensimmäiset {ERRORS_KEPT}" in page
    assert "NOBODY-299" not in page
    assert ServiceUse.objects.count() == 0


class _CountingFile(io.BytesIO):
    largest_read = 0

    def read(self, size: int | None = -1) -> bytes:
        _CountingFile.largest_read = max(
            _CountingFile.largest_read, len(self.getbuffer()) if size in (None, -1) else size
        )
        return super().read(size)


def test_the_file_is_read_as_a_stream_not_whole():
    content = (HEADER + "K1,Kirjasto,weekly,on_site,2,10,bus\n" * 100_000).encode()
    assert len(content) > 3 * (1 << 20)
    table = upload_table(lambda: _CountingFile(content), "maps.csv")
    assert sum(1 for _row in table.rows()) == 100_000
    assert table.expected_rows == 100_000
    assert _CountingFile.largest_read <= 1 << 20  # never the whole 4 MB at once


def test_an_empty_file_names_the_reason():
    with translation.override("en"), pytest.raises(ImportFileError, match="no header row"):
        upload_table(lambda: io.BytesIO(b""), "maps.csv")


def test_an_import_whose_worker_died_says_so_on_its_page(client, process, make_user):
    """A lost import failed by the recovery sweep shows the reason, not only "failed"."""
    from arki.core.enums import JobFailure, JobStatus

    user = make_user("facilitator", process=process)
    client.force_login(user)
    job = Job.objects.create(
        kind="insight.import",
        params={"process": process.pk},
        status=JobStatus.FAILED,
        failure=JobFailure.TOO_MANY_ATTEMPTS,
        created_by=user,
    )
    url = reverse("insight:import_status", kwargs={"slug": process.slug, "pk": job.pk})
    assert "pysähtyi liian monta kertaa" in client.get(url).content.decode()
