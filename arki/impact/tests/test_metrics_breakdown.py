"""Arki's own figures per municipality and month: the months the plan follows, the k rule on
each month's cells, and the impact view, its public page and the open figures showing them.

The figures here are test figures registered with a `breakdown`; the help exchange's real
ones are tested in arki/helpexchange/tests/test_metrics_breakdown.py and, through the impact
view, in tests/test_impact_arki_figures.py (impact may not import the help exchange)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from arki.core.registry import FigureCell, registry
from arki.core.registry import Metric as RegistryMetric
from arki.impact.models import Metric
from arki.impact.readers import figure_points, metric_months
from arki.impact.services import metrics as metric_services
from arki.impact.sources import read_points

D = datetime.date


def _metric(**fields) -> Metric:
    return Metric(name="m", source="arki", source_ref="test.people", **fields)


def test_the_months_run_from_the_baseline_to_the_last_follow_up():
    metric = _metric(
        baseline_on=D(2015, 1, 20),
        target_on=D(2016, 1, 1),
        follow_up_dates=["2015-06-15", "2016-03-01"],
    )
    assert metric_months(metric, today=D(2026, 12, 7)) == (D(2015, 1, 1), D(2016, 3, 1))


def test_the_months_stop_at_this_month_and_default_to_the_last_twelve():
    ongoing = _metric(baseline_on=D(2026, 9, 1), target_on=D(2028, 1, 1))
    assert metric_months(ongoing, today=D(2026, 12, 7)) == (D(2026, 9, 1), D(2026, 12, 1))
    assert metric_months(_metric(), today=D(2026, 3, 7)) == (D(2025, 4, 1), D(2026, 3, 1))
    assert metric_months(_metric(baseline_on=D(2027, 1, 1)), today=D(2026, 12, 7)) is None


# --- the k rule on a breakdown --------------------------------------------------------------

#: (month, municipality, people): Kajaani 12, Kuhmo 2, Sotkamo 4 in March; nothing in April;
#: Kajaani 0 and Kuhmo 7 in May. The region is their sum.
ROWS = {
    (D(2015, 3, 1), "205"): 12,
    (D(2015, 3, 1), "290"): 2,
    (D(2015, 3, 1), "765"): 4,
    (D(2015, 5, 1), "205"): 0,
    (D(2015, 5, 1), "290"): 7,
}


def _cells(rows):
    def breakdown(process, first, last):
        months = sorted({month for month, _code in rows})
        for month in months:
            mine = {code: n for (m, code), n in rows.items() if m == month}
            yield FigureCell(month, None, sum(mine.values()), sum(mine.values()))
            for code, n in mine.items():
                yield FigureCell(month, code, n, n)

    return breakdown


@pytest.fixture
def figures(monkeypatch, settings):
    settings.ARKI_K_ANONYMITY = 5
    extra = [
        RegistryMetric("test.people", "People reached", "people", lambda p: 25, _cells(ROWS)),
        RegistryMetric("test.flat", "Events held", "events", lambda p: 3),
    ]
    original = registry.metrics
    monkeypatch.setattr(registry, "metrics", lambda: [*original(), *extra])
    return extra


def _plan_metric(process, ref="test.people", **fields):
    return metric_services.metric_create(
        process=process,
        by=None,
        criterion_text="Vaikuttavuus",
        name="Tavoitetut ihmiset",
        source="arki",
        source_ref=ref,
        unit="people",
        direction="up",
        baseline=10.0,
        baseline_on=D(2015, 3, 1),
        target=30.0,
        target_on=D(2015, 5, 31),
        **fields,
    )


@pytest.mark.django_db
def test_a_breakdown_gives_the_cells_with_small_ones_withheld(process, figures):
    metric = _plan_metric(process)
    points = {(p.period, p.municipality_code): p for p in read_points(metric)}

    march = D(2015, 3, 1)
    assert points[(march, None)].value == 18 and points[(march, "205")].value == 12
    # Kuhmo's 2 are withheld, and Sotkamo's 4 too: 18 − 12 would give Kuhmo's 2 away.
    assert points[(march, "290")].withheld and points[(march, "290")].value is None
    assert points[(march, "765")].withheld and points[(march, "765")].n is None
    # A month without rows has no points; a count of 0 is shown (it is about no one).
    assert not any(p.period == D(2015, 4, 1) for p in points.values())
    assert points[(D(2015, 5, 1), "205")].value == 0
    assert points[(D(2015, 5, 1), "290")].value == 7


@pytest.mark.django_db
def test_a_figure_without_a_breakdown_is_the_whole_region_now(process, figures):
    metric = _plan_metric(process, ref="test.flat")
    (point,) = read_points(metric)
    assert (point.municipality_code, point.value) == (None, 3.0)


@pytest.mark.django_db
def test_the_impact_view_public_page_and_open_figures_show_the_cells(process, make_user, figures):
    from arki.core.enums import Role

    metric = _plan_metric(process)
    metric_services.metric_publish(metric=metric, publish=True, by=None)
    client = Client()
    client.force_login(make_user(Role.DECISION_MAKER, process=process))

    for url in (f"/en/staff/impact/{process.slug}/view/", f"/en/impact/{process.slug}/"):
        html = client.get(url).content.decode()
        section = html.split(f'id="metric-{metric.pk}"', 1)[1].split("</section>", 1)[0]
        assert "2015M03" in section and "2015M05" in section and "2015M04" not in section
        assert ">18<" in section and ">12<" in section and ">7<" in section
        assert ">2<" not in section and ">4<" not in section and "withheld" in section

    text = Client().get(f"/en/impact/{process.slug}/figures.csv").content.decode()
    rows = [line.split(",") for line in text.splitlines()[1:] if line.startswith("test.people")]
    by_key = {(r[3], r[5]): (r[6], r[7]) for r in rows}
    assert by_key[("MK18", "2015M03")] == ("18.0", "")
    assert by_key[("KU205", "2015M03")] == ("12.0", "")
    assert by_key[("KU290", "2015M03")] == ("", "withheld")
    assert by_key[("KU765", "2015M03")] == ("", "withheld")
    assert by_key[("KU290", "2015M05")] == ("7.0", "")


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    counts=st.dictionaries(
        st.sampled_from(["105", "205", "290", "578", "620", "697", "765", "777"]),
        st.integers(min_value=0, max_value=12),
        min_size=1,
    ),
    k=st.integers(min_value=2, max_value=6),
)
def test_no_shown_cell_or_difference_gives_away_fewer_than_k_people(counts, k):
    """Whatever the counts: no shown cell rests on 1..k-1 people, and the withheld cells of a
    shown region hold none or at least k together (so no subtraction recovers a small one)."""
    from django.test import override_settings

    month = D(2015, 3, 1)
    rows = {(month, code): n for code, n in counts.items()}
    figure = RegistryMetric("test.p", "P", "people", lambda p: None, _cells(rows))
    with override_settings(ARKI_K_ANONYMITY=k):
        points = figure_points(figure, None, month, month)  # type: ignore[arg-type]
    region = next(p for p in points if p.municipality_code is None)
    places = [p for p in points if p.municipality_code is not None]
    for point in points:
        if not point.withheld:
            assert point.value is not None and not 0 < point.value < k
        else:
            assert point.value is None and point.n is None
    hidden = sum(counts[p.municipality_code] for p in places if p.withheld)
    if not region.withheld:
        assert hidden == 0 or hidden >= k
    # Nothing is withheld without need: a month where every cell is 0 or at least k.
    if all(n == 0 or n >= k for n in counts.values()):
        assert not any(p.withheld for p in points)
