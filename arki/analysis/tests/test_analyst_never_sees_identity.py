"""Acceptance test of issue 12, finding 1: an analyst never gets an identity, by any path.

A name, a phone number and an e-mail address are planted in diary and service-map text
through every entry channel (the resident's web form, staff paper entry, file import). Then
an analyst fetches every page, htmx fragment, search and export of the insight and analysis
tools (enumerated from their URL modules, so a new page is covered by default), every export
the process page lists from the registry, and the files of background export jobs (CSV,
XLSX cells, REFI-QDA zip members, PDFs read with pypdf). None may contain the planted values:
first while staff have not reviewed the texts (withheld), then after review (masked: staff
hid the neighbour's name; phone and e-mail are masked automatically).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from arki.analysis import services
from arki.analysis.models import Coding
from arki.core.enums import Role
from arki.core.jobs import run_job
from arki.core.models import Job
from arki.core.registry import registry
from arki.insight import services as insight_services
from arki.insight.forms import PAPER_MAP_ROWS
from arki.insight.models import Participant
from arki.insight.selectors import insight_workshop
from arki.insight.tests.factories import participant as enrolled

from . import factories
from .conftest import ensure_catalogue

NEIGHBOUR = "Raimo Kettunen"
PHONE = "040 765 4321"
EMAIL = "raimo.kettunen@example.invalid"
#: Text around the planted values that analysts may read once staff have reviewed it.
HARMLESS = "Kävimme kaupassa"


def planted(channel: str) -> str:
    return f"{HARMLESS} {channel}. Naapuri {NEIGHBOUR} soitti {PHONE}, {EMAIL}."


#: A service named in own words (a map row has no room for more than 120 characters).
MAP_TEXT = f"Kuljetus {NEIGHBOUR} {PHONE}"


# --- the three entry channels ----------------------------------------------------------------


def enter_by_web(client: Any, participant: Participant) -> None:
    """The resident types the text into the public diary and map with their access code."""
    client.post(reverse("insight_public:access"), {"code": participant.person.access_code})
    client.post(
        reverse("insight_public:map"),
        {
            "service_text": MAP_TEXT,
            "frequency": "weekly",
            "channel": "on_site",
            "distance_km": "2",
            "travel_minutes": "10",
            "travel_mode": "bus",
        },
    )
    client.post(reverse("insight_public:map_submit"))
    client.post(reverse("insight_public:day", kwargs={"day": 1}), {"did_today": planted("web")})
    client.post(reverse("insight_public:submit"))
    client.post(reverse("insight_public:leave"))


def enter_on_paper(client: Any, process: Any, facilitator: Any, participant: Participant) -> None:
    """A facilitator types in the returned paper kit."""
    client.force_login(facilitator)
    response = client.post(
        reverse("insight:entry", args=[process.slug, participant.person.code]),
        {
            **{  # the empty rows of the form, as the browser sends them
                f"m{i}-{field}": "0"
                for i in range(1, PAPER_MAP_ROWS)
                for field in ("distance_km", "travel_minutes")
            },
            "m0-service_text": MAP_TEXT,
            "m0-frequency": "weekly",
            "m0-channel": "on_site",
            "m0-distance_km": "2",
            "m0-travel_minutes": "10",
            "m0-travel_mode": "bus",
            "d1-did_today": planted("paper"),
            "d1-wishes_text": planted("paper"),
        },
    )
    errors = response.context and [f.errors for f in response.context["map_forms"] if f.errors] + [
        f.errors for _n, f in response.context["day_forms"] if f.errors
    ]
    assert response.status_code == 302, errors
    client.logout()


def enter_by_import(
    client: Any, process: Any, facilitator: Any, participant: Participant, capture: Any
) -> None:
    """A facilitator imports a CSV of maps and one of diaries."""
    client.force_login(facilitator)
    code = participant.person.code
    files = {
        "maps": "code,service,frequency,channel,distance_km,travel_minutes,travel_mode\n"
        f'{code},"{MAP_TEXT}",weekly,on_site,2,10,bus\n',
        "diaries": f'code,day,did_today,help_needed_text\n{code},1,"{planted("import")}",'
        f'"{planted("import")}"\n',
    }
    for kind, content in files.items():
        with capture(execute=False):
            client.post(
                reverse("insight:import", args=[process.slug]),
                {"kind": kind, "file": SimpleUploadedFile(f"{kind}.csv", content.encode())},
            )
        job = Job.objects.filter(kind="insight.import").latest("pk")
        run_job(job.pk)
        job.refresh_from_db()
        assert job.status == "done", job.result
    client.logout()


# --- what the analyst can reach --------------------------------------------------------------


def _patterns(urls_module: str) -> Iterator[tuple[str, list[str]]]:
    module = importlib.import_module(urls_module)
    for pattern in module.urlpatterns:
        if pattern.name:
            yield f"{module.app_name}:{pattern.name}", list(pattern.pattern.converters)


def _urls(process: Any, values: dict[str, list[Any]]) -> list[str]:
    """Every URL of the insight and analysis tools (each kwarg tried with every value), the
    process page and every registered export."""
    names = [*_patterns("arki.insight.urls"), *_patterns("arki.analysis.urls")]
    names += [(export.url_name, ["slug"]) for _tool, export in registry.exports()]
    names += [("core:process_detail", ["slug"]), ("core:job_detail", ["pk"])]
    names += [("core:job_download", ["pk"])]
    urls = []
    for name, kwargs in names:
        combos: list[dict[str, Any]] = [{}]
        for kwarg in kwargs:
            combos = [{**c, kwarg: v} for c in combos for v in values.get(kwarg, [])]
        for combo in combos:
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse(name, kwargs=combo))
    search = reverse("analysis:search", args=[process.slug])
    people = reverse("insight:participants", args=[process.slug])
    for query in ("kaupassa", "naapuri", "soitti", "kuljetus"):  # the query is echoed back
        urls += [f"{search}?q={query}", f"{people}?q={query}"]
    return urls


def _assert_search_finds_nothing(client: Any, process: Any) -> None:
    """Searching for a planted value finds no hit (the page echoes the query itself)."""
    search = reverse("analysis:search", args=[process.slug])
    for query in ("Kettunen", "Raimo", "040", "example"):
        assert client.get(search, {"q": query}).context["hits"] == [], query


def _texts(content: bytes) -> list[str]:
    """Everything readable in a response: text, every zip member (XLSX, REFI-QDA), PDF text,
    and the XLSX cells as openpyxl reads them."""
    if content.startswith(b"%PDF"):
        return ["".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)]
    if content.startswith(b"PK"):
        archive = zipfile.ZipFile(io.BytesIO(content))
        texts = [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
        if any(n.startswith("xl/") for n in archive.namelist()):
            book = load_workbook(io.BytesIO(content))
            texts += [repr(list(sheet.iter_rows(values_only=True))) for sheet in book]
        return texts
    return [content.decode("utf-8", "replace")]


def _crawl(client: Any, urls: list[str]) -> dict[str, list[str]]:
    """url → the readable texts of its responses (full page and htmx fragment)."""
    seen: dict[str, list[str]] = {}
    for url in urls:
        texts = []
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, **headers)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            texts += _texts(body)
        seen[url] = texts
    return seen


def _export_jobs(client: Any, process: Any, monkeypatch: Any, capture: Any) -> list[int]:
    """Every insight export run as a background job for the analyst; returns the job ids."""
    from arki.insight.views import files

    monkeypatch.setattr(files, "EXPORT_IN_REQUEST_MAX", 0)
    ids = []
    for kind in ("maps", "diaries"):
        for fmt in ("csv", "xlsx"):
            with capture(execute=False):
                client.post(reverse(f"insight:export_{kind}_{fmt}", args=[process.slug]))
            job = Job.objects.filter(kind="insight.export").latest("pk")
            run_job(job.pk)
            ids.append(job.pk)
    monkeypatch.setattr(files, "EXPORT_IN_REQUEST_MAX", 2000)
    return ids


def _secrets(people: list[Participant]) -> list[str]:
    values = ["Kettunen", "Raimo", PHONE, PHONE.replace(" ", ""), "765 4321", EMAIL]
    values += ["raimo.kettunen", "@example.invalid"]
    for participant in people:
        person = participant.person
        values += [person.full_name, person.email, person.phone]
    return [v for v in values if v]


def _assert_clean(seen: dict[str, list[str]], secrets: list[str]) -> None:
    for url, texts in seen.items():
        for text in texts:
            for secret in secrets:
                assert secret not in text, (url, secret)


@pytest.mark.django_db
def test_analyst_never_sees_identity(
    client, process, municipalities, make_user, monkeypatch, django_capture_on_commit_callbacks
):
    ensure_catalogue()
    capture = django_capture_on_commit_callbacks
    kajaani = municipalities["Kajaani"]
    people = [
        enrolled(
            process,
            kajaani,
            full_name=f"Tyyne {surname}",
            email=f"tyyne.{surname.lower()}@example.invalid",
            phone=f"044 55{n} 6677",
        )
        for n, surname in enumerate(["Verkkonen", "Paperinen", "Tiedostonen"])
    ]
    web, paper, imported = people
    facilitator = make_user(Role.FACILITATOR, process=process)
    enter_by_web(client, web)
    enter_on_paper(client, process, facilitator, paper)
    enter_by_import(client, process, facilitator, imported, capture)
    for participant in people:
        participant.refresh_from_db()
        assert participant.diary_returned_at is not None
        assert NEIGHBOUR in participant.days.get(day=1).did_today
        assert NEIGHBOUR in participant.service_uses.get().service_text

    analyst = make_user(Role.ANALYST, process=process)
    services.assignments_distribute(
        participants=people, analysts=[analyst], per_diary=1, by=facilitator
    )
    secrets = _secrets(people)

    # 1. nobody has reviewed the texts yet: the analyst gets none of them
    client.force_login(analyst)
    jobs = _export_jobs(client, process, monkeypatch, capture)
    values: dict[str, list[Any]] = {
        "slug": [process.slug],
        "code": [p.person.code for p in people],
        "pk": jobs,
    }
    seen = _crawl(client, _urls(process, values))
    _assert_clean(seen, secrets)
    _assert_search_finds_nothing(client, process)
    overview = reverse("analysis:overview", args=[process.slug])
    assert "3 päiväkirjaa odottaa" in seen[overview][0]  # the analyst is told why
    assert not any(HARMLESS in t for texts in seen.values() for t in texts)

    # 2. on the redaction page, staff hide the neighbour's name and mark each diary
    #    reviewed; the analyst codes them, groups them into a persona with quotes, and
    #    fetches everything again
    client.force_login(facilitator)
    redact = reverse("analysis:redact", args=[process.slug])
    assert client.get(redact).content.decode().count("Odottaa tarkistusta") == 3
    for participant in people:
        page = reverse("analysis:redact_diary", args=[process.slug, participant.person.code])
        assert client.post(page, {"text": NEIGHBOUR}).status_code == 302
        assert client.post(page, {"reviewed": "1"}).status_code == 302
    assert "Odottaa tarkistusta" not in client.get(redact).content.decode()
    client.force_login(analyst)
    codes = factories.codes(process)
    for participant in people:
        factories.code_sentences(analyst, participant.days.get(day=1), codes["Yksinäisyys"], (0, 1))
    run = services.cluster_run_create(process=process, method="ward", by=None)
    cluster = run.clusters.first()
    persona = services.persona_create(process=process, cluster=cluster, name="Yksin", by=None)
    services.persona_update(
        persona=persona,
        by=facilitator,
        fields={},
        quote_ids=list(Coding.objects.values_list("pk", flat=True)),
    )
    jobs = _export_jobs(client, process, monkeypatch, capture)
    values["pk"] = [*jobs, run.pk, cluster.pk, persona.pk]
    seen = _crawl(client, _urls(process, values))
    _assert_clean(seen, secrets)
    _assert_search_finds_nothing(client, process)
    texts = [t for texts in seen.values() for t in texts]
    assert any(HARMLESS in t for t in texts)  # reviewed text does reach the analyst
    diaries_csv = reverse("insight:export_diaries_csv", args=[process.slug])
    assert any(f"{HARMLESS} paper" in t for t in seen[diaries_csv])
    assert any("█████ ████████ soitti ███ ███ ████" in t for t in seen[diaries_csv])
    assert Participant.objects.filter(workshop=insight_workshop(process)).count() == 3


def test_a_change_after_review_withholds_the_text_again(process, municipalities, make_user):
    """A correction after the review is not shown until staff review it again."""
    from arki.insight.redaction import TextGate

    ensure_catalogue()
    participant = factories.diary(process, municipalities["Kajaani"], did_today="Kävin uimassa.")
    gate = TextGate.for_process(process.pk)
    day = participant.days.get(day=1)
    assert gate.diary(day.pk, participant.pk, "did_today", day.did_today) == "Kävin uimassa."
    insight_services.diary_day_save(
        participant=participant, day=1, values={"did_today": f"Soita {PHONE}"}
    )
    day.refresh_from_db()
    assert (
        TextGate.for_process(process.pk).diary(day.pk, participant.pk, "did_today", day.did_today)
        is None
    )
