"""Pages, exports and the API: who may see what, and that analysts never see identities."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from arki.analysis import services
from arki.analysis.enums import PersonaStatus
from arki.analysis.models import Coding, Persona
from arki.core.enums import Role

from . import factories
from .conftest import NAME_IN_TEXT


@pytest.fixture
def analysed(workspace, process):
    """Codings by both analysts, a clustering run and a persona with a quote."""
    day = workspace["diaries"][0].days.get(day=1)
    for analyst in workspace["analysts"]:
        factories.code_sentences(analyst, day, workspace["codes"]["Yksinäisyys"])
    run = services.cluster_run_create(process=process, method="ward", by=None)
    cluster = run.clusters.first()
    persona = services.persona_create(process=process, cluster=cluster, name="Yksin", by=None)
    services.persona_update(
        persona=persona,
        by=workspace["facilitator"],
        fields={},
        quote_ids=list(Coding.objects.values_list("pk", flat=True)),
    )
    return {**workspace, "run": run, "cluster": cluster, "persona": persona}


def _analyst_urls(process, analysed):
    slug = process.slug
    code = analysed["diaries"][0].person.code
    persona, run, cluster = analysed["persona"], analysed["run"], analysed["cluster"]
    return [
        reverse("analysis:overview", args=[slug]),
        reverse("analysis:diaries", args=[slug]),
        reverse("analysis:diary", args=[slug, code]),
        reverse("analysis:codebook", args=[slug]),
        reverse("analysis:search", args=[slug]) + "?q=kaupassa",
        reverse("analysis:agreement", args=[slug]),
        reverse("analysis:runs", args=[slug]),
        reverse("analysis:run", args=[slug, run.pk]),
        reverse("analysis:cluster", args=[slug, cluster.pk]),
        reverse("analysis:personas", args=[slug]),
        reverse("analysis:persona", args=[slug, persona.pk]),
        reverse("analysis:persona_edit", args=[slug, persona.pk]),
        reverse("analysis:api_personas", args=[slug]),
        reverse("analysis:export_segments_csv", args=[slug]),
    ]


def _secrets(analysed):
    person = analysed["diaries"][0].person
    return [NAME_IN_TEXT, "Maija", person.full_name, person.email, person.phone]


def test_analyst_never_sees_identity_or_redacted_text(client, process, analysed):
    client.force_login(analysed["analysts"][0])
    for url in _analyst_urls(process, analysed):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for secret in _secrets(analysed):
            assert secret not in content, (url, secret)
    # searching for the hidden name finds nothing (the query itself is echoed back)
    response = client.get(reverse("analysis:search", args=[process.slug]) + "?q=Meikäläinen")
    assert response.context["hits"] == []
    assert (
        "█████ ███████████"
        in client.get(
            reverse("analysis:diary", args=[process.slug, analysed["diaries"][0].person.code])
        ).content.decode()
    )


def test_analyst_exports_hold_no_identity(client, process, analysed):
    client.force_login(analysed["analysts"][0])
    xlsx = client.get(reverse("analysis:export_segments_xlsx", args=[process.slug])).content
    qdpx = client.get(reverse("analysis:export_qdpx", args=[process.slug])).content
    files = [zipfile.ZipFile(io.BytesIO(data)) for data in (xlsx, qdpx)]
    contents = [
        archive.read(name).decode("utf-8") for archive in files for name in archive.namelist()
    ]
    csv = client.get(reverse("analysis:export_segments_csv", args=[process.slug]))
    contents.append(csv.content.decode("utf-8-sig"))
    pdf = client.get(reverse("analysis:persona_pdf", args=[process.slug, analysed["persona"].pk]))
    contents.append("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    assert "Olin yksinäinen." in contents[-2]  # the CSV has the coded text…
    for content in contents:
        for secret in _secrets(analysed):
            assert secret not in content, secret  # …but never the hidden name


def test_persona_card_is_an_accessible_pdf_with_localised_figures(analysed):
    from arki.analysis.cards import persona_pdf
    from arki.analysis.selectors import persona_card
    from arki.core.testing_pdf import SAMI, assert_accessible_pdf, pdf_text

    persona = analysed["persona"]
    persona.name = f"Ánde {SAMI} <i>"
    persona.needs = "Kyyti kauppaan\nSeuraa"
    persona.save(update_fields=["name", "needs"])
    card = persona_card(persona)
    card["services"] = [
        {
            "category": "Kauppa",
            "share": 40,
            "uses_per_month": 2.5,
            "km": 1.5,
            "minutes": 12,
            "mode": "Bussi",
        }
    ]

    reader = assert_accessible_pdf(
        persona_pdf(card), lang="fi", title=persona.name, contains=f"Ánde {SAMI} <i>"
    )
    text = pdf_text(reader)
    assert "2,5" in text and "1,5 km" in text and "Kyyti kauppaan" in text
    assert "Persoonan takana" in text

    # In Swedish and English the persona's own texts are those of the language where they
    # were written; a missing one is the Finnish text, marked lang="fi" as on the web card.
    from django.template.loader import render_to_string
    from django.utils import translation

    from arki.analysis.cards import TEMPLATE, persona_context

    persona.name_sv, persona.needs_sv = "Anders", "Skjuts till butiken\nSällskap"
    persona.description = "Asuu yksin kylässä."
    persona.save(update_fields=["name_sv", "needs_sv", "description"])
    for language in ("sv", "en"):
        with translation.override(language):
            card = persona_card(persona)
            html = render_to_string(TEMPLATE, persona_context(card))
            data = persona_pdf(card)
        name = "Anders" if language == "sv" else persona.name
        reader = assert_accessible_pdf(data, lang=language, title=name, contains=name)
        text = pdf_text(reader)
        assert "Asuu yksin kylässä." in text  # no translation: the Finnish text, not nothing
        assert '<p lang="fi">Asuu yksin kylässä.</p>' in html
        if language == "sv":
            assert "Skjuts till butiken Sällskap" in text and "Kyyti kauppaan" not in text
            assert "<h1>Anders</h1>" in html and "<p>Skjuts till butiken</p>" in html
            assert "Behov" in text  # the heading in Swedish
        else:
            assert "Kyyti kauppaan" in text and "Needs" in text
            assert f'<h1 lang="fi">Ánde {SAMI} &lt;i&gt;</h1>' in html
            assert '<p lang="fi">Kyyti kauppaan</p>' in html


@pytest.mark.parametrize(
    ("role", "page", "status"),
    [
        (Role.ANALYST, "analysis:redact", 403),
        (Role.ANALYST, "analysis:assign", 403),
        (Role.DECISION_MAKER, "analysis:overview", 403),
        (Role.DECISION_MAKER, "analysis:personas", 403),
        (Role.RESIDENT, "analysis:diaries", 403),
        (Role.CONTACT, "analysis:diaries", 403),
        (Role.CONTACT, "analysis:redact", 200),
        (Role.PLANNING, "analysis:personas", 200),
        (Role.PLANNING, "analysis:diaries", 403),
        (Role.FACILITATOR, "analysis:assign", 200),
    ],
)
def test_permission_matrix(client, process, make_user, workspace, role, page, status):
    client.force_login(make_user(role, process=process))
    assert client.get(reverse(page, args=[process.slug])).status_code == status


def test_unassigned_analyst_cannot_open_a_diary(client, process, make_user, workspace):
    client.force_login(make_user(Role.ANALYST, process=process))
    code = workspace["diaries"][0].person.code
    assert client.get(reverse("analysis:diary", args=[process.slug, code])).status_code == 404
    response = client.post(
        reverse("analysis:coding_add", args=[process.slug, code, "1-did_today"]),
        {"1-did_today-chunks": ["0"], "1-did_today-code": workspace["codes"]["Raha"].pk},
    )
    assert response.status_code == 404
    assert Coding.objects.count() == 0


def test_contact_person_redacts_own_municipality_only(
    client, process, make_user, workspace, municipalities
):
    client.force_login(
        make_user(Role.CONTACT, process=process, municipality=municipalities["Kuhmo"])
    )
    kajaani, kuhmo = (d.person.code for d in workspace["diaries"])
    assert (
        client.get(reverse("analysis:redact_diary", args=[process.slug, kajaani])).status_code
        == 404
    )
    assert (
        client.get(reverse("analysis:redact_diary", args=[process.slug, kuhmo])).status_code == 200
    )


def test_keyboard_chunk_coding_through_the_view(client, process, workspace):
    analyst = workspace["analysts"][1]
    client.force_login(analyst)
    diary = workspace["diaries"][1]
    day = diary.days.get(day=1)
    key = f"{day.pk}-did_today"
    response = client.post(
        reverse("analysis:coding_add", args=[process.slug, diary.person.code, key]),
        {f"{key}-chunks": ["1"], f"{key}-code": workspace["codes"]["Liikkuminen ja kyydit"].pk},
    )
    assert response.status_code == 302
    coding = Coding.objects.get()
    assert (coding.coder, coding.start, coding.end) == (analyst, 25, 40)
    # bad input: no code chosen -> a message, nothing saved
    response = client.post(
        reverse("analysis:coding_add", args=[process.slug, diary.person.code, key]),
        {f"{key}-chunks": ["0"]},
        follow=True,
    )
    assert Coding.objects.count() == 1
    assert "Tämä kenttä vaaditaan" in response.content.decode() or "required" in (
        response.content.decode()
    )


def test_publish_below_k_is_refused_in_view_api_and_admin(client, process, analysed, make_user):
    persona = analysed["persona"]
    assert persona.supporters.count() == 2
    client.force_login(analysed["facilitator"])
    client.post(
        reverse("analysis:persona_publish", args=[process.slug, persona.pk]), {"action": "publish"}
    )
    response = client.post(
        reverse("analysis:api_persona_publish", args=[process.slug, persona.pk]),
        data=json.dumps({"status": "published"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    admin = make_user(superuser=True)
    client.force_login(admin)
    client.post(
        reverse("admin:analysis_persona_changelist"),
        {"action": "publish", "_selected_action": [persona.pk]},
    )
    # the admin form cannot set the status directly either
    client.post(
        reverse("admin:analysis_persona_change", args=[persona.pk]),
        {
            "name": persona.name,
            "status": "published",
            "versions-TOTAL_FORMS": 0,
            "versions-INITIAL_FORMS": 0,
        },
    )
    persona.refresh_from_db()
    assert persona.status == PersonaStatus.DRAFT


def test_api_publishes_with_enough_supporters(
    client, process, analysed, make_person, municipalities
):
    persona = analysed["persona"]
    persona.supporters.add(*[make_person(process, municipalities["Kuhmo"]) for _ in range(3)])
    client.force_login(analysed["analysts"][0])
    response = client.post(
        reverse("analysis:api_persona_publish", args=[process.slug, persona.pk]),
        data="{}",
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "published" and response.json()["supporters"] == 5


def test_public_card_shows_counts_only(client, process, analysed, make_person, municipalities):
    persona = analysed["persona"]
    persona.supporters.add(*[make_person(process, municipalities["Kuhmo"]) for _ in range(3)])
    services.persona_publish(persona=persona, by=None)
    content = client.get(
        reverse("analysis_public:card", args=[process.slug, persona.pk])
    ).content.decode()
    assert "5 osallistujaa" in content or "5 participants" in content
    for code in persona.supporters.values_list("code", flat=True):
        assert code not in content
    draft = services.persona_create(process=process, name="Luonnos", by=None)
    assert (
        client.get(reverse("analysis_public:card", args=[process.slug, draft.pk])).status_code
        == 404
    )


def test_diary_list_query_count_stays_constant(client, process, workspace, municipalities):
    facilitator = workspace["facilitator"]
    client.force_login(facilitator)
    url = reverse("analysis:diaries", args=[process.slug])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(3):
        factories.diary(process, municipalities["Sotkamo"], days=1)
    with CaptureQueriesContext(connection) as more:
        assert b"SOT-003" in client.get(url).content
    assert len(few) == len(more)


def test_persona_list_query_count_stays_constant(client, process, analysed):
    client.force_login(analysed["facilitator"])
    url = reverse("analysis:personas", args=[process.slug])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(3):
        services.persona_create(
            process=process, name=f"P{number}", by=None, cluster=analysed["cluster"]
        )
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(few) == len(more)
    assert Persona.objects.count() == 4


def _run_form(**extra):
    return {"method": "kmeans", "k_min": 2, "k_max": 4, "merge_small_groups": "on", **extra}


def test_clustering_page_runs_small_processes_inline(client, process, workspace):
    client.force_login(workspace["analysts"][0])
    response = client.post(reverse("analysis:runs", args=[process.slug]), _run_form())
    run = process.cluster_runs.get()
    assert response["Location"] == reverse("analysis:run", args=[process.slug, run.pk])
    assert run.clusters.get().size == 2
    # bad input: the most fewer than the fewest -> message, no run
    response = client.post(
        reverse("analysis:runs", args=[process.slug]), _run_form(k_min=5, k_max=3)
    )
    assert response.status_code == 200 and process.cluster_runs.count() == 1


def test_clustering_page_sends_large_processes_to_a_job(
    client, process, workspace, monkeypatch, django_capture_on_commit_callbacks
):
    from arki.analysis.views import groups
    from arki.core.jobs import run_job
    from arki.core.models import Job

    monkeypatch.setattr(groups, "INLINE_LIMIT", 1)
    client.force_login(workspace["analysts"][0])
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("analysis:runs", args=[process.slug]), _run_form(pooled_age_groups=["older"])
        )
    job = Job.objects.get(kind="analysis.cluster")
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert process.cluster_runs.count() == 0
    run_job(job.pk)
    run = process.cluster_runs.get()
    assert run.pooled_age_groups == ["older"]
    assert run.clusters.get().municipalities.count() == 2  # pooled across municipalities


def test_analyst_cannot_start_clustering_without_the_right(client, process, make_user, workspace):
    client.force_login(make_user(Role.PLANNING, process=process))
    response = client.post(reverse("analysis:runs", args=[process.slug]), _run_form())
    assert response.status_code == 403
    assert process.cluster_runs.count() == 0


def test_persona_page_query_count_does_not_grow_with_quotes(client, process, analysed):
    persona = analysed["persona"]
    client.force_login(analysed["facilitator"])
    url = reverse("analysis:persona", args=[process.slug, persona.pk])
    persona.quotes.set(Coding.objects.all()[:1])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    persona.quotes.set(Coding.objects.all())
    assert persona.quotes.count() == 4
    with CaptureQueriesContext(connection) as four:
        content = client.get(url).content.decode()
    assert len(one) == len(four)
    assert content.count("<blockquote>") == 4


def test_diary_page_query_count_does_not_grow_with_codings(client, process, workspace):
    analyst = workspace["analysts"][0]
    diary = workspace["diaries"][1]
    client.force_login(analyst)
    url = reverse("analysis:diary", args=[process.slug, diary.person.code])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for day in diary.days.all():
        factories.code_sentences(analyst, day, workspace["codes"]["Raha"])
    services.memo_add(person=diary.person, author=analyst, text="Muistiinpano")
    with CaptureQueriesContext(connection) as after:
        content = client.get(url).content.decode()
    assert content.count('class="tag">Raha') == 4
    assert len(before) == len(after)


def test_selection_coding_with_start_and_end(client, process, workspace):
    """The mouse way: the script fills start/end from a selection; the server re-checks."""
    analyst = workspace["analysts"][0]
    client.force_login(analyst)
    diary = workspace["diaries"][1]
    day = diary.days.get(day=1)
    key = f"{day.pk}-did_today"
    url = reverse("analysis:coding_add", args=[process.slug, diary.person.code, key])
    code = workspace["codes"]["Yksinäisyys"]
    client.post(
        url, {"mode": "span", f"s{key}-start": 5, f"s{key}-end": 16, f"s{key}-code": code.pk}
    )
    coding = Coding.objects.get()
    assert (coding.start, coding.end, coding.code) == (5, 16, code)
    response = client.post(
        url,
        {"mode": "span", f"s{key}-start": 30, f"s{key}-end": 400, f"s{key}-code": code.pk},
        follow=True,
    )
    assert Coding.objects.count() == 1
    assert "within the text" in response.content.decode() or "tekstin sisällä" in (
        response.content.decode()
    )


def test_public_section_lists_published_personas_with_counts(
    process, analysed, make_person, municipalities
):
    from arki.analysis.manifest import MANIFEST

    persona = analysed["persona"]
    workshop = process.workshops.get(position=2)
    assert MANIFEST.public_sections(workshop) == []  # nothing published yet
    persona.supporters.add(*[make_person(process, municipalities["Kuhmo"]) for _ in range(3)])
    services.persona_publish(persona=persona, by=None)
    (section,) = MANIFEST.public_sections(workshop)
    assert [(p.name, p.supporter_count) for p in section.context["personas"]] == [("Yksin", 5)]
    assert MANIFEST.public_sections(process.workshops.get(position=1)) == []
