"""Every link a staff page shows opens for the one who sees it, on the Kainuu demo's data.

The security matrix (test_security_matrix.py) proves who may open each URL; this walk proves
the other half: a page does not offer a link its viewer would be refused (403), told is not
there (404) or sent to log in by. It logs in as each demo role, starts at the dashboard and
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
from django.test import Client
from django.utils import translation

from arki.core.demo import demo_load
from arki.core.models import User

LINK = re.compile(r'(?:href|hx-get)="(/[^"#]*)"')
NOT_FOLLOWED = re.compile(
    r"^/(static|media|i18n|jsi18n|logout|admin)/|\.(pdf|xlsx|zip|png|jpg|svg|ico|js|css)(\?|$)"
)
#: The demo's users, one of each kind (the other analyst and the 17 other students have the
#: same roles as the first).
USERS = (
    "fasilitaattori",
    "suunnittelija",
    "yhteys.kuhmo",
    "analyytikko",
    "opiskelija01",
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


def walk(client: Client) -> tuple[int, list[str]]:
    """Pages visited, and each link that did not open, with the page that offered it."""
    queue: deque[tuple[str, str]] = deque([("/staff/", "(start)")])
    seen_shapes: set[str] = set()
    visited = 0
    refused: list[str] = []
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
        if status in (403, 404) or status >= 500 or location.startswith(settings.LOGIN_URL):
            refused.append(f"{url} ({status}) offered by {offered_by}")
            continue
        if status in (301, 302, 303) and location.startswith("/"):
            queue.append((location, url))
        if status == 200 and "html" in response.get("Content-Type", ""):
            for link in LINK.findall(response.content.decode()):
                queue.append((link, url))
    return visited, refused


@pytest.mark.django_db
def test_no_demo_page_offers_its_viewer_a_link_that_will_not_open(municipalities):
    demo_load(log=lambda _line: None)
    translation.activate(settings.LANGUAGE_CODE)
    problems: dict[str, list[str]] = {}
    for username in USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        visited, refused = walk(client)
        assert visited > 3, f"{username} reached almost nothing from the dashboard"
        if refused:
            problems[username] = refused
    assert not problems, "Links that do not open for the one who sees them:\n" + "\n".join(
        f"{user}: {line}" for user, lines in problems.items() for line in lines
    )
