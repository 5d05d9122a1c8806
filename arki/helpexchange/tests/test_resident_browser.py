"""End to end in Chromium: a resident linked as an older person's proxy (as in the demo) logs
in, lands on "Ask for help", sends a request on the web, and the coordinator finds it in the
list; axe-core on every page."""

import datetime
import re

import pytest
from django.utils import timezone

from arki.core.enums import Role
from arki.helpexchange import services
from arki.helpexchange.models import HelpRequest

from . import factories as f


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_asks_for_help_on_the_web(
    live_server, new_context, login, axe_check, make_user, process, municipalities
):
    coordinator = make_user(
        Role.COORDINATOR, process=process, municipality=municipalities["Kajaani"]
    )
    resident = make_user(Role.RESIDENT, process=process, username="asukas")
    resident.email = "asukas@demo.arki.invalid"
    resident.save()
    recipient = f.recipient(process, name="Aili Asiakas")
    f.organisation(process, municipalities["Kajaani"])
    proxy = services.proxy_add(recipient=recipient, name="Pekka Poika", relation="relative")
    services.account_link(
        recipient=recipient,
        email=resident.email,
        proxy=proxy,
        consent=True,
        consent_method="in_person",
        consent_given_on=timezone.localdate(),
        by=coordinator,
    )

    page = new_context(locale="en-US").new_page()
    page.goto(f"{live_server.url}/login/")
    assert "staff" not in page.locator("main").inner_text().lower()
    axe_check(page)
    login(page, resident)
    page.wait_for_url(re.compile(r"/help/[\w-]+/own/$"))
    axe_check(page)
    page.select_option("#id_task_type", "shopping")
    page.fill("#id_description", "Maitoa ja leipää lähikaupasta")
    start = timezone.localtime() + datetime.timedelta(days=2)
    page.fill("#id_window_start", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_window_end", (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "We will look for a helper" in page.content()
    assert "Maitoa" in page.content()
    axe_check(page)

    help_request = HelpRequest.objects.get()
    staff = new_context(locale="en-US").new_page()
    login(staff, coordinator)
    staff.goto(f"{live_server.url}/staff/help/{process.slug}/requests/")
    link = staff.locator(f"a[href$='/requests/{help_request.pk}/']")
    assert link.count() >= 1
    axe_check(staff)
    link.first.click()
    staff.wait_for_load_state()
    assert "Maitoa ja leipää" in staff.content()
    axe_check(staff)

    # The older person's card shows the linked account and the form to link another.
    staff.goto(f"{live_server.url}/staff/help/{process.slug}/people/{recipient.pk}/")
    assert "asukas@demo.arki.invalid" in staff.locator("#web-accounts").inner_text()
    axe_check(staff)
