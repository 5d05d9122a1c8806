"""Processes, workshops, preparatory meetings and tasks."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    GroupMember,
    Meeting,
    Municipality,
    Phase,
    Process,
    Region,
    Season,
    Sitting,
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
    process = process_create_blank(
        name=name,
        slug=slug,
        region=region,
        municipalities=municipalities,
        by=by,
        is_public=is_public,
        description=description,
        template=template,
    )

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
            theme_sv=season_spec.theme_sv,
            theme_en=season_spec.theme_en,
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
            methods_sv=workshop.methods_sv,
            methods_en=workshop.methods_en,
            agenda=workshop.agenda,
            agenda_sv=workshop.agenda_sv,
            agenda_en=workshop.agenda_en,
            created_by=by,
            modified_by=by,
        )
    return process


@transaction.atomic
def process_create_blank(
    *,
    name: str,
    slug: str,
    region: Region,
    municipalities: list[Municipality],
    by: User | None = None,
    is_public: bool = False,
    description: str = "",
    template: str = "",
) -> Process:
    """A process with no seasons, phases or workshops: for a county that plans its own
    (the template and copy services add them)."""
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
    return process


@transaction.atomic
def process_copy_structure(
    *,
    source: Process,
    name: str,
    slug: str,
    region: Region,
    municipalities: list[Municipality],
    first_workshop_on: datetime.date,
    by: User | None = None,
    is_public: bool = False,
) -> Process:
    """A new process with the seasons, phases, workshops and sittings of an earlier one.

    Nothing about people comes along: no participants, group members, roles, sessions,
    answers, results, meetings or news. Dates move so the first workshop falls on
    `first_workshop_on`; a workshop's or sitting's municipality is kept only when the new
    process has it, and sittings lose their facilitator (the new process has its own staff).
    """
    process = process_create_blank(
        name=name,
        slug=slug,
        region=region,
        municipalities=municipalities,
        by=by,
        is_public=is_public,
        description=source.description,
        template=source.template,
    )
    dated = [w.date for w in source.workshops.all() if w.date is not None]
    shift = first_workshop_on - min(dated) if dated else datetime.timedelta(0)
    allowed = {m.pk for m in municipalities}

    def moved(day):
        return day + shift if day is not None else None

    def kept(municipality_id):
        return municipality_id if municipality_id in allowed else None

    seasons: dict[int | None, Season] = {}
    for season in source.seasons.all():
        seasons[season.pk] = Season.objects.create(
            process=process,
            number=season.number,
            name=season.name,
            name_sv=season.name_sv,
            name_en=season.name_en,
            theme=season.theme,
            theme_sv=season.theme_sv,
            theme_en=season.theme_en,
        )
    phases: dict[int | None, Phase] = {}
    for phase in source.phases.all():
        phases[phase.pk] = Phase.objects.create(
            process=process,
            season=seasons.get(phase.season_id),
            kind=phase.kind,
            position=phase.position,
            starts_on=moved(phase.starts_on),
            ends_on=moved(phase.ends_on),
            description=phase.description,
            description_sv=phase.description_sv,
            description_en=phase.description_en,
        )
    for workshop in source.workshops.prefetch_related("sittings"):
        copy = Workshop.objects.create(
            process=process,
            phase=phases.get(workshop.phase_id),
            position=workshop.position,
            title=workshop.title,
            title_sv=workshop.title_sv,
            title_en=workshop.title_en,
            date=moved(workshop.date),
            place=workshop.place,
            place_sv=workshop.place_sv,
            place_en=workshop.place_en,
            municipality_id=kept(workshop.municipality_id),
            target_groups=list(workshop.target_groups),
            activities=list(workshop.activities),
            methods=workshop.methods,
            methods_sv=workshop.methods_sv,
            methods_en=workshop.methods_en,
            agenda=workshop.agenda,
            agenda_sv=workshop.agenda_sv,
            agenda_en=workshop.agenda_en,
            created_by=by,
            modified_by=by,
        )
        for sitting in workshop.sittings.all():
            Sitting.objects.create(
                workshop=copy,
                municipality_id=kept(sitting.municipality_id),
                place=sitting.place,
                place_sv=sitting.place_sv,
                place_en=sitting.place_en,
                starts_at=sitting.starts_at + shift,
                ends_at=sitting.ends_at + shift if sitting.ends_at else None,
                how_to_take_part=sitting.how_to_take_part,
                how_to_take_part_sv=sitting.how_to_take_part_sv,
                how_to_take_part_en=sitting.how_to_take_part_en,
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


GROUP_MEMBER_FIELDS = (
    "group",
    "name",
    "organisation",
    "title",
    "title_sv",
    "title_en",
    "municipality",
    "is_contact_person",
    "work_email",
    "work_phone",
    "user",
)


@transaction.atomic
def group_member_add(*, process: Process, by: User | None = None, **fields: Any) -> GroupMember:
    """Add a project- or planning-group member; a contact person is published on the
    process's contacts page, one per municipality (a database constraint)."""
    _check_municipality(process, fields.get("municipality"))
    return create_clean(GroupMember, by=by, process=process, **fields)


@transaction.atomic
def group_member_update(*, member: GroupMember, by: User | None, **fields: object) -> GroupMember:
    for name, value in fields.items():
        if name not in GROUP_MEMBER_FIELDS:
            raise TypeError(f"group_member_update() got an unexpected field {name!r}")
        setattr(member, name, value)
    _check_municipality(member.process, member.municipality)
    save_fields(member, by, list(fields), clean=True)
    return member


@transaction.atomic
def group_member_remove(*, member: GroupMember, by: User | None = None) -> None:
    """Remove a member; tasks they owned stay, without an owner."""
    member.delete()


def _check_municipality(process: Process, municipality: Any) -> None:
    """Group members and sittings belong to one of the process's own municipalities."""
    if municipality is not None and not process.municipalities.filter(pk=municipality.pk).exists():
        raise ValidationError(
            {"municipality": _("This municipality does not take part in the process.")}
        )


@transaction.atomic
def sitting_create(
    *,
    workshop: Workshop,
    place: str,
    starts_at: datetime.datetime,
    place_sv: str = "",
    place_en: str = "",
    municipality: Municipality | None = None,
    ends_at: datetime.datetime | None = None,
    facilitator: User | None = None,
    how_to_take_part: str = "",
    how_to_take_part_sv: str = "",
    how_to_take_part_en: str = "",
    by: User | None = None,
) -> Sitting:
    """Add a local sitting to a workshop (the same workshop held in one municipality)."""
    _check_municipality(workshop.process, municipality)
    return create_clean(
        Sitting,
        by=by,
        workshop=workshop,
        municipality=municipality,
        place=place,
        place_sv=place_sv,
        place_en=place_en,
        starts_at=starts_at,
        ends_at=ends_at,
        facilitator=facilitator,
        how_to_take_part=how_to_take_part,
        how_to_take_part_sv=how_to_take_part_sv,
        how_to_take_part_en=how_to_take_part_en,
    )


@transaction.atomic
def sitting_update(*, sitting: Sitting, by: User | None, **fields: object) -> Sitting:
    for name, value in fields.items():
        setattr(sitting, name, value)
    _check_municipality(sitting.workshop.process, sitting.municipality)
    save_fields(sitting, by, list(fields), clean=True)
    return sitting


@transaction.atomic
def sitting_delete(*, sitting: Sitting, by: User | None = None) -> None:
    """Remove a sitting that holds no results.

    A sitting with live sessions or paper entries is refused: its answers are counted in the
    workshop's results, and removing it would move them silently to "no sitting".
    """
    if sitting.live_sessions.exists():
        raise ValidationError(_("This sitting has live sessions; it cannot be removed."))
    try:
        sitting.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("Answers were entered for this sitting; it cannot be removed.")
        ) from error
