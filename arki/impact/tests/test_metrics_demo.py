"""The demo's metric plan: the metrics workshop's rows ("Kuva 15") with baselines and
targets, and the example statistics imported through the import service."""

from __future__ import annotations

import pytest
from django.test import Client

from arki.core.demo import DemoContext
from arki.impact.demo_metrics import ROWS, load_metrics
from arki.impact.models import Metric, StatisticSeries, StatisticValue

pytestmark = pytest.mark.django_db


def test_demo_plan_and_statistics(process):
    ctx = DemoContext(log=lambda line: None, process=process)

    load_metrics(ctx)
    load_metrics(ctx)  # a second run adds nothing

    metrics = list(Metric.objects.filter(process=process))
    assert [m.name for m in metrics] == [row[0] for row in ROWS]
    assert {m.source for m in metrics} == {"arki", "statistics", "survey", "diary"}
    alcohol = next(m for m in metrics if m.name == "Alkoholin kulutus")
    assert (alcohol.baseline, alcohol.target, alcohol.direction) == (10.5, 9.5, "down")
    assert StatisticSeries.objects.filter(process=process).count() == 2
    assert StatisticValue.objects.filter(series_id=int(alcohol.source_ref)).count() == 32

    html = Client().get(f"/impact/{process.slug}/").content.decode()
    assert "Alkoholin kulutus" in html and "Poismuutto" in html
