"""PDFs: what facilitators typed is text, never markup; every PDF is tagged, declares its
language and title, and embeds a font that has the Sámi letters."""

import io
import re
from pathlib import Path

from django.utils import translation
from pypdf import PdfReader

from arki.core.reports import workshop_report_pdf

LINK = '<a href="https://evil.example/">Lisätietoa</a>'


def test_workshop_report_with_markup_in_title_place_and_results(process):
    workshop = process.workshops.order_by("position").first()
    workshop.title = "Cert <b>unclosed & <font"
    workshop.place = "Sali <i>"
    workshop.results_summary = f"Tulokset & jatko\n{LINK}"
    workshop.save()

    page = PdfReader(io.BytesIO(workshop_report_pdf(workshop))).pages[0]

    text = " ".join(page.extract_text().split())  # lines may wrap
    assert "Cert <b>unclosed & <font" in text
    assert "Sali <i>" in text
    assert "Tulokset & jatko" in text and LINK in text
    assert "/Annots" not in page


def test_a_link_typed_into_a_workshop_summary_is_not_a_link_in_the_report(process):
    workshop = process.workshops.order_by("position").first()
    workshop.results_summary = LINK  # well-formed markup: ReportLab would obey it
    workshop.save()

    page = PdfReader(io.BytesIO(workshop_report_pdf(workshop))).pages[0]

    assert "/Annots" not in page
    assert LINK in " ".join(page.extract_text().split())


def test_a_report_tells_screen_readers_its_title_and_language(process):
    """Accessibility: a PDF without /Lang is read aloud in the reader's default voice."""
    workshop = process.workshops.order_by("position").first()
    with translation.override("sv"):
        reader = PdfReader(io.BytesIO(workshop_report_pdf(workshop)))
        title = str(workshop)  # the Swedish title

    assert reader.trailer["/Root"]["/Lang"] == "sv"
    assert reader.metadata.title == title
    assert reader.metadata.author == "Arki"


def test_a_report_is_tagged_embeds_its_fonts_and_prints_sami_letters(process):
    from arki.core.testing_pdf import SAMI, assert_accessible_pdf

    workshop = process.workshops.order_by("position").first()
    workshop.results_summary = f"Ánde {SAMI} ja Máret"
    workshop.save()
    with translation.override("fi"):
        assert_accessible_pdf(
            workshop_report_pdf(workshop), lang="fi", title=str(workshop), contains=SAMI
        )


def test_a_pdf_loads_no_file_or_address_a_user_typed(process, tmp_path, monkeypatch):
    """Escaping keeps typed markup text; the fetcher is the second lock: even our own
    template cannot make WeasyPrint read a local file or call an address."""
    from arki.core import pdf

    fetched = []
    original = pdf._fetcher

    def spy():
        fetcher = original()
        fetch = fetcher.fetch

        def recording(url, headers=None):
            fetched.append(url)
            return fetch(url, headers)

        fetcher.fetch = recording
        return fetcher

    monkeypatch.setattr(pdf, "_fetcher", spy)
    workshop = process.workshops.order_by("position").first()
    workshop.results_summary = '<img src="file:///etc/passwd"><img src="https://evil.example/x">'
    workshop.save()
    text = " ".join(
        PdfReader(io.BytesIO(workshop_report_pdf(workshop))).pages[0].extract_text().split()
    )
    assert '<img src="file:///etc/passwd">' in text
    assert all(url.startswith(pdf.FONT_DIR.as_uri()) for url in fetched), fetched
    import pytest

    with pytest.raises(ValueError):
        original().fetch("file:///etc/passwd")


def test_every_pdf_is_made_by_core_pdf():
    """One renderer: a module that calls WeasyPrint (or a PDF library) itself would drop the
    tags, the language, the embedded font or the fetcher's lock."""
    arki = Path(__file__).resolve().parents[2]
    own_setup = [
        str(path.relative_to(arki))
        for path in arki.rglob("*.py")
        if "tests" not in path.parts
        and path not in {arki / "core" / "pdf.py", arki / "core" / "testing_pdf.py"}
        and re.search(r"^\s*(from|import) (weasyprint|reportlab|fpdf)", path.read_text(), re.M)
    ]
    assert own_setup == []


def test_a_report_counts_its_participants_in_the_report_language(process):
    workshop = process.workshops.order_by("position").first()
    workshop.participant_count = 17
    workshop.save(update_fields=["participant_count"])
    texts = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            page = PdfReader(io.BytesIO(workshop_report_pdf(workshop))).pages[0]
            texts[language] = page.extract_text()
    assert "17 osallistujaa" in texts["fi"]
    assert "17 deltagare" in texts["sv"] and "osallistujaa" not in texts["sv"]
    assert "17 participants" in texts["en"]
