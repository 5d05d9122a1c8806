"""Processes, workshops, preparatory meetings and tasks."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..models import (
    GroupMember,
    Meeting,
    Municipality,
    Phase,
    Process,
    Region,
    Season,
    Task,
    User,
    Workshop,
)
from ..process_templates import PHASE_ORDER, TEMPLATES
from .writes import create_clean, save_fields


@transaction.atomic
def process_create_from_template(
    *,
    template: str,
    name: str,
    slug: str,
    region: Region,
    municipalities: list[Municipality],
    first_workshop_on: datetime.date,
    by: User | None = None,
    is_public: bool = False,
    description: str = "",
) -> Process:
    """Create a process with the seasons, phases and workshops of a template."""
    spec = TEMPLATES[template]
    process = create_clean(
        Process,
        by=by,
        region=region,
        slug=slug,
        name=name,
        description=description,
        is_public=is_public,
        template=template,
    )
    process.municipalities.set(municipalities)

    phase_days: dict[str, list[int]] = {}
    for workshop in spec.workshops:
        phase_days.setdefault(workshop.phase, []).append(workshop.day)
    phases: dict[str, Phase] = {}
    for season_spec in spec.seasons:
        season = Season.objects.create(
            process=process,
            number=season_spec.number,
            name=season_spec.name,
            name_sv=season_spec.name_sv,
            name_en=season_spec.name_en,
            theme=season_spec.theme,
        )
        for kind in season_spec.phases:
            days = phase_days.get(kind, [0])
            phases[kind] = Phase.objects.create(
                process=process,
                season=season,
                kind=kind,
                position=PHASE_ORDER.index(kind) + 1,
                starts_on=first_workshop_on + datetime.timedelta(days=min(days) - 14),
            )
    # Each phase ends the day before the next one starts; the last stays open.
    ordered = sorted(phases.values(), key=lambda p: p.position)
    for current, following in itertools.pairwise(ordered):
        assert following.starts_on is not None  # set just above for every phase
        current.ends_on = following.starts_on - datetime.timedelta(days=1)
        current.save(update_fields=["ends_on"])

    for position, workshop in enumerate(spec.workshops, start=1):
        # Not create_clean: these rows come from the template (code, not user input).
        Workshop.objects.create(
            process=process,
            phase=phases[workshop.phase],
            position=position,
            title=workshop.title,
            title_sv=workshop.title_sv,
            title_en=workshop.title_en,
            date=first_workshop_on + datetime.timedelta(days=workshop.day),
            target_groups=list(workshop.target_groups),
            activities=list(workshop.activities),
            methods=workshop.methods,
            agenda=workshop.agenda,
            created_by=by,
            modified_by=by,
        )
    return process


def workshop_update(*, workshop: Workshop, by: User | None, **fields: object) -> Workshop:
    for name, value in fields.items():
        setattr(workshop, name, value)
    save_fields(workshop, by, list(fields), clean=True)
    return workshop


def workshop_publish(
    *,
    workshop: Workshop,
    by: User | None,
    published: bool = True,
    at: datetime.datetime | None = None,
) -> Workshop:
    """Publish (or withdraw) a workshop's results on the public process website.

    `at` backdates the publication (the demo publishes 2014 results as of 2014).
    """
    workshop.is_published = published
    workshop.published_at = (at or timezone.now()) if published else None
    save_fields(workshop, by, ["is_published", "published_at"])
    return workshop


def meeting_create(
    *,
    process: Process,
    date: datetime.date,
    groups: list[str],
    workshop: Workshop | None = None,
    place: str = "",
    agenda: str = "",
    review_notes: str = "",
    by: User | None = None,
) -> Meeting:
    return create_clean(
        Meeting,
        by=by,
        process=process,
        workshop=workshop,
        groups=groups,
        date=date,
        place=place,
        agenda=agenda,
        review_notes=review_notes,
    )


def task_create(
    *,
    meeting: Meeting,
    title: str,
    owner: GroupMember | None = None,
    due_on: datetime.date | None = None,
    by: User | None = None,
) -> Task:
    return create_clean(Task, by=by, meeting=meeting, title=title, owner=owner, due_on=due_on)


def task_set_status(*, task: Task, status: str, by: User | None = None) -> Task:
    task.status = status
    save_fields(task, by, ["status"], clean=True)
    return task


def group_member_add(*, process: Process, by: User | None = None, **fields: Any) -> GroupMember:
    return create_clean(GroupMember, by=by, process=process, **fields)
