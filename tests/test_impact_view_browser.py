"""End to end in Chromium: a facilitator builds the metric plan from two chosen criteria,
imports a statistics file, and the decision-maker's impact view shows the three kinds of
source — Arki's own figures (the help exchange's tasks per municipality and month), a
survey's rounds (small groups withheld) and the imported statistics — each with its baseline
and target, and the numbers shown are those of each source's rows (axe on every page).

A cross-tool test (impact may not import the help exchange), so it lives here."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from arki.core.enums import Role
from arki.core.models import Municipality
from arki.impact.models import Metric, StatisticSeries, StatisticValue
from arki.impact.surveys.models import Answer
from arki.impact.tests.metrics_helpers import FIXTURES, provide_criteria
from arki.impact.tests.surveys_factories import answer, full, respondents, survey_with_rounds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_metric(
    page, criterion, name, source, ref_label, baseline, target, direction="up", other=""
):
    page.select_option("#id_criterion", label=criterion)
    page.fill("#id_name", name)
    page.select_option("#id_source", source)
    if ref_label:
        page.select_option("#id_source_ref", label=ref_label)
    if other:
        page.fill("#id_other_ref", other)
    page.select_option("#id_direction", direction)
    page.fill("#id_baseline", baseline)
    page.fill("#id_baseline_on", "2014-01-01")
    page.fill("#id_target", target)
    page.fill("#id_target_on", "2016-01-01")
    page.click("form button:has-text('Add the metric')")
    expect(page.locator("#metric-plan")).to_contain_text(name)


def help_tasks(process, make_user):
    """Tasks done in March 2015: two in Kajaani, one in Kuhmo (the help exchange's rows)."""
    from arki.helpexchange.models import Village
    from arki.helpexchange.tests import factories as f
    from arki.helpexchange.villages import seed_villages

    seed_villages(Municipality, Village)
    coordinator = f.coordinator(make_user, process)
    volunteer = f.active_volunteer(process, max_km=300)
    aili = f.recipient(process, name="Aili")
    on = datetime.date(2015, 3, 10)
    for village in ("Kajaanin keskusta", "Kajaanin keskusta", "Kuhmon keskusta"):
        f.done_request(process, coordinator, volunteer, aili, village, on)


def survey_rounds(process, municipalities):
    """A baseline and a follow-up round: Kajaani 6, Kuhmo 5 and Sotkamo 2 respondents."""
    survey, baseline, follow_up = survey_with_rounds(process)
    people = (
        respondents(process, municipalities["Kajaani"], 6)
        + respondents(process, municipalities["Kuhmo"], 5)
        + respondents(process, municipalities["Sotkamo"], 2)
    )
    for index, respondent in enumerate(people):
        answer(baseline, respondent, full(easier=str(2 + index % 2)))
        answer(follow_up, respondent, full(easier=str(3 + index % 3)))
    return survey.questions.get(key="help_easier"), baseline, follow_up


def table(page, metric_pk):
    """The metric's table as {period: {column: text}}."""
    section = page.locator(f"#m{metric_pk}")
    headers = section.locator(".impact-table thead th").all_inner_texts()
    rows = {}
    for row in section.locator(".impact-table tbody tr").all():
        cells = row.locator("th, td").all_inner_texts()
        rows[cells[0].strip()] = dict(zip(headers[1:], [c.strip() for c in cells[1:]], strict=True))
    return rows


def test_plan_statistics_import_and_impact_view_with_three_sources(
    live_server,
    new_context,
    login,
    axe_check,
    process,
    municipalities,
    make_user,
    monkeypatch,
    settings,
):
    settings.ARKI_K_ANONYMITY = 5
    provide_criteria(monkeypatch, process)
    help_tasks(process, make_user)
    question, baseline, follow_up = survey_rounds(process, municipalities)
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
    series = StatisticSeries.objects.get()
    assert series.values.count() == 32

    # The plan from two chosen criteria: Arki's own figure, a survey question, a statistic.
    page.goto(f"{live_server.url}/en/staff/impact/{slug}/plan/")
    axe_check(page)
    add_metric(
        page, "Vaikuttavuus", "Tehdyt palvelukset", "arki", "Help tasks done per month (tasks)",
        "1", "4",
    )  # fmt: skip
    add_metric(
        page, "Vaikuttavuus", "Arki helpottuu", "survey", None, "2.5", "4", other=str(question.pk)
    )
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
    tasks, survey, alcohol = Metric.objects.order_by("position", "pk")
    assert [(m.criterion_text, m.name, m.source) for m in (tasks, survey, alcohol)] == [
        ("Vaikuttavuus", "Tehdyt palvelukset", "arki"),
        ("Vaikuttavuus", "Arki helpottuu", "survey"),
        ("Toteutettavuus", "Alkoholin kulutus", "statistics"),
    ]

    decision_maker = make_user(Role.DECISION_MAKER, process=process)
    page = new_context().new_page()
    login(page, decision_maker)
    page.goto(f"{live_server.url}/en/staff/impact/{slug}/view/")
    axe_check(page)
    expect(page.locator(".impact-chart svg[role=img]").first).to_be_visible()

    # Arki's own figures: the help exchange's tasks, per municipality, in March 2015.
    section = page.locator(f"#m{tasks.pk}")
    expect(section.locator(".impact-source")).to_contain_text("Help tasks done per month")
    expect(section.locator(".impact-baseline")).to_contain_text("1.0")
    expect(section.locator(".impact-target")).to_contain_text("4.0")
    march = table(page, tasks.pk)["2015M03"]
    assert (march["Whole region"], march["Kajaani"], march["Kuhmo"]) == ("3", "2", "1")
    assert table(page, tasks.pk)["2015M04"]["Whole region"] == "0"

    # The survey: a mean per round, recomputed from the answers; Sotkamo's two withheld,
    # and Kuhmo too (the region minus Kajaani and Kuhmo would give Sotkamo's mean away).
    section = page.locator(f"#m{survey.pk}")
    expect(section.locator(".impact-source")).to_contain_text("Survey")
    expect(section.locator(".impact-baseline")).to_contain_text("2.5")
    rows = table(page, survey.pk)
    for round_ in (baseline, follow_up):
        numbers = [a.number for a in Answer.objects.filter(question=question, round=round_)]
        kajaani = [
            a.number
            for a in Answer.objects.filter(
                question=question, round=round_, respondent__municipality__code="205"
            )
        ]
        shown = rows[_label(round_.closes_on)]
        assert float(shown["Whole region"]) == pytest.approx(
            round(sum(numbers) / len(numbers), 2), abs=0.051
        )
        assert float(shown["Kajaani"]) == pytest.approx(
            round(sum(kajaani) / len(kajaani), 2), abs=0.051
        )
        assert shown["Sotkamo"] == "withheld" and shown["Kuhmo"] == "withheld"
    expect(section).to_contain_text("count too few people to be shown")

    # The imported statistics: the file's figures, baseline and target.
    section = page.locator(f"#m{alcohol.pk}")
    expect(section.locator(".impact-source")).to_contain_text("THL Sotkanet (esimerkki)")
    expect(section.locator(".impact-baseline")).to_contain_text("10.5")
    expect(section.locator(".impact-target")).to_contain_text("9.5")
    rows = table(page, alcohol.pk)
    for value in StatisticValue.objects.filter(series=series).select_related("municipality"):
        column = str(value.municipality) if value.municipality else "Whole region"
        assert float(rows[str(value.period.year)][column]) == pytest.approx(value.value)


def _label(day: datetime.date) -> str:
    return f"{day.year}M{day.month:02d}"
