"""The tool's hooks: live activities, GDPR export/erasure, metrics, jobs from the pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from arki.core.activities import ActivityError
from arki.core.jobs import job_files_purge, run_job
from arki.core.models import Job
from arki.core.registry import registry
from arki.core.services.live import activity_add, seat_join, session_open

from .. import services
from ..activities import DiaryActivity, ServiceMapActivity
from ..gdpr import personal_data_erase, personal_data_export
from ..metrics import diaries_returned, diary_return_rate
from ..models import Participant, ServiceUse
from ..selectors import insight_workshop
from . import factories

pytestmark = pytest.mark.django_db


def test_manifest_registers_the_template_activities():
    assert registry.activity("insight.service_map") is ServiceMapActivity
    assert registry.activity("insight.diary") is DiaryActivity


def _session_activity(process, kind, by):
    session = session_open(workshop=insight_workshop(process), by=by)
    return session, activity_add(session=session, kind=kind, title="x", config={}, by=by)


def test_service_map_activity_adds_to_the_persons_own_map(process, municipalities, make_user):
    facilitator = make_user("facilitator", process=process)
    session, activity = _session_activity(process, "insight.service_map", facilitator)
    participant = factories.participant(process, municipalities["Paltamo"])
    seat, _secret = seat_join(session=session, person=participant.person)
    form = ServiceMapActivity.answer_form(
        activity,
        {
            f"a{activity.pk}-{k}": v
            for k, v in factories.map_row(service=factories.service("Kirjasto").pk).items()
        },
    )
    assert form.is_valid(), form.errors
    ServiceMapActivity.submit(activity=activity, seat=seat, cleaned_data=form.cleaned_data)
    assert participant.service_uses.get().service_name == "Kirjasto"
    results = ServiceMapActivity.results(activity)
    assert (results["total"], results["respondents"]) == (1, 1)
    assert [r["count"] for r in results["rows"] if r["count"]] == [1]

    anonymous, _secret = seat_join(session=session, label="Pöytä 3")
    with pytest.raises(ActivityError):
        ServiceMapActivity.submit(activity=activity, seat=anonymous, cleaned_data=form.cleaned_data)
    assert ServiceUse.objects.count() == 1


def test_diary_activity_records_the_chosen_channel(process, municipalities, make_user):
    facilitator = make_user("facilitator", process=process)
    session, activity = _session_activity(process, "insight.diary", facilitator)
    participant = factories.participant(process, municipalities["Paltamo"])
    seat, _secret = seat_join(session=session, person=participant.person)
    DiaryActivity.submit(activity=activity, seat=seat, cleaned_data={"channel": "paper"})
    participant.refresh_from_db()
    assert participant.channel == "paper"
    assert [r["count"] for r in DiaryActivity.results(activity)["rows"]] == [0, 1]


def test_gdpr_export_and_erasure_keep_the_counts(process, municipalities):
    participant = factories.participant(process, municipalities["Kajaani"])
    services.kit_apply(
        participant=participant,
        payload=factories.kit_payload(days=2, service=None, service_text="Kyläkauppa Kivinen"),
    )
    data = personal_data_export(participant.person)
    diary = data["participations"][0]["diary"]
    assert diary[0]["did_today"] == "Kävin terveysasemalla."
    assert data["participations"][0]["service_map"][0]["service"] == "Kyläkauppa Kivinen"

    report = personal_data_erase(participant.person)
    assert report == {"diary_days_blanked": 2, "free_text_services": 1, "paper_entries": 0}
    participant.refresh_from_db()
    assert participant.is_returned
    assert participant.days.filter(did_today="").count() == 2
    assert participant.service_uses.count() == 1
    assert diaries_returned(process) == 1
    assert diary_return_rate(process) == 100.0


def test_import_page_runs_the_job_and_lists_bad_rows(
    client, process, municipalities, make_user, django_capture_on_commit_callbacks
):
    participant = factories.participant(process, municipalities["Kajaani"])
    user = make_user("facilitator", process=process)
    client.force_login(user)
    content = (
        "code,service,frequency,channel,distance_km,travel_minutes,travel_mode\n"
        f"{participant.person.code},Kirjasto,weekly,on_site,2,10,bus\n"
        "XYZ-999,Kirjasto,weekly,on_site,2,10,bus\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("insight:import", kwargs={"slug": process.slug}),
            {"kind": "maps", "file": SimpleUploadedFile("maps.csv", content)},
        )
    job = Job.objects.get(kind="insight.import")
    assert response["Location"] == reverse(
        "insight:import_status", kwargs={"slug": process.slug, "pk": job.pk}
    )
    run_job(job.pk)
    page = client.get(response["Location"]).content.decode()
    assert "XYZ-999" in page and "<td>3</td>" in page
    assert ServiceUse.objects.count() == 0
    assert not default_storage.exists(job.params["path"])  # the upload holds personal data
    other = make_user("facilitator", process=process)
    client.force_login(other)
    assert client.get(response["Location"]).status_code == 404


def test_unreadable_import_file_is_deleted_too(
    client, process, make_user, django_capture_on_commit_callbacks
):
    client.force_login(make_user("facilitator", process=process))
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("insight:import", kwargs={"slug": process.slug}),
            # a packed file, as a workbook is, but broken: only the job finds out
            {"kind": "maps", "file": SimpleUploadedFile("maps.xlsx", b"PK\x03\x04broken")},
        )
    job = Job.objects.get(kind="insight.import")
    assert default_storage.exists(job.params["path"])
    run_job(job.pk)
    result = Job.objects.get(pk=job.pk).result
    assert result["reason"].startswith("Excel-työkirjaa ei voi lukea")
    assert (result["errors"], result["imported"]) == ([], 0)
    assert not default_storage.exists(job.params["path"])


def test_kit_batch_page_starts_a_job_for_the_users_scope(
    client, process, municipalities, make_user, django_capture_on_commit_callbacks
):
    for name in ("Kajaani", "Kuhmo"):
        factories.participant(process, municipalities[name])
    client.force_login(make_user("facilitator", process=process))
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("insight:kits", kwargs={"slug": process.slug}),
            {"large_print": "on", "language": "sv"},
        )
    job = Job.objects.get(kind="insight.paper_kits")
    assert len(job.params["people"]) == 2
    assert (job.params["large_print"], job.params["language"]) == (True, "sv")
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "done"
    download = client.get(
        reverse("insight:kits_download", kwargs={"slug": process.slug, "pk": job.pk})
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert job.params["process"] == process.pk  # the purge logs under the process
    later = timezone.now() + datetime.timedelta(days=8)
    assert [j.pk for j in job_files_purge(now=later)] == [job.pk]
    expired = client.get(
        reverse("insight:kits_download", kwargs={"slug": process.slug, "pk": job.pk})
    )
    assert expired.status_code == 410
    assert reverse("insight:kits", kwargs={"slug": process.slug}) in expired.content.decode()
    status = client.get(
        reverse("insight:kits_status", kwargs={"slug": process.slug, "pk": job.pk})
    ).content.decode()
    assert "Tiedosto on vanhentunut" in status


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("analyst", "enrol_all"),
        ("contact", "settings"),
        ("planning", "kits"),
        ("decision_maker", "reminders"),
    ],
)
def test_refused_writes_change_nothing(client, process, municipalities, make_user, role, page):
    factories.participant(process, municipalities["Kajaani"])
    client.force_login(
        make_user(
            role,
            process=process,
            municipality=municipalities["Kajaani"] if role == "contact" else None,
        )
    )
    before = (
        Participant.objects.count(),
        Job.objects.count(),
        services.settings_for(process).double_entry,
    )
    response = client.post(
        reverse(f"insight:{page}", kwargs={"slug": process.slug}), {"double_entry": "on"}
    )
    assert response.status_code == 403
    after = (
        Participant.objects.count(),
        Job.objects.count(),
        services.settings_for(process).double_entry,
    )
    assert before == after


def test_public_section_shows_only_aggregates(process, municipalities):
    from ..public import public_sections

    participant = factories.participant(
        process, municipalities["Kajaani"], full_name="Aino Salainen"
    )
    services.kit_apply(participant=participant, payload=factories.kit_payload(days=1))
    [section] = public_sections(insight_workshop(process))
    assert section.context["figures"] == {"enrolled": 1, "returned": 1}
    from django.template.loader import render_to_string

    html = render_to_string(section.template, section.context)
    assert "Aino" not in html and participant.person.code not in html


def test_kits_for_one_municipality_or_a_list_of_codes(
    client, process, municipalities, make_user, django_capture_on_commit_callbacks
):
    kajaani = [factories.participant(process, municipalities["Kajaani"]) for _ in range(2)]
    kuhmo = factories.participant(process, municipalities["Kuhmo"])
    client.force_login(make_user("facilitator", process=process))
    url = reverse("insight:kits", kwargs={"slug": process.slug})

    with django_capture_on_commit_callbacks(execute=False):
        client.post(url, {"municipality": municipalities["Kuhmo"].pk})
        client.post(url, {"codes": f"{kajaani[1].person.code.lower()}, {kuhmo.person.code}"})
    first, second = Job.objects.filter(kind="insight.paper_kits").order_by("pk")
    assert first.params["people"] == [kuhmo.person_id]
    assert sorted(second.params["people"]) == sorted([kajaani[1].person_id, kuhmo.person_id])

    refused = client.post(url, {"codes": f"{kuhmo.person.code} NOSUCH"})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "NOSUCH" in page and f"{kuhmo.person.code} NOSUCH" in page  # typed text kept
    assert Job.objects.filter(kind="insight.paper_kits").count() == 2
