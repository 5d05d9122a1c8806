"""End to end in Chromium: a facilitator builds the metric plan from two chosen criteria,
imports a statistics file, and the impact view shows the sources with baselines and targets
(axe on every page)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from arki.core.enums import Role
from arki.impact.models import Metric, StatisticSeries

from .metrics_helpers import FIXTURES, provide_criteria

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_metric(page, criterion, name, source, ref_label, baseline, target, direction="up"):
    page.select_option("#id_criterion", label=criterion)
    page.fill("#id_name", name)
    page.select_option("#id_source", source)
    if ref_label:
        page.select_option("#id_source_ref", label=ref_label)
    page.select_option("#id_direction", direction)
    page.fill("#id_baseline", baseline)
    page.fill("#id_baseline_on", "2014-01-01")
    page.fill("#id_target", target)
    page.fill("#id_target_on", "2018-01-01")
    page.click("form button:has-text('Add the metric')")
    expect(page.locator("#metric-plan")).to_contain_text(name)


def test_plan_statistics_import_and_impact_view(
    live_server, new_context, login, axe_check, process, make_user, monkeypatch
):
    provide_criteria(monkeypatch, process)
    facilitator = make_user(Role.FACILITATOR, process=process)
    page = new_context().new_page()
    login(page, facilitator)
    slug = process.slug

    # A statistics file is imported: preview first, then all of it.
    page.goto(f"{live_server.url}/en/staff/impact/{slug}/statistics/")
    axe_check(page)
    page.set_input_files("#id_file", str(FIXTURES / "kainuu-alcohol-example.json"))
    page.fill("#id_name", "Alkoholin myynti")
    page.fill("#id_source", "THL Sotkanet (esimerkki)")
    page.click("button[value=preview]")
    expect(page.locator("#preview")).to_be_visible()
    axe_check(page)
    page.click("button[value=import]")
    expect(page.locator("#series")).to_contain_text("Alkoholin myynti")
    assert StatisticSeries.objects.get().values.count() == 32

    # The plan from two chosen criteria: one of Arki's own figures, one statistic.
    page.goto(f"{live_server.url}/en/staff/impact/{slug}/plan/")
    axe_check(page)
    add_metric(page, "Vaikuttavuus", "Arki helpottuu", "arki", None, "60", "80")
    page.select_option("#id_source_ref", index=0)
    add_metric(
        page,
        "Toteutettavuus",
        "Alkoholin kulutus",
        "statistics",
        "Alkoholin myynti (THL Sotkanet (esimerkki))",
        "10.5",
        "9.5",
        direction="down",
    )
    axe_check(page)
    assert list(Metric.objects.values_list("criterion_text", "name")) == [
        ("Vaikuttavuus", "Arki helpottuu"),
        ("Toteutettavuus", "Alkoholin kulutus"),
    ]

    page.goto(f"{live_server.url}/en/staff/impact/{slug}/view/")
    axe_check(page)
    sources = page.locator(".impact-source")
    expect(sources.nth(1)).to_contain_text("THL Sotkanet (esimerkki)")
    expect(page.locator(".impact-baseline").nth(1)).to_contain_text("10.5")
    expect(page.locator(".impact-target").nth(1)).to_contain_text("9.5")
    expect(page.locator(".impact-chart svg[role=img]").first).to_be_visible()
    expect(page.locator(".impact-table").first).to_contain_text("Kajaani")
