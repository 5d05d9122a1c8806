from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from arki.core.models import AuditEntry

from .. import services
from ..access import ACCESS_CODES
from ..models import DiaryDay, ServiceUse
from ..redaction import participant_texts_review
from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(process, municipalities):
    """Two Kajaani and one Kuhmo participant, each with a returned map and diary."""
    result = []
    for name in ("Kajaani", "Kajaani", "Kuhmo"):
        participant = factories.participant(
            process,
            municipalities[name],
            full_name=f"Aino {name}",
            email=f"aino.{name.lower()}@example.invalid",
            phone="040 111 2222",
        )
        services.kit_apply(participant=participant, payload=factories.kit_payload(days=2))
        result.append(participant)
    return result


def url(name, process, **kwargs):
    return reverse(f"insight:{name}", kwargs={"slug": process.slug, **kwargs})


# --- residents -------------------------------------------------------------------------------


def test_access_code_opens_the_diary_and_pseudonym_code_does_not(client, process, municipalities):
    participant = factories.participant(process, municipalities["Kajaani"])
    access = reverse("insight_public:access")
    response = client.post(access, {"code": participant.person.code})
    assert "Tunnusta ei löytynyt" in response.content.decode()
    response = client.post(access, {"code": participant.person.access_code.lower()})
    assert response.status_code == 302
    assert client.get(reverse("insight_public:home")).status_code == 200


def test_wrong_codes_are_refused_after_the_limit(client, process, municipalities):
    participant = factories.participant(process, municipalities["Kajaani"])
    access = reverse("insight_public:access")
    for _attempt in range(ACCESS_CODES.limit):
        client.post(access, {"code": "WRONGCODE1"})
    response = client.post(access, {"code": participant.person.access_code})
    assert response.status_code == 429
    assert "Liian monta yritystä väärällä tunnuksella" in response.content.decode()
    assert client.get(reverse("insight_public:home")).status_code == 302


def test_pages_need_the_access_code(client):
    response = client.get(reverse("insight_public:day", kwargs={"day": 1}))
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("insight_public:access"))


@pytest.fixture
def resident(client, process, municipalities):
    participant = factories.participant(process, municipalities["Kajaani"])
    client.post(reverse("insight_public:access"), {"code": participant.person.access_code})
    return participant


def test_bad_map_row_gets_a_message_and_saves_nothing(client, resident):
    response = client.post(
        reverse("insight_public:map"),
        {
            "service": factories.service().pk,
            "frequency": "weekly",
            "channel": "on_site",
            "distance_km": "40",
            "travel_minutes": "10",
            "travel_mode": "walk",
        },
    )
    assert "liian nopea" in response.content.decode()
    assert ServiceUse.objects.count() == 0


def test_draft_autosave_survives_and_is_shown_again(client, resident):
    draft = reverse("insight_public:day_draft", kwargs={"day": 3})
    response = client.post(
        draft, {"did_today": "Leivoin pullaa", "help_from": ["friend"]}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    day = DiaryDay.objects.get(participant=resident, day=3)
    assert day.draft["did_today"] == "Leivoin pullaa"
    assert not day.is_saved
    page = client.get(reverse("insight_public:day", kwargs={"day": 3})).content.decode()
    assert "Leivoin pullaa" in page


def test_saving_a_day_moves_on_to_the_next(client, resident):
    response = client.post(
        reverse("insight_public:day", kwargs={"day": 1}), {"did_today": "Kävin kirjastossa"}
    )
    assert response["Location"] == reverse("insight_public:day", kwargs={"day": 2})
    assert DiaryDay.objects.get(participant=resident, day=1).did_today == "Kävin kirjastossa"


def test_expired_session_autosave_gets_a_clear_refusal(client):
    response = client.post(
        reverse("insight_public:day_draft", kwargs={"day": 1}),
        {"did_today": "x"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403
    assert DiaryDay.objects.count() == 0


# --- staff -----------------------------------------------------------------------------------


STAFF_PAGES = [
    "overview",
    "participants",
    "entry_find",
    "charts",
    "catalogue",
    "reminders",
    "call_list",
    "settings",
    "import",
    "kits",
]


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_facilitator_sees_every_page(client, process, make_user, people, page):
    client.force_login(make_user("facilitator", process=process))
    assert client.get(url(page, process)).status_code == 200


def test_overview_shows_returns_by_municipality(client, process, make_user, people):
    client.force_login(make_user("facilitator", process=process))
    body = client.get(url("overview", process)).content.decode()
    assert "3 / 3" in body


@pytest.mark.parametrize("page", ["participants", "entry_find", "export_maps_csv"])
def test_decision_maker_sees_only_charts(client, process, make_user, people, page):
    client.force_login(make_user("decision_maker", process=process))
    assert client.get(url(page, process)).status_code == 403
    assert client.get(url("charts", process)).status_code == 200
    assert not AuditEntry.objects.exists()


def test_contact_person_sees_only_their_municipality(
    client, process, make_user, municipalities, people
):
    client.force_login(make_user("contact", process=process, municipality=municipalities["Kuhmo"]))
    body = client.get(url("participants", process)).content.decode()
    assert people[2].person.code in body
    assert people[0].person.code not in body
    assert client.get(url("participant", process, code=people[0].person.code)).status_code == 404
    assert client.get(url("entry", process, code=people[0].person.code)).status_code == 403
    summary = client.get(url("overview", process)).content.decode()
    assert "1 / 1" in summary and "Kajaani" not in summary


def _csv(response):
    return _csv_bytes(response.content)


def _csv_bytes(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_analyst_export_is_pseudonymised(client, process, make_user, people):
    client.force_login(make_user("analyst", process=process))
    for kind in ("maps", "diaries"):
        rows = _csv(client.get(url(f"export_{kind}_csv", process)))
        text = repr(rows)
        assert rows[0][:3] == ["code", "municipality", "age_band"]
        assert "name" not in rows[0] and "email" not in rows[0]
        assert "Aino" not in text and "@" not in text and "040 111" not in text
    assert AuditEntry.objects.filter(action="export").count() == 2


def _reviewed(people):
    """Staff have reviewed these participants' texts: analysts may read them (redacted)."""
    for participant in people:
        participant_texts_review(participant=participant, by=None)


def test_analyst_xlsx_export_is_pseudonymised(client, process, make_user, people):
    _reviewed(people)
    client.force_login(make_user("analyst", process=process))
    response = client.get(url("export_diaries_xlsx", process))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = repr(list(sheet.iter_rows(values_only=True)))
    assert "Kävin terveysasemalla." in values
    assert "Aino" not in values and "@" not in values and "040 111" not in values


def test_contact_export_has_identities_of_own_municipality_only(
    client, process, make_user, municipalities, people
):
    client.force_login(make_user("contact", process=process, municipality=municipalities["Kuhmo"]))
    rows = _csv(client.get(url("export_maps_csv", process)))
    assert rows[0][3:6] == ["name", "email", "phone"]
    assert {row[0] for row in rows[1:]} == {people[2].person.code}
    assert rows[1][3] == "Aino Kuhmo"


@pytest.fixture
def large(monkeypatch):
    """Every export counts as large: it runs as a background job."""
    from ..views import files

    monkeypatch.setattr(files, "EXPORT_IN_REQUEST_MAX", 0)


def _export_job(client, process, kind, fmt, django_capture_on_commit_callbacks):
    """Confirm a large export, run its job here and return (job page, file content)."""
    from arki.core.jobs import run_job
    from arki.core.models import Job

    export_url = url(f"export_{kind}_{fmt}", process)
    page = client.get(export_url).content.decode()
    assert "Valmistele tiedosto" in page and not Job.objects.exists()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(export_url)
    job = Job.objects.get(kind="insight.export")
    assert response["Location"] == url("export_status", process, pk=job.pk)
    run_job(job.pk)
    status = client.get(response["Location"]).content.decode()
    download = client.get(url("export_download", process, pk=job.pk))
    assert download["Content-Disposition"] == (
        f'attachment; filename="{process.slug}-{kind}.{fmt}"'
    )
    return job, status, b"".join(download.streaming_content)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_large_export_runs_as_a_job_and_stays_pseudonymised(
    client, process, make_user, people, large, fmt, django_capture_on_commit_callbacks
):
    _reviewed(people)
    client.force_login(make_user("analyst", process=process))
    job, status, content = _export_job(
        client, process, "diaries", fmt, django_capture_on_commit_callbacks
    )
    if fmt == "csv":
        rows = _csv_bytes(content)
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["code", "municipality", "age_band", "day"]
    assert len(rows) == 1 + 3 * 2  # three participants, two saved days each
    assert "Lataa tiedosto (6 riviä)" in status
    text = repr(rows)
    assert "Kävin terveysasemalla." in text
    assert "Aino" not in text and "@" not in text and "040 111" not in text
    entry = AuditEntry.objects.get(action="export")
    assert entry.detail == {"identities": False, "participants": 3, "job": job.pk}


def test_large_export_of_a_contact_person_holds_their_municipality_only(
    client, process, make_user, municipalities, people, large, django_capture_on_commit_callbacks
):
    client.force_login(make_user("contact", process=process, municipality=municipalities["Kuhmo"]))
    job, _status, content = _export_job(
        client, process, "maps", "csv", django_capture_on_commit_callbacks
    )
    rows = _csv_bytes(content)
    assert rows[0][3:6] == ["name", "email", "phone"]
    assert [row[:4] for row in rows[1:]] == [
        [people[2].person.code, "Kuhmo", "75-84", "Aino Kuhmo"]
    ]
    job.refresh_from_db()
    assert job.result == {"rows": 1, "identities": True}


def test_export_job_is_only_for_the_user_who_asked(
    client, process, make_user, people, large, django_capture_on_commit_callbacks
):
    from arki.core.models import Job

    client.force_login(make_user("analyst", process=process))
    job, _status, _content = _export_job(
        client, process, "maps", "xlsx", django_capture_on_commit_callbacks
    )
    client.force_login(make_user("analyst", process=process))
    assert client.get(url("export_status", process, pk=job.pk)).status_code == 404
    assert client.get(url("export_download", process, pk=job.pk)).status_code == 404
    client.force_login(make_user("decision_maker", process=process))
    assert client.post(url("export_maps_csv", process)).status_code == 403
    assert Job.objects.count() == 1


def test_export_file_expires_and_can_be_made_again(
    client, process, make_user, people, large, settings, django_capture_on_commit_callbacks
):
    """After ARKI_FILE_RETENTION_DAYS the export file is deleted; its pages say so."""
    import datetime

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from arki.core.jobs import job_files_purge
    from arki.core.models import Job

    client.force_login(make_user("analyst", process=process))
    job, _status, _content = _export_job(
        client, process, "maps", "csv", django_capture_on_commit_callbacks
    )
    job.refresh_from_db()
    name = job.result_file.name
    assert job_files_purge() == []  # a fresh file stays
    later = timezone.now() + datetime.timedelta(days=settings.ARKI_FILE_RETENTION_DAYS, hours=1)
    assert [j.pk for j in job_files_purge(now=later)] == [job.pk]
    assert not default_storage.exists(name)
    assert not Job.objects.get(pk=job.pk).result_file
    entry = AuditEntry.objects.get(action="erase")
    assert (entry.process, entry.detail["file"]) == (process, name)

    download = client.get(url("export_download", process, pk=job.pk))
    assert download.status_code == 410
    page = download.content.decode()
    assert "Tiedosto on vanhentunut: se poistettiin" in page
    assert f'href="{url("export_maps_csv", process)}"' in page  # make it again
    status = client.get(url("export_status", process, pk=job.pk)).content.decode()
    assert "Tiedosto on vanhentunut" in status and "Lataa tiedosto" not in status
    assert f'href="{url("export_maps_csv", process)}"' in status


def test_participant_page_draws_the_map_and_logs_identity_views(client, process, make_user, people):
    client.force_login(make_user("facilitator", process=process))
    body = client.get(url("participant", process, code=people[0].person.code)).content.decode()
    assert "<svg" in body and "Terveysasema" in body and "Aino Kajaani" in body
    assert AuditEntry.objects.filter(action="view", person=people[0].person).count() == 1


def test_analyst_participant_page_has_no_identity_and_no_audit(client, process, make_user, people):
    client.force_login(make_user("analyst", process=process))
    body = client.get(url("participant", process, code=people[0].person.code)).content.decode()
    assert "Aino" not in body
    assert not AuditEntry.objects.exists()


def _grow(process, municipalities, count):
    for _index in range(count):
        participant = factories.participant(process, municipalities["Sotkamo"])
        services.kit_apply(participant=participant, payload=factories.kit_payload(days=1))


@pytest.mark.parametrize("page", ["participants", "charts", "overview"])
def test_page_query_count_does_not_grow_with_data(
    client, process, make_user, municipalities, people, page
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user("facilitator", process=process))
    client.get(url(page, process))
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        client.get(url(page, process))
    _grow(process, municipalities, 5)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        assert client.get(url(page, process)).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        client.get(url(page, process))
    assert len(large) == len(small)
    assert len(warm) <= len(large)


def test_cached_figures_follow_every_change(client, process, make_user, municipalities, people):
    client.force_login(make_user("facilitator", process=process))
    assert "3 / 3" in client.get(url("overview", process)).content.decode()
    factories.participant(process, municipalities["Kajaani"])  # enrolment invalidates
    assert "3 / 4" in client.get(url("overview", process)).content.decode()


def test_kit_for_one_participant_is_a_pdf(client, process, make_user, people):
    client.force_login(make_user("facilitator", process=process))
    response = client.get(url("kit_single", process, code=people[0].person.code))
    assert response.content.startswith(b"%PDF")
    from arki.core.testing_pdf import assert_accessible_pdf

    assert_accessible_pdf(response.content, lang="fi", contains=people[0].person.code)


def test_charts_pdf_downloads(client, process, make_user, people):
    client.force_login(make_user("analyst", process=process))
    response = client.get(url("charts_pdf", process))
    assert response.content.startswith(b"%PDF")
    from arki.core.testing_pdf import assert_accessible_pdf

    assert_accessible_pdf(response.content, lang="fi", contains=str(process))


def test_merge_tool_maps_names(client, process, make_user, people):
    services.service_use_add(
        participant=people[0],
        service_text="Kyläkauppa",
        frequency="weekly",
        channel="on_site",
        distance_km=1,
        travel_minutes=5,
        travel_mode="walk",
    )
    _reviewed([people[0]])
    client.force_login(make_user("analyst", process=process))
    target = factories.service("Ruokakauppa")
    response = client.post(
        url("catalogue", process), {"merge": "1", "texts": ["Kyläkauppa"], "service": target.pk}
    )
    assert response.status_code == 302
    assert ServiceUse.objects.filter(service=target).count() == 1


def test_reminders_page_sends_to_consenting_people(
    client, process, make_user, municipalities, mailoutbox, django_capture_on_commit_callbacks
):
    import datetime

    from arki.core.services.people import consent_record

    waiting = factories.participant(
        process, municipalities["Kajaani"], email="odottaja@example.invalid"
    )
    factories.participant(process, municipalities["Kajaani"], email="eisuostumusta@example.invalid")
    consent_record(
        person=waiting.person,
        purpose="reminders",
        text_version="1",
        given_on=datetime.date(2014, 6, 12),
        method="paper",
    )
    client.force_login(make_user("facilitator", process=process))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("reminders", process))
    assert [m.to for m in mailoutbox] == [["odottaja@example.invalid"]]
    calls = client.get(url("call_list", process)).content.decode()
    assert "eisuostumusta" not in calls  # e-mail is not on the call list, the phone is


def test_resolve_page_shows_differences_in_words(client, process, municipalities, make_user):
    services.settings_update(process=process, double_entry=True, by=make_user("facilitator"))
    participant = factories.participant(process, municipalities["Kajaani"])
    first, second = (make_user("contact", process=process) for _n in range(2))
    services.paper_entry_save(
        participant=participant, payload=factories.kit_payload(days=1), by=first
    )
    services.paper_entry_save(
        participant=participant,
        payload=factories.kit_payload(
            days=1, travel_mode="taxi", service=factories.service("Apteekki").pk
        ),
        by=second,
    )
    client.force_login(second)
    body = client.get(url("entry_resolve", process, code=participant.person.code)).content.decode()
    for words in (
        "Ensimmäinen tallennus: Terveysasema",
        "Toinen tallennus: Apteekki",
        "Toinen tallennus: Taksilla",
        "tavallinen kulkutapa",
    ):
        assert words in body


def test_participant_page_queries_do_not_grow_with_rows(client, process, make_user, municipalities):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = factories.participant(process, municipalities["Kajaani"])
    services.kit_apply(participant=small, payload=factories.kit_payload(days=1))
    large = factories.participant(process, municipalities["Kajaani"])
    payload = factories.kit_payload(days=7)
    payload["map"] = payload["map"] * 6
    services.kit_apply(participant=large, payload=payload)
    client.force_login(make_user("analyst", process=process))
    counts = []
    for participant in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(url("participant", process, code=participant.person.code)).status_code
                == 200
            )
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_running_export_page_is_polled_at_its_own_address(client, process, make_user):
    """The page htmx polls is the job page itself (the core's job pages); a job of another
    kind is not shown at the export's address."""
    from arki.core.models import Job

    user = make_user("analyst", process=process)
    client.force_login(user)
    params = {"process": process.pk, "kind": "maps", "fmt": "csv"}
    job = Job.objects.create(kind="insight.export", params=params, created_by=user)
    status_url = url("export_status", process, pk=job.pk)
    page = client.get(status_url).content.decode()
    assert "<h1>Vienti</h1>" in page and f'hx-get="{status_url}"' in page
    partial = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{status_url}"' in partial and "<h1>" not in partial
    assert "Lataa tiedosto" not in partial  # nothing to download yet
    other = Job.objects.create(kind="insight.paper_kits", params=params, created_by=user)
    assert client.get(url("export_status", process, pk=other.pk)).status_code == 404
