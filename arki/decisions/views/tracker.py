"""The public action tracker (like Decidim's accountability component) and its Atom feed.

Only published actions of a public process and only their published notes are shown. The
feed's entries are the publications: an action when it was published, each published note
(a note that moved the status says so). An entry's `updated` is the time it was published,
so a reader's feed does not show everything as new on every load, and its id carries the
language, because the same entry in Swedish is another entry (RFC 4287 §4.2.6).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext

from arki.core.models import Process

from .. import selectors

FEED_LENGTH = 50


def tracker(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.get_public_process(slug)
    return render(
        request,
        "decisions/actions/public/tracker.html",
        {"process": process, "levels": selectors.published_actions_by_level(process)},
    )


def tracker_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = selectors.get_public_process(slug)
    action = selectors.get_public_action(process, pk)
    return render(
        request,
        "decisions/actions/public/action.html",
        {"process": process, "action": action},
    )


@dataclass(frozen=True)
class TrackerEntry:
    key: str
    title: str
    description: str
    link: str
    updated: datetime.datetime


def tracker_entries(process: Process) -> list[TrackerEntry]:
    """Published actions and their published notes, newest publication first (2 queries)."""
    entries = []
    for action in selectors.published_actions(process):
        link = reverse("decisions_public:action", args=[process.slug, action.pk])
        title = action.tr("title")
        if action.published_at:
            entries.append(
                TrackerEntry(
                    key=f"action:{action.pk}",
                    title=gettext("New action: %(title)s") % {"title": title},
                    description=action.tr("description"),
                    link=link,
                    updated=action.published_at,
                )
            )
        for note in action.published_notes:  # type: ignore[attr-defined]
            if note.published_at is None:
                continue
            if note.status:
                heading = gettext("%(title)s: status %(status)s") % {
                    "title": title,
                    "status": note.get_status_display(),
                }
            else:
                heading = gettext("%(title)s: progress") % {"title": title}
            entries.append(
                TrackerEntry(
                    key=f"note:{note.pk}",
                    title=heading,
                    description=note.tr("text"),
                    link=link,
                    updated=note.published_at,
                )
            )
    entries.sort(key=lambda entry: (entry.updated, entry.key), reverse=True)
    return entries[:FEED_LENGTH]


class TrackerFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Process:  # type: ignore[override]
        return selectors.get_public_process(slug)

    def title(self, obj: Process) -> str:
        return gettext("%(process)s: actions") % {"process": obj.tr("name")}

    def subtitle(self, obj: Process) -> str:
        return gettext("New actions, status changes and progress notes")

    def link(self, obj: Process) -> str:
        return reverse("decisions_public:tracker", args=[obj.slug])

    def feed_url(self, obj: Process) -> str:
        return reverse("decisions_public:feed", args=[obj.slug])

    def feed_guid(self, obj: Process) -> str:
        return f"arki:{obj.slug}:actions:{get_language()}"

    def author_name(self, obj: Process) -> str:
        return obj.tr("name")

    def items(self, obj: Process) -> list[TrackerEntry]:
        return tracker_entries(obj)

    def item_title(self, item: TrackerEntry) -> str:
        return item.title

    def item_description(self, item: TrackerEntry) -> str:
        return item.description

    def item_link(self, item: TrackerEntry) -> str:
        return item.link

    def item_guid(self, item: TrackerEntry) -> str:
        return f"arki:actions:{item.key}:{get_language()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: TrackerEntry) -> datetime.datetime:
        return item.updated

    def item_updateddate(self, item: TrackerEntry) -> datetime.datetime:
        return item.updated
