"""The participant's page under the strict CSP: it still polls for the next question, and a
poll never wipes out an answer being given.

The hold-back used to be an htmx trigger filter (`[!document.querySelector(…)]`), which htmx
evaluates with `Function()`; the CSP forbids eval, so it now lives in arki/core/static/arki/js/
arki.js. conftest.py's `new_context` fails the test on any CSP violation.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from arki.core.enums import ActivityState
from arki.core.services.live import activity_add, activity_set_state, session_open

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNT_EVENTS = """() => {
  window.arkiSwaps = 0;
  window.arkiPolls = 0;
  document.addEventListener("htmx:beforeRequest", () => { window.arkiPolls += 1; });
  document.addEventListener("htmx:afterSwap", () => { window.arkiSwaps += 1; });
}"""


def test_poll_refreshes_an_untouched_page_and_holds_back_for_a_started_answer(
    live_server, new_context, process
):
    session = session_open(workshop=process.workshops.get(position=1), by=None)
    poll = activity_add(
        session=session,
        kind="core.poll",
        title="Mikä palvelu on sinulle tärkein?",
        config={
            "question": "Mikä palvelu on sinulle tärkein?",
            "choices": ["Terveys", "Liikunta", "Kulttuuri"],
            "multiple": False,
        },
        by=None,
    )
    activity_set_state(activity=poll, state=ActivityState.OPEN, by=None)

    page = new_context().new_page()
    page.goto(f"{live_server.url}/join/{session.code}/")
    page.fill("#id_label", "Aino")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h2")).to_have_text("Mikä palvelu on sinulle tärkein?")

    # Untouched, the page refreshes itself (htmx works without eval).
    page.evaluate(COUNT_EVENTS)
    page.wait_for_function("() => window.arkiSwaps >= 1")

    # A started answer: chosen, then focus moved away. Polls keep coming but none swaps.
    page.get_by_label("Liikunta").check()
    page.locator("h1").click()
    swaps = page.evaluate("window.arkiSwaps")
    polls = page.evaluate("window.arkiPolls")
    page.wait_for_function(f"() => window.arkiPolls >= {polls + 2}")
    assert page.evaluate("window.arkiSwaps") == swaps
    expect(page.get_by_label("Liikunta")).to_be_checked()
