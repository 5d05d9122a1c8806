"""Loading Statistics Finland's classification of municipalities and wellbeing services
counties. The sample file's codes other than Kajaani's and Kainuu's are invented test data."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from arki.core.classification import ClassificationError, read_classification
from arki.core.models import Municipality, Region

SAMPLE = Path(__file__).parent / "data" / "classification_sample.csv"


def test_reader_finds_columns_by_header_and_pads_codes():
    text = "sourceCode,sourceName,targetCode,targetName,year\n5,Alava,T2,Toinen,2025\n"
    classification = read_classification(text)
    assert classification.year == 2025
    (row,) = classification.municipalities
    assert (row.code, row.name, row.county_code) == ("005", "Alava", "T2")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kunta;nimi\n205;Kajaani\n", "Columns not found"),
        ("kunta;nimi;hva;hva_nimi\nX1;Kajaani;18;Kainuu\n", "not a municipality code"),
        ("kunta;nimi;hva;hva_nimi\n205;A;18;K\n205;B;18;K\n", "appears twice"),
        ("kunta;nimi;hva;hva_nimi\n205;A;18;K\n", "year"),
    ],
)
def test_reader_refuses_what_it_does_not_understand(text, message):
    with pytest.raises(ClassificationError, match=message):
        read_classification(text)


@pytest.mark.django_db
def test_command_loads_counties_and_municipalities_idempotently(municipalities, capsys):
    kajaani_before = Municipality.objects.get(code="205")
    call_command("load_classification", str(SAMPLE), "--year", "2025")
    county = Region.objects.get(code="T1")
    assert (county.name, county.name_sv, county.classification_year) == (
        "Testialue",
        "Testområdet",
        2025,
    )
    new = Municipality.objects.get(code="998")
    assert (new.region, new.name_sv, new.name_se, new.abbreviation) == (
        county,
        "Testby",
        "Testiidja",
        "TES",
    )
    # AAN is Äänekoski's (the shipped classification): the next free letters are taken
    abbreviations = list(Municipality.objects.values_list("abbreviation", flat=True))
    assert Municipality.objects.get(code="999").abbreviation == "AAE"
    assert len(abbreviations) == len(set(abbreviations))
    kajaani = Municipality.objects.get(code="205")
    assert kajaani.classification_year == 2025
    assert (kajaani.abbreviation, kajaani.latitude) == (
        kajaani_before.abbreviation,
        kajaani_before.latitude,
    )
    out = capsys.readouterr().out
    assert "1 counties created" in out and "Kept, not in the file" in out and "290" in out

    count = Municipality.objects.count()
    call_command("load_classification", str(SAMPLE), "--year", "2025")
    assert Municipality.objects.count() == count
    assert Municipality.objects.filter(code="290").exists()  # kept: processes point at it


@pytest.mark.django_db
def test_command_reports_a_bad_file_and_changes_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("kunta;nimi\n205;Kajaani\n", encoding="utf-8")
    before = list(Municipality.objects.values_list("code", "name"))
    with pytest.raises(CommandError, match="Columns not found"):
        call_command("load_classification", str(bad), "--year", "2025")
    assert list(Municipality.objects.values_list("code", "name")) == before
