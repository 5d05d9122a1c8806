"""REFI-QDA export: valid against the shipped schema, round-trips through the importer."""

from __future__ import annotations

import io
import zipfile

import pytest

from arki.analysis import exports, services
from arki.analysis.models import Code
from arki.analysis.refi.qdpx import (
    SCHEMA,
    QdpxError,
    project_xml,
    read_qdpx,
    validate,
    write_qdpx,
)

from .conftest import NAME_IN_TEXT


@pytest.fixture
def coded(workspace):
    analyst = workspace["analysts"][0]
    diary = workspace["diaries"][0]
    day = diary.days.get(day=1)
    services.coding_toggle_chunk(
        coder=analyst, day=day, field="did_today", index=1, code=workspace["codes"]["Yksinäisyys"]
    )
    services.coding_toggle_chunk(
        coder=analyst, day=day, field="did_today", index=0, code=workspace["codes"]["Saatu apu"]
    )
    services.memo_add(person=diary.person, author=analyst, text="Yksinäisyys toistuu.")
    return workspace


def test_export_is_valid_against_the_schema(coded, process):
    """Validated against the standard's own Project.xsd (REFI, QDA-XML 1.0), shipped as is."""
    project = exports.refi_project(process, coded["diaries"])
    assert validate(project_xml(project)) == []


def test_the_shipped_schema_is_the_standards_full_project_schema():
    """Not a subset of our own: it declares what Arki never writes, and a project from
    another program using those parts (variables, cases, sets) is valid against it."""
    text = SCHEMA.read_text(encoding="utf-8")
    assert "Release Date:      18 March 2019" in text and "MIT license" in text
    for declared in ("CasesType", "VariablesType", "SetsType", "GraphsType", "AudioSourceType"):
        assert f'name="{declared}"' in text
    other = b"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Toinen" origin="QualCoder">
  <Variables><Variable guid="00000000-0000-0000-0000-000000000001" name="Ika"
    typeOfVariable="Integer"/></Variables>
  <Cases><Case guid="00000000-0000-0000-0000-000000000002" name="K-1"/></Cases>
  <Sets><Set guid="00000000-0000-0000-0000-000000000003" name="Kaikki"/></Sets>
</Project>"""
    assert validate(other) == []


def test_export_stays_valid_with_odd_code_colours_and_control_characters(coded, process):
    code = coded["codes"]["Yksinäisyys"]
    code.color = "red"  # the colour picker is a browser widget; a raw POST can send anything
    code.description = "Yksin\x07 kotona"
    code.save()
    services.memo_add(
        person=coded["diaries"][0].person, author=coded["analysts"][0], text="Muistio\x0b."
    )
    xml = project_xml(exports.refi_project(process, coded["diaries"]))
    assert validate(xml) == []
    assert b'color="red"' not in xml and b"Yksin kotona" in xml


def test_schema_rejects_a_broken_document():
    bad = b'<Project xmlns="urn:QDA-XML:project:1.0"><CodeBook/></Project>'
    assert validate(bad)  # name missing, Codes missing


def test_export_round_trips_through_the_importer(coded, process):
    project = exports.refi_project(process, coded["diaries"])
    back = read_qdpx(write_qdpx(project))
    assert back == project
    source = next(s for s in back.sources if s.name == coded["diaries"][0].person.code)
    texts = sorted(source.text[s.start : s.end] for s in source.selections)
    assert texts == ["Kävin █████ ███████████ kanssa kaupassa.", "Olin yksinäinen."]
    assert [n.text for n in back.notes] == ["Yksinäisyys toistuu."]
    children = {c.name for root in back.codes for c in root.children}
    assert {"Yksinäisyys", "Saatu apu", "Sähköiset palvelut"} <= children


def test_export_files_hold_no_identity_or_redacted_text(coded, process):
    data = write_qdpx(exports.refi_project(process, coded["diaries"]))
    archive = zipfile.ZipFile(io.BytesIO(data))
    person = coded["diaries"][0].person
    for name in archive.namelist():
        content = archive.read(name).decode("utf-8")
        for secret in (NAME_IN_TEXT, "Maija", person.full_name, person.email, person.phone):
            assert secret not in content, (name, secret)


def test_codebook_import_adds_missing_codes(coded, process, make_user):
    from arki.core.services.processes import process_create_from_template

    project = read_qdpx(write_qdpx(exports.refi_project(process, coded["diaries"])))
    other = process_create_from_template(
        template="kainuu-2014-2016",
        name="Toinen",
        slug="toinen",
        region=process.region,
        municipalities=list(process.municipalities.all()),
        first_workshop_on=process.workshops.first().date,
        is_public=False,
    )
    made = exports.codebook_import(process=other, project=project, by=coded["facilitator"])
    assert made == Code.objects.filter(process=process).count()
    assert Code.objects.get(process=other, name="Yksinäisyys").parent.name == "Arki ja yhteisö"
    assert exports.codebook_import(process=other, project=project, by=coded["facilitator"]) == 0


def test_reader_refuses_other_files():
    with pytest.raises(QdpxError):
        read_qdpx(b"not a zip")
