"""End to end in Chromium: a phone request, ranked helpers, an offer by SMS accepted through
its link, the task marked done, the older person's answer recorded by the coordinator, and
the figures updated; axe-core on every page of the flow."""

import datetime
import re

import pytest
from django.utils import timezone, translation

from arki.core.enums import Role
from arki.core.messaging import MemorySmsGateway
from arki.helpexchange.models import HelpRequest

from . import factories as f


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_phone_request_to_feedback(
    live_server, new_context, login, axe_check, make_user, process, municipalities
):
    MemorySmsGateway.outbox.clear()
    coordinator = make_user(
        Role.COORDINATOR, process=process, municipality=municipalities["Kajaani"]
    )
    f.active_volunteer(
        process,
        name="Lähellä Asuva",
        village_name="Teppana",
        phone="0405550001",
        skills=["shopping"],
    )
    f.active_volunteer(
        process, name="Kaukana Asuva", village_name="Vuolijoki", phone="0405550002", max_km=60
    )
    f.organisation(process, municipalities["Kajaani"])
    page = new_context(locale="en-US").new_page()
    login(page, coordinator)
    base = f"{live_server.url}/staff/help/{process.slug}"

    # 1. The coordinator records the phone call for a person without an account.
    page.goto(f"{base}/requests/new/")
    axe_check(page)
    page.fill("#id_full_name", "Hilja Puhelin")
    page.fill("#id_phone", "040 555 6666")
    page.select_option("#id_village", label="Kajaani – Lehtikangas")
    page.fill("#id_address", "Koivukuja 3")
    page.select_option("#id_task_type", "shopping")
    page.fill("#id_description", "Kauppakassi lähikaupasta")
    # A task under way now: the helper can mark it done only once its window has opened.
    start = timezone.localtime() - datetime.timedelta(hours=1)
    page.fill("#id_window_start", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_window_end", (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.click("button[type=submit] >> text=Save the request")
    page.wait_for_url(re.compile(r"/requests/\d+/$"))

    # 2. Ranked volunteers with the reasons for their rank.
    rows = page.locator("tr.ranked-volunteer")
    assert rows.count() == 2
    assert "Lähellä Asuva" in rows.nth(0).inner_text()
    assert "Likes this kind of task: Shopping" in rows.nth(0).inner_text()
    assert "km by road" in rows.nth(1).inner_text()
    axe_check(page)
    page.get_by_label("Lähellä Asuva").check()
    page.click("text=Send offers by text message and e-mail")
    page.wait_for_load_state()
    assert "Offers sent: 1." in page.content()

    # 3. The volunteer accepts through the link in the SMS, without logging in. The link
    #    carries the volunteer's own language (Finnish).
    [sms] = [m for m in MemorySmsGateway.outbox if m.to == "+358405550001"]
    path = re.search(r"https?://[^/]+(/\S+)", sms.text).group(1)
    volunteer_page = new_context(locale="en-US").new_page()
    volunteer_page.goto(f"{live_server.url}{path}")
    assert "Koivukuja 3" not in volunteer_page.content()
    axe_check(volunteer_page)
    volunteer_page.click("button >> text=Hyväksy")
    volunteer_page.wait_for_load_state()
    assert "Olet vahvistettu tämän tehtävän auttaja." in volunteer_page.content()
    assert "Koivukuja 3" in volunteer_page.inner_text("#task-address")
    axe_check(volunteer_page)

    # 4. The volunteer marks the task done.
    volunteer_page.fill("#id_duration_minutes", "50")
    volunteer_page.click("button >> text=Merkitse tehdyksi")
    volunteer_page.wait_for_load_state()
    assert "Tehty. Kiitos avustasi!" in volunteer_page.content()

    # 5. The coordinator records the answer the person gave on the phone.
    help_request = HelpRequest.objects.get()
    page.goto(f"{base}/requests/{help_request.pk}/")
    assert page.inner_text("#request-status") == "Done"
    page.get_by_label("Yes", exact=True).check()
    page.click("text=Save the answer")
    page.wait_for_load_state()
    assert "Yes (Phone call to a coordinator)" in page.inner_text("#feedback-answer")
    axe_check(page)

    # 6. The figures have moved.
    page.goto(f"{base}/")
    figures = page.locator("#figures")
    for key in ("help.completed", "help.experience_answers", "help.older_people_helped"):
        assert figures.locator(f"[data-metric='{key}'] td.num").inner_text() == "1"
    assert figures.locator("[data-metric='help.day_easier'] td.num").inner_text() == "100.0"
    axe_check(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_other_pages_are_accessible(
    live_server, new_context, login, axe_check, make_user, process, municipalities
):
    """axe-core on the coordinator's other pages and the older person's feedback page."""
    from arki.helpexchange import services
    from arki.helpexchange.services.links import feedback_url

    coordinator = make_user(Role.COORDINATOR, process=process)
    volunteer = f.active_volunteer(process, age=16, name="Nuori Neuvoja")
    help_request = f.help_request(process, hours_from_now=-1)
    services.assignment_pick(help_request=help_request, volunteer=volunteer, by=None)
    services.assignment_complete(assignment=help_request.assignments.get(), duration_minutes=30)
    event = f.event(process, municipalities["Kajaani"])
    services.event_signup(event=event, person=volunteer.person, role="young")
    page = new_context(locale="en-US").new_page()
    login(page, coordinator)
    base = f"/staff/help/{process.slug}"
    for path in [
        f"{base}/requests/",
        f"{base}/volunteers/",
        f"{base}/volunteers/{volunteer.pk}/",
        f"{base}/volunteers/new/",
        f"{base}/people/",
        f"{base}/people/{help_request.recipient.pk}/",
        f"{base}/events/",
        f"{base}/events/{event.pk}/",
        f"{base}/events/new/",
        f"{base}/incidents/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() == 1, path
        axe_check(page)
    older = new_context(locale="fi-FI").new_page()
    with translation.override("fi"):  # the link in the older person's SMS is in Finnish
        link = feedback_url(help_request)
    older.goto(live_server.url + "/" + link.split("/", 3)[3])
    axe_check(older)
    older.get_by_text("Kyllä").click()
    older.click("button >> text=Lähetä")
    assert "Kiitos vastauksestasi!" in older.content()
    axe_check(older)
