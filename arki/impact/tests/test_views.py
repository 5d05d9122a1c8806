"""The impact tool's pages: permissions, and the main page is accessible (axe)."""

from __future__ import annotations

import pytest
from django.test import Client

from arki.core.enums import Role


@pytest.mark.django_db
def test_index_is_for_staff_with_the_view_action(process, make_user):
    allowed, refused = Client(), Client()
    allowed.force_login(make_user(Role.FACILITATOR, process=process))
    refused.force_login(make_user(Role.ANALYST, process=process))
    url = f"/en/staff/impact/{process.slug}/"

    assert allowed.get(url).status_code == 200
    assert refused.get(url).status_code == 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_index_is_accessible(live_server, new_context, login, axe_check, process, make_user):
    page = new_context().new_page()
    login(page, make_user(Role.FACILITATOR, process=process))
    page.goto(f"{live_server.url}/en/staff/impact/{process.slug}/")

    axe_check(page)
