"""JSON-stat 2 and CSV: the format's published sample decodes, exports round-trip, and a bad
file (malformed, unknown municipality, duplicate period) is refused naming the cell or row,
with nothing imported."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from hypothesis import given, settings
from hypothesis import strategies as st

from arki.impact.jsonstat import StatError, parse_period, read_jsonstat, write_jsonstat
from arki.impact.models import StatisticSeries, StatisticValue
from arki.impact.services import statistics as services

from .metrics_helpers import fixture_text


@pytest.fixture(autouse=True)
def english():
    """The messages asserted here are the English ones (the default language is Finnish)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_the_published_canada_sample_decodes_cell_by_cell():
    cube = read_jsonstat(fixture_text("canada-excerpt.json"))

    assert cube.label == "Population by sex and age group. Canada. 2012"
    assert cube.ids == ["country", "year", "age", "concept", "sex"]
    # A dimension with one category and only a label ("country") is allowed by the spec.
    assert cube.categories["country"] == ["CA"]
    # "concept" uses the object form of category.index.
    assert cube.categories["concept"] == ["POP", "PERCENT"]
    cells = {tuple(c.coords.values()): c.value for c in cube.cells}
    assert cells[("CA", "2012", "T", "POP", "T")] == 34880.5
    assert cells[("CA", "2012", "T", "POP", "F")] == 17571.3
    assert cells[("CA", "2012", "4", "POP", "M")] == 988.7
    assert cells[("CA", "2012", "4", "PERCENT", "F")] == 5.3
    assert len(cells) == 12


def test_sparse_value_object_reads_as_the_dense_array():
    doc = json.loads(fixture_text("canada-excerpt.json"))
    dense = read_jsonstat(json.dumps(doc))
    doc["value"] = {str(i): v for i, v in enumerate(doc["value"]) if i % 3}
    sparse = read_jsonstat(json.dumps(doc))

    dense_cells = {c.position: c.value for c in dense.cells}
    assert {c.position: c.value for c in sparse.cells} == {
        p: v for p, v in dense_cells.items() if p % 3
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("class"), "not a JSON-stat 2 dataset"),
        (lambda d: d.update(size=[1, 1, 2, 2, 4]), "dimension.sex has 3 categories but size"),
        (lambda d: d["value"].pop(), '"value" has 11 numbers'),
        (lambda d: d["value"].__setitem__(4, "x"), "value[4]"),
        (lambda d: d.update(value={"99": 1}), 'value["99"] is outside the cube'),
    ],
)
def test_malformed_datasets_are_refused_with_the_place_named(change, message):
    doc = json.loads(fixture_text("canada-excerpt.json"))
    change(doc)
    with pytest.raises(StatError, match=message.replace("[", r"\[").replace("(", r"\(")):
        read_jsonstat(json.dumps(doc))


def test_not_json_at_all_is_refused():
    with pytest.raises(StatError, match="not valid JSON"):
        read_jsonstat("{oops")


values = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=32))


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=4),
    data=st.data(),
)
def test_export_then_import_gives_back_every_cell(sizes, data):
    dims = [
        (f"d{i}", f"Dim {i}", [(f"c{i}_{j}", f"Cat {j}") for j in range(size)])
        for i, size in enumerate(sizes)
    ]
    keys = [()]
    for _id, _label, cats in dims:
        keys = [(*k, c[0]) for k in keys for c in cats]
    cells = {k: data.draw(values) for k in keys}

    doc = write_jsonstat(
        label="t",
        source="s",
        licence="CC BY 4.0",
        updated=__import__("datetime").date(2026, 1, 1),
        dimensions=dims,
        values=cells,
    )
    cube = read_jsonstat(json.dumps(doc))

    assert {tuple(c.coords.values()): c.value for c in cube.cells} == {
        k: (None if v is None else float(v)) for k, v in cells.items()
    }


def test_periods():
    import datetime

    assert parse_period("2014") == (datetime.date(2014, 1, 1), "year")
    assert parse_period("2014Q3") == (datetime.date(2014, 7, 1), "quarter")
    assert parse_period("2014M04") == (datetime.date(2014, 4, 1), "month")
    assert parse_period("2014-11") == (datetime.date(2014, 11, 1), "month")
    with pytest.raises(StatError):
        parse_period("2014M13")


# --- the import service ------------------------------------------------------------------


@pytest.mark.django_db
def test_example_statistics_import_per_municipality_and_region(process):
    parsed = services.parse_upload(
        fixture_text("kainuu-alcohol-example.json"), kind=services.JSONSTAT, process=process
    )
    series = services.statistics_import(
        process=process,
        parsed=parsed,
        name="Alkoholi",
        source="esimerkki",
        licence="CC BY 4.0",
        unit="l",
        by=None,
    )

    assert series.period_kind == "year"
    assert StatisticValue.objects.filter(series=series).count() == 32
    region = StatisticValue.objects.get(series=series, municipality=None, period="2014-01-01")
    assert region.value == 10.5
    kajaani = StatisticValue.objects.get(
        series=series, municipality__code="205", period="2015-01-01"
    )
    assert kajaani.value == 10.1


@pytest.mark.django_db
def test_csv_import_reads_plain_and_ku_codes(process):
    text = "kunta;vuosi;arvo\nKU205;2014;1,5\n290;2014;2\n"
    parsed = services.parse_upload(text, kind=services.CSV, process=process)

    assert [(r.municipality_code, r.value) for r in parsed.rows] == [("205", 1.5), ("290", 2.0)]


def _doc_with(mutate):
    doc = json.loads(fixture_text("kainuu-alcohol-example.json"))
    mutate(doc)
    return json.dumps(doc)


def _unknown_code(doc):
    index = doc["dimension"]["alue"]["category"]["index"]
    index["KU999"] = index.pop("KU290")


def _duplicate(doc):
    doc["dimension"]["vuosi"]["category"]["index"] = ["2012", "2013", "2014", "2014"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (services.JSONSTAT, "[1, 2", "not valid JSON"),
        (services.JSONSTAT, _doc_with(_unknown_code), "value[12] (alue=KU999, vuosi=2012)"),
        (services.JSONSTAT, _doc_with(_duplicate), "value[3] (alue=MK18, vuosi=2014): duplicate"),
        (services.CSV, "kunta,vuosi,arvo\n205,2014,1\n091,2014,2\n", "row 3: unknown municipality"),
        (services.CSV, "kunta,vuosi,arvo\n205,2014,1\nKU205,2014,2\n", "row 3: duplicate period"),
        (services.CSV, "kunta,vuosi,arvo\n205,2014,1\n290,2014,paljon\n", "row 3"),
        (services.CSV, "kunta,vuosi,arvo\n205,viime vuosi,1\n", "row 2"),
    ],
)
def test_a_bad_file_is_refused_naming_the_row_and_nothing_is_imported(process, kind, text, message):
    before = (StatisticSeries.objects.count(), StatisticValue.objects.count())

    with pytest.raises(ValidationError) as refused:
        services.parse_upload(text, kind=kind, process=process)

    assert message in " ".join(refused.value.messages)
    assert (StatisticSeries.objects.count(), StatisticValue.objects.count()) == before


@pytest.mark.django_db
def test_import_is_all_or_nothing_when_the_database_refuses_a_row(process, monkeypatch):
    parsed = services.parse_upload(
        fixture_text("kainuu-out-migration-example.csv"), kind=services.CSV, process=process
    )
    # A row the parser let through but the database refuses (a duplicate) rolls back all.
    parsed.rows.append(parsed.rows[0])

    with pytest.raises(IntegrityError):
        services.statistics_import(
            process=process, parsed=parsed, name="x", source="y", licence="z", unit="", by=None
        )

    assert StatisticSeries.objects.count() == 0
    assert StatisticValue.objects.count() == 0


# --- the import page ---------------------------------------------------------------------


def _upload(client, process, content, action, kind="csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/en/staff/impact/{process.slug}/statistics/",
        {
            "file": SimpleUploadedFile("data.csv", content.encode(), "text/csv"),
            "kind": kind,
            "name": "Poismuutto",
            "source": "Tilastokeskus",
            "licence": "CC BY 4.0",
            "action": action,
        },
    )


@pytest.mark.django_db
def test_import_page_previews_then_imports_and_refuses_bad_rows(process, make_user):
    from django.test import Client

    from arki.core.enums import Role

    client = Client()
    client.force_login(make_user(Role.FACILITATOR, process=process))

    refused = _upload(client, process, "kunta,vuosi,arvo\n205,2014,1\n999,2014,2\n", "import")
    assert refused.status_code == 400
    assert "row 3: unknown municipality code “999”" in refused.content.decode()
    assert not StatisticSeries.objects.exists() and not StatisticValue.objects.exists()

    preview = _upload(client, process, fixture_text("kainuu-out-migration-example.csv"), "preview")
    assert preview.status_code == 200 and "16 values will be imported" in preview.content.decode()
    assert not StatisticSeries.objects.exists()

    done = _upload(client, process, fixture_text("kainuu-out-migration-example.csv"), "import")
    assert done.status_code == 302
    assert StatisticSeries.objects.get().values.count() == 16
