"""The public action tracker and its Atom feed: only what is published, RFC 4287's elements,
publication times as `updated`, and query counts that do not grow with the data."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ..enums import ActionLevel, ActionStatus
from ..models import Action, ActionNote
from ..services import actions as services
from . import actions_fixtures
from .actions_fixtures import make_action

# Fixtures shared by the actions tests (imported explicitly: no conftest.py here).
english = actions_fixtures.english
facilitator = actions_fixtures.facilitator

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def published(process, by, title, level=ActionLevel.EASY_ENCOUNTERS, **fields):
    action = make_action(process, by, title=title, level=level, **fields)
    services.action_publish(action=action, by=by)
    return action


def test_the_tracker_lists_published_actions_by_level_with_published_notes(
    client, process, facilitator
):
    shown = published(process, facilitator, "Laula kanssain", owner="Muistiyhdistys")
    services.action_note_add(
        action=shown,
        text="Kuusi tuokiota pidetty",
        status=ActionStatus.STARTED,
        publish=True,
        by=facilitator,
    )
    services.action_note_add(action=shown, text="Sisäinen muistiinpano", by=facilitator)
    published(process, facilitator, "Uudet asumisjärjestelyt", level=ActionLevel.COMMUNAL_MODELS)
    make_action(process, facilitator, title="Julkaisematon toimenpide")
    url = reverse("decisions_public:tracker", args=[process.slug])

    page = client.get(url).content.decode()

    assert "Laula kanssain" in page and "Uudet asumisjärjestelyt" in page
    assert "Julkaisematon toimenpide" not in page
    assert "Kuusi tuokiota pidetty" in page and "Sisäinen muistiinpano" not in page
    assert page.index("Helpot kohtaamiset") < page.index("Laula kanssain")
    assert page.index("Yhteisölliset toimintamallit") < page.index("Uudet asumisjärjestelyt")
    detail = client.get(reverse("decisions_public:action", args=[process.slug, shown.pk]))
    text = detail.content.decode()
    assert "Kuusi tuokiota pidetty" in text and "Sisäinen muistiinpano" not in text
    assert "Muistiyhdistys" in text


def test_unpublished_actions_and_private_processes_are_not_found(client, process, facilitator):
    hidden = make_action(process, facilitator)
    assert (
        client.get(reverse("decisions_public:action", args=[process.slug, hidden.pk])).status_code
        == 404
    )
    shown = published(process, facilitator, "Näkyvä")
    services.action_publish(action=shown, by=facilitator, publish=False)
    assert (
        client.get(reverse("decisions_public:action", args=[process.slug, shown.pk])).status_code
        == 404
    )
    process.is_public = False
    process.save()
    for name in ("decisions_public:tracker", "decisions_public:feed"):
        assert client.get(reverse(name, args=[process.slug])).status_code == 404


def parse_feed(response) -> ET.Element:
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_the_feed_has_rfc_4287_required_elements_and_publication_times(
    client, process, facilitator
):
    action = published(process, facilitator, "Kauppakassiapu")
    first = datetime.datetime(2015, 9, 1, 12, tzinfo=datetime.UTC)
    Action.objects.filter(pk=action.pk).update(published_at=first)
    note = services.action_note_add(
        action=action, text="Aloitettu", status=ActionStatus.STARTED, publish=True, by=facilitator
    )
    noted = datetime.datetime(2015, 10, 1, 12, tzinfo=datetime.UTC)
    ActionNote.objects.filter(pk=note.pk).update(published_at=noted)
    services.action_note_add(action=action, text="Ei julkinen", by=facilitator)
    url = reverse("decisions_public:feed", args=[process.slug])

    feed = parse_feed(client.get(url))

    # atom:feed MUST contain exactly one id, title and updated, and an author (RFC 4287 4.1.1).
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Testiprosessi"
    assert feed.find(f"{ATOM}updated").text.startswith("2015-10-01T12:00:00")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}link").get("href").endswith(f"/actions/{action.pk}/")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles == ["Kauppakassiapu: tila Aloitettu", "Uusi toimenpide: Kauppakassiapu"]
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated[0].startswith("2015-10-01T12:00:00") and updated[1].startswith("2015-09-01")
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 2
    assert "Ei julkinen" not in client.get(url).content.decode()
    # The same feed loaded later is the same feed: nothing is stamped with the load time.
    assert client.get(url).content == client.get(url).content


def test_entry_ids_differ_per_language(client, process, facilitator):
    published(process, facilitator, "Kauppakassiapu", title_sv="Matkassen")
    ids = {}
    for language in ("fi", "sv"):
        with translation.override(language):
            url = reverse("decisions_public:feed", args=[process.slug])
        feed = parse_feed(client.get(url))
        ids[language] = (feed.find(f"{ATOM}id").text, feed.find(f"{ATOM}entry/{ATOM}id").text)
        title = feed.find(f"{ATOM}entry/{ATOM}title").text
        assert ("Matkassen" in title) == (language == "sv")
    assert ids["fi"][0] != ids["sv"][0] and ids["fi"][1] != ids["sv"][1]


def grow(process, by, times: int) -> None:
    for index in range(times):
        for level in ActionLevel.values:
            action = published(process, by, f"Toimenpide {level} {index}", level=level)
            for number in range(2):
                services.action_note_add(
                    action=action, text=f"Edistyminen {number}", publish=True, by=by
                )


@pytest.mark.parametrize(
    "name", ["decisions_public:tracker", "decisions_public:feed", "decisions_public:action"]
)
def test_tracker_query_counts_stay_constant_as_data_grows_tenfold(process, facilitator, name):
    client = Client()
    grow(process, facilitator, 1)
    first = Action.objects.filter(process=process).order_by("pk").first()
    args = [process.slug, first.pk] if name.endswith(":action") else [process.slug]
    url = reverse(name, args=args)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(process, facilitator, 10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    assert len(small) <= 4


def test_an_unpublished_action_leaves_the_feed_with_its_notes(client, process, facilitator):
    action = published(process, facilitator, "Poistuva")
    services.action_note_add(action=action, text="Julkinen merkintä", publish=True, by=facilitator)
    url = reverse("decisions_public:feed", args=[process.slug])
    assert len(parse_feed(client.get(url)).findall(f"{ATOM}entry")) == 2
    services.action_publish(action=action, by=facilitator, publish=False)
    feed = client.get(url).content.decode()
    assert "Poistuva" not in feed and "Julkinen merkintä" not in feed
