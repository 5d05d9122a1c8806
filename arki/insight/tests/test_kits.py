"""Paper kits: one batch job for all participants; text extractable in Finnish and Swedish."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from arki.core.jobs import JobContext
from arki.core.models import Job, Person

from ..jobs import build_paper_kits
from ..prompts import PROMPTS
from ..selectors import insight_workshop
from . import factories

pytestmark = pytest.mark.django_db
PAGES_PER_KIT = 9


def _run(process, people, **params):
    job = Job.objects.create(
        kind="insight.paper_kits",
        params={
            "workshop": insight_workshop(process).pk,
            "people": [p.pk for p in people],
            **params,
        },
    )
    result = build_paper_kits(JobContext(job))
    job.refresh_from_db()
    return job, result, PdfReader(io.BytesIO(job.result_file.read()))


def _compact(text: str) -> str:
    return " ".join(text.split())


#: A batch big enough to mix languages and municipalities; the full 160 kits of the pilot
#: (1,440 pages) are rendered and timed by bench/pdf, not here (minutes with WeasyPrint).
BATCH = 12


def test_a_batch_of_kits_holds_the_eight_prompts_in_each_language(process, municipalities):
    towns = list(municipalities.values())
    for index in range(BATCH):
        factories.participant(process, towns[index % 7], language="sv" if index % 4 == 0 else "fi")
    people = list(Person.objects.filter(process=process).order_by("code"))
    job, result, reader = _run(process, people)
    assert result["kits"] == BATCH
    assert (job.done, job.total) == (BATCH, BATCH)
    assert len(reader.pages) == BATCH * PAGES_PER_KIT
    for index, person in enumerate(people[:8]):
        first = index * PAGES_PER_KIT
        cover = _compact(reader.pages[first].extract_text())
        assert person.code in cover and person.access_code in cover
        day = _compact(reader.pages[first + 2].extract_text())
        for _field, texts in PROMPTS:
            assert _compact(texts[person.language]) in day
    finnish = _compact(reader.pages[PAGES_PER_KIT + 2].extract_text())
    assert "Kerro mitä teit tänään?" in finnish
    assert "Tuliko päivän aikana mieleen toiveita tai haaveita?" in finnish
    swedish = _compact(reader.pages[2].extract_text())
    assert people[0].language == "sv"
    assert "Berätta vad du gjorde i dag?" in swedish
    assert "Palveluk" not in swedish  # the cover and instructions follow the language too


def test_large_print_kit_in_a_chosen_language(process, municipalities):
    participant = factories.participant(process, municipalities["Kuhmo"])
    _job, _result, reader = _run(process, [participant.person], large_print=True, language="sv")
    text = _compact(" ".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) > PAGES_PER_KIT
    assert "Hade du behövt hjälp med något?" in text
    assert "Servicekarta" in text or "servicekarta" in text
    assert reader.trailer["/Root"]["/Lang"] == "sv"  # read aloud in Swedish


@pytest.mark.parametrize("large_print", [False, True])
def test_nothing_on_a_kit_page_overlaps_at_either_text_size(process, municipalities, large_print):
    """The large-print kit once printed the QR code over the cover text and ran the map
    table's headers into each other: every text run and image has a box of its own now."""
    from arki.core.testing_pdf import overlapping_boxes

    from ..kits import kit_document

    participant = factories.participant(process, municipalities["Kuhmo"], language="fi")
    document = kit_document(
        [participant.person], insight_workshop(process), large_print=large_print
    )

    assert overlapping_boxes(document) == []
    if not large_print:
        assert len(document.pages) == PAGES_PER_KIT


def test_a_kit_is_an_accessible_pdf_that_prints_sami_letters(process, municipalities):
    from arki.core.testing_pdf import SAMI, assert_accessible_pdf

    from ..kits import kit_pdf

    workshop = insight_workshop(process)
    workshop.title = workshop.title_sv = f"Ánde {SAMI} -bargobádji"
    workshop.save(update_fields=["title", "title_sv"])
    participant = factories.participant(process, municipalities["Kuhmo"], language="sv")

    reader = assert_accessible_pdf(
        kit_pdf([participant.person], workshop), lang="sv", contains=f"Ánde {SAMI}"
    )
    assert participant.person.code in reader.pages[-1].extract_text()  # the footer
