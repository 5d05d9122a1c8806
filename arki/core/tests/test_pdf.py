"""Workshop reports print what facilitators typed as text, never as ReportLab markup."""

import io
import re
from pathlib import Path

from django.utils import translation
from pypdf import PdfReader

from arki.core.pdf import para_text
from arki.core.reports import workshop_report_pdf

LINK = '<a href="https://evil.example/">Lisätietoa</a>'


def test_para_text_escapes_markup_and_keeps_line_breaks_only_when_asked():
    assert para_text("A <b> & B") == "A &lt;b&gt; &amp; B"
    assert para_text("1\n2", line_breaks=True) == "1<br/>2"
    assert para_text("1\n2") == "1\n2"


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


def test_every_pdf_is_set_up_by_core_pdf():
    """One page set-up: a module that makes its own document or canvas would drop the metadata."""
    arki = Path(__file__).resolve().parents[2]
    own_setup = [
        str(path.relative_to(arki))
        for path in arki.rglob("*.py")
        if "tests" not in path.parts
        and path != arki / "core" / "pdf.py"
        and re.search(r"SimpleDocTemplate\(|\bCanvas\(|reportlab\.lib\.pagesizes", path.read_text())
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
