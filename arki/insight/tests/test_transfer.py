"""File import: all or nothing, every bad row named; export → import round trip."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

from ..compute.tabular import read_table
from ..models import DiaryDay, Participant, ServiceUse
from ..transfer import export_header, export_rows, import_table
from . import factories

pytestmark = pytest.mark.django_db
HEADER = ["code", "service", "frequency", "channel", "distance_km", "travel_minutes", "travel_mode"]


def _csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


@pytest.fixture
def codes(process, municipalities):
    from arki.core.models import Person

    towns = list(municipalities.values())
    Person.objects.bulk_create(
        [
            Person(
                process=process,
                municipality=towns[i % 7],
                age_band="75-84",
                code=f"T{i:05d}",
                access_code=f"A{i:09d}",
            )
            for i in range(2000)
        ]
    )
    return [f"T{i:05d}" for i in range(2000)]


@pytest.mark.slow
def test_10000_rows_with_three_bad_ones_import_nothing_then_the_corrected_file_imports(
    process, codes, make_user
):
    user = make_user("facilitator", process=process)
    rows = [
        [
            codes[i % 2000],
            "Kirjasto" if i % 3 else "Oma kyläkauppa",
            "weekly",
            "on_site",
            "4,5",
            12,
            "bus",
        ]
        for i in range(10_000)
    ]
    bad = {
        101: ([codes[99], "Kirjasto", "weekly", "on_site", "45", 10, "walk"], "liian nopea"),
        5001: (
            ["NOBODY-1", "Kirjasto", "weekly", "on_site", "2", 10, "bus"],
            "tuntematon osallistujan koodi",
        ),
        9999: (
            [codes[5], "Kirjasto", "sometimes", "on_site", "2", 10, "bus"],
            "tuntematon frequency",
        ),
    }
    broken = list(rows)
    for index, (row, _reason) in bad.items():
        broken[index] = row
    header, table = read_table(_csv(broken), "maps.csv")
    result = import_table(process=process, kind="maps", header=header, rows=table, by=user)
    assert result.imported == 0
    assert [line for line, _problem in result.errors] == [index + 2 for index in sorted(bad)]
    for (line, problem), index in zip(result.errors, sorted(bad), strict=True):
        assert bad[index][1] in problem, (line, problem)
    assert ServiceUse.objects.count() == 0
    assert Participant.objects.count() == 0

    header, table = read_table(_csv(rows), "maps.csv")
    result = import_table(process=process, kind="maps", header=header, rows=table, by=user)
    assert (result.errors, result.imported) == ([], 10_000)
    assert ServiceUse.objects.count() == 10_000
    assert (
        ServiceUse.objects.filter(service__isnull=True, service_text="Oma kyläkauppa").count()
        == 3334
    )
    assert Participant.objects.filter(map_submitted_at__isnull=False).count() == 2000
    # each participant's rows lie across the whole file (and the write chunks), in order
    first = ServiceUse.objects.filter(participant__person__code=codes[0])
    assert list(first.values_list("position", flat=True)) == [1, 2, 3, 4, 5]


def test_import_can_read_the_file_twice_instead_of_keeping_it(process, municipalities, make_user):
    participant = factories.participant(process, municipalities["Kuhmo"])
    content = _csv([[participant.person.code, "Kirjasto", "weekly", "on_site", "2", 10, "bus"]])
    reads = []

    def read():
        reads.append(1)
        return read_table(content, "maps.csv")[1]

    header, _rows = read_table(content, "maps.csv")
    result = import_table(
        process=process,
        kind="maps",
        header=header,
        rows=read,
        by=make_user("facilitator", process=process),
    )
    assert (result.errors, result.imported, len(reads)) == ([], 1, 2)


def test_xlsx_diary_import_and_missing_columns(process, municipalities, make_user):
    user = make_user("facilitator", process=process)
    participant = factories.participant(process, municipalities["Kuhmo"])
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "day", "did_today", "services", "served", "help_from"])
    sheet.append(
        [
            participant.person.code,
            1,
            "Kävin kirjastossa",
            "Kirjasto; Jokin muu",
            "Hyvin",
            "naapuri; relative",
        ]
    )
    sheet.append([participant.person.code, 8, "", "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    header, table = read_table(buffer.getvalue(), "diary.xlsx")
    result = import_table(process=process, kind="diaries", header=header, rows=table, by=user)
    assert [line for line, _p in result.errors] == [3]
    assert "1–7" in result.errors[0][1]
    assert DiaryDay.objects.count() == 0
    header, table = read_table(buffer.getvalue(), "diary.xlsx")
    result = import_table(process=process, kind="diaries", header=["code"], rows=table, by=user)
    assert "puuttuvat sarakkeet: day" in result.errors[0][1]


def test_export_rows_import_back(process, municipalities, make_user):
    user = make_user("facilitator", process=process)
    participant = factories.participant(process, municipalities["Kuhmo"])
    from .. import services

    services.kit_apply(participant=participant, payload=factories.kit_payload(days=3))
    participants = Participant.objects.all()
    for kind in ("maps", "diaries"):
        header = export_header(kind, identity=False)
        rows = [
            dict(zip(header, [str(v) for v in row], strict=True))
            for row in export_rows(participants, kind, False)
        ]
        result = import_table(process=process, kind=kind, header=header, rows=rows, by=user)
        assert result.errors == []
    day = DiaryDay.objects.get(participant=participant, day=2)
    assert (day.served, day.help_from, list(day.services.values_list("name", flat=True))) == (
        "well",
        ["neighbour"],
        ["Terveysasema"],
    )
    assert participant.service_uses.get().travel_minutes == 20


@pytest.mark.parametrize(
    ("content", "service"),
    [
        ("\ufeffcode,service\nA,Kävely".encode(), "Kävely"),  # Excel's UTF-8 with BOM
        ("code;service\nA;Kävely".encode("cp1252"), "Kävely"),  # Excel's Finnish CSV
    ],
)
def test_csv_encodings_and_separators(content, service):
    header, rows = read_table(content, "file.csv")
    assert header == ["code", "service"]
    assert list(rows) == [{"code": "A", "service": service}]
