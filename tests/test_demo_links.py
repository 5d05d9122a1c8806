"""Every link and form a staff page shows works for the one who sees it, on the Kainuu demo
(and no page uses an element id twice).

The security matrix (test_security_matrix.py) proves who may open each URL; this walk proves
the other half: a page does not offer a link or a form its viewer would be refused (403),
told is not there (404) or sent to log in by. Each form is sent empty inside a transaction
that is rolled back, so the walk changes nothing; an empty form may be refused as invalid,
which is not what is looked for. It logs in as each demo role, starts at the dashboard and
follows the links of every page it reaches, visiting one URL of each shape (a path with its
numbers and codes replaced) so that the walk covers every kind of page, not every row.
Downloads made on the fly (PDF, Excel, ZIP) are skipped here: their permission is the same as
the page linking them and they are tested where they are made.
"""

from __future__ import annotations

import re
from collections import deque

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import translation

from arki.core.demo import demo_load
from arki.core.models import User

LINK = re.compile(r'(?:href|hx-get)="(/[^"#]*)"')
FORM = re.compile(r"<form([^>]*)>")
ID = re.compile(r'\sid="([^"]+)"')
ACTION = re.compile(r'action="([^"]*)"')
NOT_FOLLOWED = re.compile(
    r"^/(static|media|i18n|jsi18n|logout|admin)/|\.(pdf|xlsx|zip|png|jpg|svg|ico|js|css)(\?|$)"
)
#: The demo's users, one of each kind (the second analyst, the 18 student analysts and the
#: second contact person have the same roles as the ones here; the administrator may do
#: everything).
USERS = (
    "fasilitaattori",
    "suunnittelija",
    "yhteys.kuhmo",
    "analyytikko",
    "paattaja",
    "koordinaattori",
    "koordinaattori.kuhmo",
    "asukas",
    "vapaaehtoinen",
)
#: Pages walked per user: enough for one URL of every shape a role reaches in the demo.
LIMIT = 400


def shape(url: str) -> str:
    path = url.split("?")[0]
    return "/".join("N" if re.search(r"\d", part) else part for part in path.split("/"))


def refused(response) -> bool:
    location = response.get("Location", "")
    return response.status_code in (403, 404) or location.startswith(settings.LOGIN_URL)


def post_forms(client: Client, page: str, html: str, sent: set[str]) -> list[str]:
    """Send each POST form of the page (one per action shape) empty; the refused ones."""
    problems = []
    for attributes in FORM.findall(html):
        if 'method="post"' not in attributes.lower():
            continue
        found = ACTION.search(attributes)
        action = (found.group(1) if found and found.group(1) else page).replace("&amp;", "&")
        if NOT_FOLLOWED.search(action) or shape(action) in sent:
            continue
        sent.add(shape(action))
        with transaction.atomic():
            response = client.post(action, {})
            transaction.set_rollback(True)
        if refused(response) or response.status_code >= 500:
            problems.append(f"form to {action} ({response.status_code}) on {page}")
    return problems


def walk(client: Client) -> tuple[int, list[str]]:
    """Pages visited, and each link or form that did not work, with the page offering it."""
    queue: deque[tuple[str, str]] = deque([("/staff/", "(start)")])
    seen_shapes: set[str] = set()
    visited = 0
    problems: list[str] = []
    sent: set[str] = set()
    while queue and visited < LIMIT:
        url, offered_by = queue.popleft()
        url = url.replace("&amp;", "&")
        if NOT_FOLLOWED.search(url) or shape(url) in seen_shapes:
            continue
        seen_shapes.add(shape(url))
        visited += 1
        response = client.get(url)
        status = response.status_code
        location = response.get("Location", "")
        if refused(response) or status >= 500:
            problems.append(f"link to {url} ({status}) on {offered_by}")
            continue
        if status in (301, 302, 303) and location.startswith("/"):
            queue.append((location, url))
        if status == 200 and "html" in response.get("Content-Type", ""):
            html = response.content.decode()
            ids = ID.findall(html)
            if twice := sorted({i for i in ids if ids.count(i) > 1}):
                # A label, an error message or a skip link would point at the wrong element.
                problems.append(f"ids used twice on {url}: {', '.join(twice)}")
            for link in LINK.findall(html):
                queue.append((link, url))
            problems += post_forms(client, url, html, sent)
    return visited, problems


@pytest.mark.django_db
def test_no_demo_page_offers_its_viewer_a_link_or_form_that_will_not_work(municipalities):
    demo_load(log=lambda _line: None)
    translation.activate(settings.LANGUAGE_CODE)
    problems: dict[str, list[str]] = {}
    for username in USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        visited, found = walk(client)
        assert visited > 3, f"{username} reached almost nothing from the dashboard"
        assert visited < LIMIT, f"{username}: the walk stopped at {LIMIT} pages; raise LIMIT"
        if found:
            problems[username] = found
    assert not problems, "Links or forms that do not work for the one who sees them:\n" + "\n".join(
        f"{user}: {line}" for user, lines in problems.items() for line in lines
    )
