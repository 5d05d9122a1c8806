"""End to end in Chromium: two analysts code one entry with the keyboard; agreement updates."""

from __future__ import annotations

import pytest

from arki.analysis import selectors, services
from arki.analysis.compute.text import parse_query

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code_with_keyboard(page, key, chunk, code):
    """Tick a sentence and apply a code using only the keyboard."""
    box = page.locator(f"#c-{key}-{chunk}")
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    page.keyboard.press("Tab")  # next sentence or the code list
    select = page.locator(f"#code-{key}")
    select.focus()
    select.select_option(str(code.pk))  # a native select: arrow keys or typing work too
    page.keyboard.press("Tab")  # the apply button
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_two_analysts_code_and_agreement_updates(
    live_server, new_context, login, axe_check, workspace, process
):
    first_analyst, second_analyst = workspace["analysts"]
    diary = workspace["diaries"][1]
    day = diary.days.get(day=1)
    key = f"{day.pk}-did_today"
    url = f"{live_server.url}/staff/analysis/{process.slug}/diaries/{diary.person.code}/"
    codes = workspace["codes"]

    watcher = new_context().new_page()
    login(watcher, workspace["facilitator"])
    watcher.goto(f"{live_server.url}/staff/analysis/{process.slug}/agreement/")
    assert watcher.locator("#no-comparison").count() == 1
    axe_check(watcher)

    page = new_context().new_page()
    login(page, first_analyst)
    page.goto(url)
    axe_check(page)
    _code_with_keyboard(page, key, 0, codes["Yksinäisyys"])
    _code_with_keyboard(page, key, 1, codes["Liikkuminen ja kyydit"])
    assert page.locator("ul.codings li").count() == 2

    other = new_context().new_page()
    login(other, second_analyst)
    other.goto(url)
    _code_with_keyboard(other, key, 0, codes["Yksinäisyys"])
    _code_with_keyboard(other, key, 1, codes["Yksinäisyys"])
    axe_check(other)

    watcher.reload()
    report = selectors.agreement_for_user(workspace["facilitator"], process)
    row = next(r for r in report["per_code"] if r["code"].name == "Yksinäisyys")
    cell = watcher.locator(f'td[data-code="{codes["Yksinäisyys"].pk}"]')
    expected = "–" if row["alpha"] is None else f"{row['alpha']:.3f}"
    assert cell.inner_text() == expected
    assert watcher.locator("#no-comparison").count() == 0
    axe_check(watcher)


def test_search_and_persona_pages_are_accessible(
    live_server, new_context, login, axe_check, workspace, process
):
    parse_query("lämmin")  # load simplemma's Finnish dictionary before the page timer runs
    page = new_context().new_page()
    login(page, workspace["analysts"][0])
    page.goto(f"{live_server.url}/staff/analysis/{process.slug}/search/?q=yksinäinen")
    assert page.locator("mark").count() == 4
    axe_check(page)
    page.goto(f"{live_server.url}/staff/analysis/{process.slug}/codebook/")
    axe_check(page)
    page.goto(f"{live_server.url}/staff/analysis/{process.slug}/groups/")
    axe_check(page)
    run = services.cluster_run_create(process=process, method="ward", by=None)
    persona = services.persona_create(
        process=process,
        cluster=run.clusters.get(),
        name="Yksin kotona",
        by=None,
        description="Kuvaus.",
        pains="Yksinäisyys.",
    )
    for path in (
        f"groups/{run.pk}/",
        f"groups/group/{run.clusters.get().pk}/",
        f"personas/{persona.pk}/",
        f"personas/{persona.pk}/edit/",
    ):
        page.goto(f"{live_server.url}/staff/analysis/{process.slug}/{path}")
        axe_check(page)
