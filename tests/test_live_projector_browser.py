"""The projector mode and the core's new live activities in real Chromium.

The projector at 16:9 (1280×720) and 4:3 (1024×768) shows the current activity, the join
code, address and QR code side by side without overlap (checked by element boxes), and no
staff chrome. A scale, a ranking, an open question and a Q&A run from two phones to the
projector. axe-core checks every page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from arki.core.enums import ActivityState, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WITHIN = 3000
MOBILE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def overlap(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def inside(inner, outer) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


@pytest.fixture
def session(process):
    from arki.core.services.live import session_open

    return session_open(workshop=process.workshops.get(position=1), by=None)


def add(session, kind, config, title):
    from arki.core.services.live import activity_add, activity_set_state

    activity = activity_add(session=session, kind=kind, title=title, config=config, by=None)
    activity_set_state(activity=activity, state=ActivityState.OPEN, by=None)
    return activity


def test_projector_layout_at_16_9_and_4_3(
    live_server, new_context, login, axe_check, make_user, process, session
):
    add(
        session,
        "core.poll",
        {"question": "Mikä palvelu on sinulle tärkein?", "choices": ["Terveys", "Liikunta"]},
        "Mikä palvelu on sinulle tärkein?",
    )
    add(
        session,
        "core.scale",
        {"question": "Kuinka hyvin bussi palvelee?", "low": 1, "high": 5},
        "Kuinka hyvin bussi palvelee?",
    )
    facilitator = make_user(Role.FACILITATOR, process=process)
    for width, height in [(1280, 720), (1024, 768)]:
        page = new_context(viewport={"width": width, "height": height}).new_page()
        login(page, facilitator)
        page.goto(f"{live_server.url}/staff/sessions/{session.code}/projector/")
        # No staff chrome: no header, log-out or language buttons.
        expect(page.locator(".site-header")).to_have_count(0)
        expect(page.locator("form[action$='/logout/']")).to_have_count(0)
        expect(page.locator("form[action*='i18n']")).to_have_count(0)
        # The current (last opened) activity, alone and large; the earlier one a link away.
        current = page.locator("#current-activity")
        expect(current.locator("h2")).to_contain_text("Kuinka hyvin bussi palvelee?")
        expect(page.locator(".projector-previous a")).to_contain_text(
            ["Mikä palvelu on sinulle tärkein?"]
        )
        boxes = {
            name: page.locator(selector).bounding_box()
            for name, selector in {
                "current": "#current-activity",
                "code": "#join-code",
                "url": "#join-url",
                "qr": "#join-qr",
                "aside": ".projector-join",
            }.items()
        }
        for name, box in boxes.items():
            assert box is not None and box["width"] > 0, name
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (name, box, width)
        # Everything the room needs to join is on the first screen.
        assert boxes["qr"]["y"] + boxes["qr"]["height"] <= height, boxes["qr"]
        for a, b in [("current", "code"), ("current", "url"), ("current", "qr")]:
            assert not overlap(boxes[a], boxes[b]), (a, b, boxes)
        for a, b in [("url", "qr"), ("code", "qr"), ("url", "code")]:
            assert not overlap(boxes[a], boxes[b]), (a, b, boxes)
        for name in ("url", "code", "qr"):
            assert inside(boxes[name], boxes["aside"]), (name, boxes)
        axe_check(page)
        # The earlier result is one click away, and back.
        page.locator(".projector-previous a").first.click()
        expect(page.locator("#current-activity h2")).to_contain_text(
            "Mikä palvelu on sinulle tärkein?"
        )

    # The console at 1280 px: the join address stays in its card, beside (not under) the QR.
    console = new_context(viewport={"width": 1280, "height": 720}).new_page()
    login(console, facilitator)
    console.goto(f"{live_server.url}/staff/sessions/{session.code}/")
    url = console.locator(".join-url").bounding_box()
    card = console.locator(".console-join .card").first.bounding_box()
    qr = console.locator(".console-qr").bounding_box()
    assert url and card and qr
    assert inside(url, card), (url, card)
    assert not overlap(url, qr) and not overlap(card, qr), (url, card, qr)
    axe_check(console)


def join(page, live_server, code, name):
    page.goto(f"{live_server.url}/join/{code}/")
    page.fill("#id_label", name)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_be_visible()


def send(page, activity):
    section = page.locator(f"section[aria-labelledby='activity-{activity.pk}']")
    section.locator("button[type=submit]:not([formaction])").click()
    expect(page.locator(".hds-notification--success")).to_be_visible()


def test_four_activities_from_two_phones_to_the_projector(
    live_server, new_context, login, axe_check, make_user, process, session
):
    scale = add(
        session,
        "core.scale",
        {"question": "Kuinka tyytyväinen?", "low": 1, "high": 5, "low_label": "ei lainkaan"},
        "Kuinka tyytyväinen?",
    )
    ranking = add(
        session,
        "core.ranking",
        {"question": "Mikä ensin?", "options": ["Bussi", "Kirjasto", "Neuvola"]},
        "Mikä ensin?",
    )
    cloud = add(session, "core.wordcloud", {"question": "Mikä on tärkeää?"}, "Mikä on tärkeää?")
    qa = add(session, "core.qa", {"title": "Kysy päättäjiltä", "moderated": False}, "Kysy")
    facilitator = make_user(Role.FACILITATOR, process=process)

    phones = [new_context(**MOBILE).new_page(), new_context(**MOBILE).new_page()]
    for page, name in zip(phones, ["Aino", "Eero"], strict=True):
        join(page, live_server, session.code, name)
    first, second = phones
    axe_check(first)

    # Scale: 4 and 2.
    for page, value in zip(phones, ["4", "2"], strict=True):
        page.locator(f"input[name='a{scale.pk}-value'][value='{value}']").check()
        send(page, scale)
    # Ranking: both put Kirjasto first.
    for page, places in zip(phones, [("2", "1", "3"), ("3", "1", "2")], strict=True):
        for index, place in enumerate(places):
            page.locator(f"select[name='a{ranking.pk}-place_{index}']").select_option(place)
        send(page, ranking)
    # A refused ranking says why and keeps the places typed.
    for index in range(3):
        first.locator(f"select[name='a{ranking.pk}-place_{index}']").select_option("1")
    first.locator(f"section[aria-labelledby='activity-{ranking.pk}'] button").click()
    expect(first.locator("main")).to_contain_text("Anna jokaiselle vaihtoehdolle eri sija")
    axe_check(first)
    first.goto(f"{live_server.url}/live/{session.code}/")
    # Open question: inflected Finnish words meet in one lemma.
    for page, text in zip(phones, ["Kirjastot ja bussi", "kirjastossa on hyvä olla"], strict=True):
        page.fill(f"[name='a{cloud.pk}-text']", text)
        send(page, cloud)
    # Q&A: the first phone asks, the second up-votes (once).
    first.fill(f"[name='a{qa.pk}-text']", "Milloin kirjasto on auki sunnuntaisin?")
    send(first, qa)
    second.goto(f"{live_server.url}/live/{session.code}/")
    second.get_by_role("button", name="Äänestä: Milloin kirjasto").click()
    expect(second.locator(".hds-notification--success")).to_be_visible()
    expect(second.locator(".qa-list")).to_contain_text("Äänestit tätä")
    axe_check(second)

    projector = new_context(viewport={"width": 1280, "height": 720}).new_page()
    login(projector, facilitator)
    base = f"{live_server.url}/staff/sessions/{session.code}/projector/"
    # The phones stop polling while the projector is checked (the test server is small).
    for page in phones:
        page.goto("about:blank")
    projector.goto(f"{base}?activity={scale.pk}")
    expect(projector.locator("[data-mean]")).to_have_text("3,0")
    axe_check(projector)
    projector.goto(f"{base}?activity={ranking.pk}")
    expect(projector.locator(".ranking-results tbody th").first).to_have_text("Kirjasto")
    axe_check(projector)
    projector.goto(f"{base}?activity={cloud.pk}")
    # The Finnish dictionary loads in the background from the phones' first page (seconds on a
    # busy machine); until then the projector says it is counting.
    expect(projector.locator(".word-cloud__word.size-5")).to_contain_text(
        ["kirjasto"], timeout=30_000
    )
    expect(projector.locator(".word-cloud")).not_to_contain_text("olla")
    axe_check(projector)
    projector.goto(f"{base}?activity={qa.pk}")
    expect(projector.locator(".qa-list")).to_contain_text("Milloin kirjasto on auki sunnuntaisin?")
    expect(projector.locator("[data-votes]")).to_have_text("1 ääni")
    axe_check(projector)

    # The facilitator shows the scale's results on the phones.
    console = new_context().new_page()
    login(console, facilitator)
    console.goto(f"{live_server.url}/staff/sessions/{session.code}/")
    console.locator(f"form[action$='/activities/{scale.pk}/share/'] button").click()
    expect(console.locator(".hds-notification--success")).to_be_visible()
    axe_check(console)
    first.goto(f"{live_server.url}/live/{session.code}/")
    expect(first.locator(".shared-results [data-mean]")).to_have_text("3,0")
