"""Reads for the public website: only what a public process has published, nothing else.

Anyone may read these pages, so the "permission check" is publication itself: a process must
be `is_public`, workshop results must be `is_published`, news posts must be published and
not scheduled for later. Every selector fetches with a fixed number of queries so that the
pages stay fast when a process grows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from arki.core.calendar import CalendarEntry
from arki.core.enums import GroupKind, TargetGroup
from arki.core.models import GroupMember, Phase, Process, Sitting, Workshop
from arki.core.registry import PublicSection, registry
from arki.core.selectors.processes import get_process_for_user

from .models import NewsPost
from .timeline import PhaseState, TimelineStep, timeline

LATEST_NEWS = 5
FEED_LENGTH = 30


def public_processes() -> QuerySet[Process]:
    return Process.objects.filter(is_public=True).select_related("region").order_by("name")


def get_public_process(slug: str) -> Process:
    """The process, or 404 when it does not exist or is not shown to the public."""
    return get_object_or_404(Process.objects.select_related("region"), slug=slug, is_public=True)


def public_workshops(process: Process) -> QuerySet[Workshop]:
    return process.workshops.select_related("municipality", "phase").order_by("position")


def get_public_workshop(process: Process, position: int) -> Workshop:
    try:
        return public_workshops(process).get(position=position)
    except Workshop.DoesNotExist as exc:
        raise Http404 from exc


def public_sittings(workshop: Workshop) -> QuerySet[Sitting]:
    """Where and when the workshop is held, for residents choosing a sitting to attend.

    The facilitator is not named: residents are told how to take part, not who runs it.
    """
    return workshop.sittings.select_related("municipality").order_by("starts_at", "pk")


def target_group_labels(workshop: Workshop) -> list[str]:
    """Translated names of the workshop's target groups (unknown keys shown as they are)."""
    labels = dict(TargetGroup.choices)
    return [str(labels.get(key, key)) for key in workshop.target_groups]


def public_sections(workshop: Workshop) -> list[PublicSection]:
    """Every registered tool's published results for the workshop, in registration order."""
    if not workshop.is_published:
        return []
    sections: list[PublicSection] = []
    for tool in registry.tools():
        if tool.public_sections is not None:
            sections.extend(tool.public_sections(workshop))
    return sections


def published_news(process: Process) -> QuerySet[NewsPost]:
    """News posts that are published and whose publication time has come."""
    return process.news.filter(is_published=True, published_at__lte=timezone.now()).order_by(
        "-published_at", "-pk"
    )


def news_for_staff(process: Process) -> QuerySet[NewsPost]:
    """Every post of the process, drafts and scheduled ones too, newest first."""
    return process.news.select_related("workshop").order_by("-published_at", "-pk")


def get_news_post_for_user(user, slug: str, pk: int, action: str) -> NewsPost:
    """A post of a process the user may write news for (404 for another process's)."""
    process = get_process_for_user(user, slug, action)
    post = news_for_staff(process).filter(pk=pk).first()
    if post is None:
        raise Http404
    post.process = process
    return post


def get_public_news_post(process: Process, slug: str) -> NewsPost:
    return get_object_or_404(published_news(process).select_related("workshop"), slug=slug)


@dataclass(frozen=True)
class SeasonTimeline:
    """One season (or None for phases outside any season) and its phases' states."""

    season: object | None
    steps: list[TimelineStep]


@dataclass(frozen=True)
class ProcessOverview:
    process: Process
    seasons: list[SeasonTimeline]
    upcoming: list[Workshop]
    past: list[Workshop]
    news: list[NewsPost]
    is_over: bool


def process_overview(process: Process, today: datetime.date) -> ProcessOverview:
    """Everything the process home page shows, in three queries whatever the data size."""
    phases = list(
        Phase.objects.filter(process=process).select_related("season").order_by("position")
    )
    workshops = list(public_workshops(process))
    dates = [w.date for w in workshops if w.date is not None]
    steps = timeline(phases, today, max(dates, default=None))

    def season_key(step: TimelineStep) -> int:
        season = step.phase.season
        return season.number if season is not None else 0

    seasons = [
        SeasonTimeline(season=group[0].phase.season, steps=group)
        for _key, items in groupby(steps, key=season_key)
        if (group := list(items))
    ]
    upcoming = [w for w in workshops if w.date is None or w.date >= today]
    past = [w for w in workshops if w.date is not None and w.date < today]
    past.reverse()
    return ProcessOverview(
        process=process,
        seasons=seasons,
        upcoming=upcoming,
        past=past,
        news=list(published_news(process)[:LATEST_NEWS]),
        is_over=bool(steps) and steps[-1].state is PhaseState.LATEST,
    )


@dataclass(frozen=True)
class ContactGroup:
    municipality: object | None
    members: list[GroupMember]


def public_contacts(process: Process) -> tuple[list[ContactGroup], list[GroupMember]]:
    """Contact persons by municipality, and the project group; names and work details only."""
    members = list(
        GroupMember.objects.filter(process=process)
        .filter(Q(is_contact_person=True) | Q(group=GroupKind.PROJECT))
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )
    contacts = [m for m in members if m.is_contact_person]
    by_municipality = [
        ContactGroup(municipality=key, members=list(items))
        for key, items in groupby(contacts, key=lambda m: m.municipality)
    ]
    project = [m for m in members if m.group == GroupKind.PROJECT and not m.is_contact_person]
    return by_municipality, project


@dataclass(frozen=True)
class FeedEntry:
    """A news post or a workshop's published results, as the Atom feed shows them."""

    title: str
    description: str
    link: str
    #: When the entry was published: also its Atom `<updated>`, so a later edit of the row
    #: (or loading the demo) does not make old entries look new.
    published: datetime.datetime
    guid: str


def feed_entries(process: Process, limit: int = FEED_LENGTH) -> list[FeedEntry]:
    """News and published workshop results, newest first (two queries)."""
    entries = [
        FeedEntry(
            title=post.tr("title"),
            description=post.tr("body"),
            link=reverse("site:news_detail", args=[process.slug, post.slug]),
            published=post.published_at,
            guid=f"arki:{process.slug}:news:{post.pk}",
        )
        for post in published_news(process)[:limit]
    ]
    workshops = process.workshops.filter(is_published=True, published_at__isnull=False)
    for workshop in workshops.order_by("-published_at")[:limit]:
        published = workshop.published_at or workshop.modified_at  # never empty: filtered
        entries.append(
            FeedEntry(
                title=gettext("Results of workshop %(position)s: %(title)s")
                % {"position": workshop.position, "title": workshop.tr("title")},
                description=workshop.tr("results_summary"),
                link=reverse("site:workshop", args=[process.slug, workshop.position]),
                published=published,
                guid=f"arki:{process.slug}:workshop:{workshop.pk}",
            )
        )
    entries.sort(key=lambda entry: entry.published, reverse=True)
    return entries[:limit]


def calendar_entries(process: Process, origin: str) -> list[CalendarEntry]:
    """Every sitting of the process's workshops, and each dated workshop with no sittings as
    an all-day entry; the facilitator is not named (as on the workshop page)."""
    workshops = list(public_workshops(process).prefetch_related("sittings__municipality"))
    entries = []
    for workshop in workshops:
        title = gettext("Workshop %(position)s: %(title)s") % {
            "position": workshop.position,
            "title": workshop.tr("title"),
        }
        url = origin + reverse("site:workshop", args=[process.slug, workshop.position])
        sittings = list(workshop.sittings.all())
        for sitting in sittings:
            where = sitting.municipality.tr("name") if sitting.municipality else ""
            entries.append(
                CalendarEntry(
                    uid=f"arki-sitting-{sitting.pk}@arki",
                    summary=title,
                    start=sitting.starts_at,
                    end=sitting.ends_at,
                    location=", ".join(part for part in (sitting.place, where) if part),
                    description=sitting.tr("how_to_take_part"),
                    url=url,
                    changed=sitting.modified_at,
                )
            )
        if not sittings and workshop.date:
            entries.append(
                CalendarEntry(
                    uid=f"arki-workshop-{workshop.pk}@arki",
                    summary=title,
                    start=workshop.date,
                    location=workshop.place,
                    url=url,
                    changed=workshop.modified_at,
                )
            )
    return entries
