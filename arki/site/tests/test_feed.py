"""The Atom feed is valid under RFC 4287 and honest about time and identity.

Readers and local media subscribe to it: every required element must be there (§4.1.1 feed:
id, title, updated, and an author on the feed when entries carry none; §4.1.2 entry: id,
title, updated), an entry's `updated` is when it was published (not when the row was last
saved), and the Finnish, Swedish and English feeds, which carry translations, never share an
entry id.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from .factories import NewsPostFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, process, language: str) -> ET.Element:
    with translation.override(language):
        response = client.get(reverse("site:feed", args=[process.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def _text(element: ET.Element, name: str) -> str:
    child = element.find(ATOM + name)
    assert child is not None and (child.text or "").strip(), f"missing <{name}>"
    return child.text


@pytest.fixture
def published(process):
    process.is_public = True
    process.save(update_fields=["is_public"])
    week_ago = timezone.now().replace(microsecond=0) - datetime.timedelta(days=7)
    post = NewsPostFactory(process=process, published_at=week_ago, title_sv="Nyhet")
    workshop = process.workshops.order_by("position").first()
    workshop.is_published = True
    workshop.published_at = week_ago - datetime.timedelta(days=1)
    workshop.results_summary = "Tulokset"
    workshop.save()
    # Saved again today (a typo fixed, the demo reloaded): the entries are still a week old.
    post.save()
    return post, workshop, week_ago


def test_every_required_element_is_present(client, process, published):
    feed = _feed(client, process, "fi")

    for name in ("id", "title", "updated"):
        _text(feed, name)
    entries = feed.findall(ATOM + "entry")
    assert len(entries) == 2
    feed_author = feed.find(ATOM + "author")
    for entry in entries:
        for name in ("id", "title", "updated"):
            _text(entry, name)
        author = entry.find(ATOM + "author")
        assert author is not None or feed_author is not None, "an entry with no author"
        assert _text(author if author is not None else feed_author, "name") == process.name


def test_updated_is_the_publication_time_not_the_last_save(client, process, published):
    post, workshop, week_ago = published

    updated = {
        _text(entry, "title"): datetime.datetime.fromisoformat(_text(entry, "updated"))
        for entry in _feed(client, process, "fi").findall(ATOM + "entry")
    }

    assert updated[post.title] == week_ago
    assert min(updated.values()) == workshop.published_at


def test_the_language_feeds_share_no_entry_id(client, process, published):
    ids = {
        language: [_text(e, "id") for e in _feed(client, process, language).findall(ATOM + "entry")]
        for language in ("fi", "sv", "en")
    }

    assert all(len(set(found)) == 2 for found in ids.values())
    assert not set(ids["fi"]) & set(ids["sv"])
    assert not set(ids["fi"]) & set(ids["en"])
    assert not set(ids["sv"]) & set(ids["en"])
