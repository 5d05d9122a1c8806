"""The impact view: every figure recounted from the rows, a constant number of queries as the
data grows tenfold, the PDF report, the public version and the open figures."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from arki.core.classification import region_area_code
from arki.core.enums import Role
from arki.core.models import Municipality
from arki.core.registry import Metric as RegistryMetric
from arki.core.registry import registry
from arki.impact.jsonstat import read_jsonstat
from arki.impact.models import StatisticSeries, StatisticValue
from arki.impact.services import metrics as metric_services

pytestmark = pytest.mark.django_db


def _series(process, years, codes, *, seed=1.0):
    series = StatisticSeries.objects.create(
        process=process, name="Alkoholi", source="THL (esimerkki)", licence="CC BY 4.0", unit="l"
    )
    places = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    StatisticValue.objects.bulk_create(
        StatisticValue(
            series=series,
            municipality=places.get(code),
            period=datetime.date(year, 1, 1),
            value=round(seed + year % 7 + i * 0.3, 1),
        )
        for year in years
        for i, code in enumerate([None, *codes])
    )
    return series


def _statistic_metric(process, series, **fields):
    return metric_services.metric_create(
        process=process,
        by=None,
        criterion_text="Vaikuttavuus",
        name="Alkoholin kulutus",
        source="statistics",
        source_ref=str(series.pk),
        unit="l",
        direction="down",
        baseline=10.5,
        baseline_on=datetime.date(2014, 1, 1),
        target=9.5,
        target_on=datetime.date(2018, 1, 1),
        **fields,
    )


def _staff(process, make_user, role=Role.FACILITATOR):
    client = Client()
    client.force_login(make_user(role, process=process))
    return client


def _table_cells(html, pk):
    section = html.split(f'id="metric-{pk}"', 1)[1].split("</section>", 1)[0]
    table = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def test_every_figure_on_the_page_equals_a_recount_of_the_rows(process, make_user):
    series = _series(process, range(2012, 2016), ["205", "290"])
    metric = _statistic_metric(process, series)

    html = _staff(process, make_user).get(f"/en/staff/impact/{process.slug}/view/").content.decode()

    rows = _table_cells(html, metric.pk)
    by_key = {
        (v.period.year, v.municipality.code if v.municipality else None): v.value
        for v in StatisticValue.objects.filter(series=series).select_related("municipality")
    }
    columns = [None, "205", "290"]  # whole region, then municipalities by name (Kajaani, Kuhmo)
    assert len(rows) == 4
    for cells in rows:
        year = int(cells[0])
        for code, text in zip(columns, cells[1:], strict=True):
            assert float(text) == pytest.approx(by_key[(year, code)])
    assert "Baseline" in html and "10.5 l" in html and "9.5 l" in html
    assert "THL (esimerkki)" in html and "CC BY 4.0" in html
    assert "<svg" in html and 'role="img"' in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_stays_constant_as_the_data_grows_tenfold(process, make_user):
    client = _staff(process, make_user)
    url = f"/en/staff/impact/{process.slug}/view/"
    small = _series(process, range(2014, 2016), ["205"])
    _statistic_metric(process, small)
    before = _queries(client, url)

    big = _series(process, range(1995, 2015), ["205", "290", "777", "765", "105"])
    for metric in process.metrics.all():
        metric_services.metric_update(metric=metric, by=None, source_ref=str(big.pk))
    assert (
        StatisticValue.objects.filter(series=big).count()
        >= 10 * StatisticValue.objects.filter(series=small).count()
    )

    assert _queries(client, url) == before


def test_pdf_report_per_year(process, make_user):
    _statistic_metric(process, _series(process, range(2012, 2016), ["205"]))
    response = _staff(process, make_user).get(
        f"/en/staff/impact/{process.slug}/report.pdf?year=2014"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from arki.core.testing_pdf import assert_accessible_pdf

    assert_accessible_pdf(response.content, lang="en", contains="2014")


def test_decision_makers_see_the_view_analysts_do_not(process, make_user):
    url = f"/en/staff/impact/{process.slug}/view/"
    assert _staff(process, make_user, Role.DECISION_MAKER).get(url).status_code == 200
    assert _staff(process, make_user, Role.ANALYST).get(url).status_code == 403


def test_public_page_shows_only_published_metrics(process):
    series = _series(process, range(2012, 2014), ["205"])
    hidden = _statistic_metric(process, series, name_en="Hidden")
    shown = _statistic_metric(process, series)
    metric_services.metric_publish(metric=shown, publish=True, by=None)

    html = Client().get(f"/en/impact/{process.slug}/").content.decode()

    assert f'id="metric-{shown.pk}"' in html and f'id="metric-{hidden.pk}"' not in html
    process.is_public = False
    process.save(update_fields=["is_public"])
    assert Client().get(f"/en/impact/{process.slug}/").status_code == 404


def test_public_page_names_the_statistic_in_the_page_language(process):
    series = _series(process, range(2012, 2014), ["205"])
    series.name_sv = "Alkohol"
    series.save()
    metric = _statistic_metric(process, series)
    metric_services.metric_publish(metric=metric, publish=True, by=None)

    swedish = Client().get(f"/sv/impact/{process.slug}/").content.decode()
    assert '<dd class="impact-source">Alkohol — THL (esimerkki) (CC BY 4.0)</dd>' in swedish
    english = Client().get(f"/en/impact/{process.slug}/").content.decode()
    assert '<dd class="impact-source" lang="fi">Alkoholi — THL' in english


@pytest.fixture
def people_figures(monkeypatch, settings):
    """Two registry figures: a count of people below the k-anonymity size, and one above."""
    settings.ARKI_K_ANONYMITY = 5
    extra = [
        RegistryMetric("test.lonely", "Lonely people reached", "people", lambda p: 3),
        RegistryMetric("test.events", "Events held", "events", lambda p: 2),
        RegistryMetric("test.helpers", "Helpers", "people", lambda p: 12),
    ]
    original = registry.metrics
    monkeypatch.setattr(registry, "metrics", lambda: [*original(), *extra])
    return extra


def test_open_figures_never_show_a_count_of_people_below_k(process, make_user, people_figures):
    client = _staff(process, make_user)

    doc = json.loads(client.get(f"/en/staff/impact/{process.slug}/figures.json").content)
    cube = read_jsonstat(json.dumps(doc))
    # Figures without a breakdown: the whole region, this month.
    region = region_area_code(process.region.code)  # MK18 for Kainuu (county 20)
    month = timezone.localdate().strftime("%YM%m")
    cells = {
        c.coords["indicator"]: c.value
        for c in cube.cells
        if c.coords["area"] == region and c.coords["month"] == month
    }
    assert cells["test.lonely"] is None
    assert cells["test.events"] == 2 and cells["test.helpers"] == 12
    assert "CC BY 4.0" in json.dumps(doc["extension"]) and "area" in doc["role"]["geo"]
    index = next(
        i
        for i, c in enumerate(cube.cells)
        if (c.coords["indicator"], c.coords["area"], c.coords["month"])
        == ("test.lonely", region, month)
    )
    assert doc["status"][str(index)] == "withheld"

    text = client.get(f"/en/staff/impact/{process.slug}/figures.csv").content.decode()
    lonely_row = next(line for line in text.splitlines() if line.startswith("test.lonely"))
    assert ",3," not in lonely_row and "withheld" in lonely_row and "CC BY 4.0" in lonely_row


def test_public_open_figures_hold_only_published_arki_metrics(process, people_figures):
    metric = metric_services.metric_create(
        process=process,
        by=None,
        criterion_text="V",
        name="Auttajat",
        source="arki",
        source_ref="test.helpers",
        direction="up",
    )
    url = f"/en/impact/{process.slug}/figures.json"
    assert read_jsonstat(Client().get(url).content).categories["indicator"] == []

    metric_services.metric_publish(metric=metric, publish=True, by=None)
    cube = read_jsonstat(Client().get(url).content)
    assert cube.categories["indicator"] == ["test.helpers"]
    assert [c.value for c in cube.cells] == [12.0]
    csv_text = Client().get(f"/en/impact/{process.slug}/figures.csv").content.decode()
    assert "test.helpers" in csv_text and "test.events" not in csv_text


def test_figures_are_written_as_the_language_writes_them():
    """The report and the view printed "6.8" on Finnish pages."""
    from django.utils import translation

    from arki.impact.impact_view import _number

    with translation.override("fi"):
        assert [_number(6.8), _number(7.0), _number(1234.56), _number(None)] == [
            "6,8",
            "7",
            "1234,6",
            "–",
        ]
    with translation.override("en"):
        assert _number(6.8) == "6.8"
