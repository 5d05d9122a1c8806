"""Permission-checked reads of the insight tool; aggregates are done in the database.

Every staff read goes through `participants_for_user`, which applies the user's municipality
scope: a contact person of Kuhmo sees Kuhmo's participants and Kuhmo's figures only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from arki.core.enums import AGE_GROUP_OF_BAND, AgeBand, AgeGroup, AuditAction, ConsentPurpose
from arki.core.models import Person, Process, User, Workshop
from arki.core.permissions import can, municipality_scope, require
from arki.core.services.audit import audit_record

from .chart_counts import DISTANCE_BINS, MINUTE_BINS, UNMAPPED
from .enums import ChartDimension, ServiceCategory, TravelMode, UseChannel
from .models import ChartCount, DiaryDay, InsightSettings, Participant, Service, ServiceUse
from .prompts import PROMPT_FIELDS
from .redaction import TextGate

INSIGHT_ACTIVITIES = {"insight.service_map", "insight.diary"}


def insight_workshop(process: Process) -> Workshop:
    """The process's customer-insight workshop (the first one offering the map or diary)."""
    workshops = list(process.workshops.order_by("position"))
    for workshop in workshops:
        if INSIGHT_ACTIVITIES & set(workshop.activities or []):
            return workshop
    if not workshops:
        raise Http404
    return workshops[0]


def catalogue(process: Process) -> QuerySet[Service]:
    return Service.objects.filter(Q(process__isnull=True) | Q(process=process), is_active=True)


def participants_for_user(
    user: User | AnonymousUser, process: Process, action: str = "insight.view"
) -> QuerySet[Participant]:
    require(user, action, process)
    # By workshop id, not through the process: the planner then knows how many rows match.
    participants = Participant.objects.filter(workshop=insight_workshop(process)).select_related(
        "person__municipality", "workshop"
    )
    scope = municipality_scope(user, action, process)
    if scope is not None:
        participants = participants.filter(person__municipality_id__in=scope)
    return participants


def get_participant_for_user(
    user: User | AnonymousUser, process: Process, code: str, action: str = "insight.view"
) -> Participant:
    participant = (
        participants_for_user(user, process, action)
        .filter(person__code=code.strip().upper())
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def person_for_entry(user: User | AnonymousUser, process: Process, code: str) -> Person | None:
    """A participant found by pseudonym code on the staff entry screen (scope applied)."""
    people = Person.objects.filter(process=process, code=code.strip().upper())
    scope = municipality_scope(user, "insight.enter", process)
    if scope is not None:
        people = people.filter(municipality_id__in=scope)
    return people.select_related("municipality").first()


def participant_detail(user: User | AnonymousUser, participant: Participant) -> dict[str, Any]:
    """One participant's map and diary; viewing the identity is audit-logged."""
    process = participant.workshop.process
    person = participant.person
    shows_identity = can(user, "person.identity", process, person.municipality_id)
    if shows_identity:
        audit_record(
            actor=user, action=AuditAction.VIEW, subject="Service map and diary", person=person
        )
    uses = list(participant.service_uses.select_related("service"))
    days = list(participant.days.prefetch_related("services"))
    entries = list(participant.paper_entries.select_related("created_by"))
    if not shows_identity:
        _gate_texts(participant, uses, days)
    return {
        "participant": participant,
        "person": person,
        "shows_identity": shows_identity,
        "uses": uses,
        "days": days,
        "entries": entries,
    }


def _gate_texts(participant: Participant, uses: list[ServiceUse], days: list[DiaryDay]) -> None:
    """Replace the free texts of these display-only objects by what `TextGate` allows.

    The objects are never saved (the page only reads them), so overwriting their fields is
    the least intrusive way to keep the template and the map drawing unchanged.
    """
    gate = TextGate.for_process(participant.workshop.process_id).prepare_days(days)
    for use in uses:
        use.service_text = gate.cell(gate.service_text(participant.pk, use.service_text))
    for day in days:
        for field in PROMPT_FIELDS:
            text = gate.diary(day.pk, participant.pk, field, getattr(day, field))
            setattr(day, field, gate.cell(text))


def analyst_unmapped_texts(process: Process, texts: list[dict[str, Any]]) -> tuple[list, int]:
    """The unmapped service names a user without identity permission may see, and how many
    are withheld: only texts whose every writer's texts are reviewed and in which automatic
    masking finds nothing (the merge form matches texts exactly, so a masked text is no use).
    """
    workshop = insight_workshop(process)
    writers: dict[str, set[int]] = {}
    for text, participant_id in (
        ServiceUse.objects.filter(participant__workshop=workshop, service__isnull=True)
        .exclude(service_text="")
        .values_list("service_text", "participant_id")
    ):
        writers.setdefault(text, set()).add(participant_id)
    gate = TextGate.for_process(process.pk)
    gate.prepare({pk for ids in writers.values() for pk in ids})
    shown = [
        row
        for row in texts
        if all(
            gate.service_text(pk, row["service_text"]) == row["service_text"]
            for pk in writers.get(row["service_text"], ())
        )
    ]
    return shown, len(texts) - len(shown)


def _age_group_case(prefix: str = "") -> Case:
    """The coarse age group computed in SQL from the person's age band."""
    return Case(
        *[
            When(**{f"{prefix}person__age_band": band}, then=Value(group))
            for band, group in AGE_GROUP_OF_BAND.items()
        ]
    )


def returns_summary(participants: QuerySet[Participant]) -> dict[str, Any]:
    """Enrolled, maps and diaries returned, by municipality and age group, in one query."""
    rows = (
        participants.annotate(age_group=_age_group_case())
        .values("person__municipality__name", "age_group")
        .annotate(
            enrolled=Count("pk"),
            maps=Count("pk", filter=Q(map_submitted_at__isnull=False)),
            diaries=Count("pk", filter=Q(diary_returned_at__isnull=False)),
            paper=Count("pk", filter=Q(returned_channel="paper")),
        )
        .order_by("person__municipality__name", "age_group")
    )
    table: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    totals = {"enrolled": 0, "maps": 0, "diaries": 0, "paper": 0}
    by_group: dict[str, dict[str, int]] = {
        g: {"enrolled": 0, "maps": 0, "diaries": 0} for g in AgeGroup.values
    }
    for row in rows:
        counts = {k: row[k] for k in ("enrolled", "maps", "diaries", "paper")}
        table[row["person__municipality__name"]][row["age_group"]] = counts
        for key in totals:
            totals[key] += counts[key]
        for key in ("enrolled", "maps", "diaries"):
            by_group[row["age_group"]][key] += counts[key]
    municipalities = [
        {
            "name": name,
            "groups": [
                groups.get(g, {"enrolled": 0, "maps": 0, "diaries": 0}) for g in AgeGroup.values
            ],
            "enrolled": sum(c["enrolled"] for c in groups.values()),
            "diaries": sum(c["diaries"] for c in groups.values()),
        }
        for name, groups in sorted(table.items())
    ]
    return {
        "municipalities": municipalities,
        "age_groups": AgeGroup.choices,
        "by_group": [by_group[g] for g in AgeGroup.values],
        "totals": totals,
        "rate": round(100 * totals["diaries"] / totals["enrolled"]) if totals["enrolled"] else 0,
    }


def bars(counts: dict[Any, int], labels: list[tuple[Any, Any]]) -> list[dict[str, Any]]:
    """Bar-chart rows: count, share of all and width relative to the largest (0–100)."""
    total = sum(counts.values())
    top = max(counts.values(), default=0)
    return [
        {
            "label": label,
            "count": counts.get(key, 0),
            "percent": round(100 * counts.get(key, 0) / total) if total else 0,
            "width": round(100 * counts.get(key, 0) / top) if top else 0,
        }
        for key, label in labels
    ]


def _bin_labels(bins: list[tuple[int, int | None]], unit: str) -> list[tuple[str, str]]:
    return [
        (str(i), f"{low}–{high} {unit}" if high is not None else f"≥ {low} {unit}")
        for i, (low, high) in enumerate(bins)
    ]


def chart_counts_for(
    workshop: Workshop | int, scope: set[int] | None = None
) -> dict[tuple[str, str, str], int]:
    """{(dimension, bucket, age group): map rows} of a workshop, in a municipality scope.

    Read from the maintained `ChartCount` rows (a few hundred), not from the map rows.
    """
    counts = ChartCount.objects.filter(workshop=workshop)
    if scope is not None:
        counts = counts.filter(municipality_id__in=scope)
    rows = (
        counts.values_list("dimension", "bucket", "age_group").annotate(total=Sum("n")).order_by()
    )
    return {(dimension, bucket, group): n for dimension, bucket, group, n in rows if n}


def chart_data(counts: Mapping[tuple[str, str, str], int]) -> dict[str, Any]:
    """The aggregate charts from `chart_counts_for`: category × age group and the bar charts."""
    matrix: dict[str, dict[str, int]] = defaultdict(dict)
    series: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (dimension, bucket, group), n in counts.items():
        if dimension == ChartDimension.CATEGORY:
            matrix[bucket][group] = n
        series[dimension][bucket] += n
    top = max((n for groups in matrix.values() for n in groups.values()), default=0)
    categories = [
        *ServiceCategory.choices,
        *([(UNMAPPED, _("Not yet mapped to the catalogue"))] if UNMAPPED in matrix else []),
    ]
    by_category = [
        {
            "label": label,
            "cells": [
                {
                    "group": group_label,
                    "count": matrix[key].get(group, 0),
                    "width": round(100 * matrix[key].get(group, 0) / top) if top else 0,
                }
                for group, group_label in AgeGroup.choices
            ],
        }
        for key, label in categories
    ]
    channels = series[ChartDimension.CHANNEL]
    total = sum(channels.values())
    electronic = channels[UseChannel.ELECTRONIC] + channels[UseChannel.BOTH]
    return {
        "uses": total,
        "by_category": by_category,
        "age_groups": AgeGroup.choices,
        "distance": bars(series[ChartDimension.DISTANCE], _bin_labels(DISTANCE_BINS, "km")),
        "minutes": bars(series[ChartDimension.MINUTES], _bin_labels(MINUTE_BINS, "min")),
        "modes": bars(series[ChartDimension.MODE], list(TravelMode.choices)),
        "channels": bars(channels, list(UseChannel.choices)),
        "electronic_share": round(100 * electronic / total) if total else 0,
    }


def unmapped_texts(process: Process) -> list[Any]:
    """Free-text service names not yet mapped to the catalogue, most frequent first."""
    return list(
        ServiceUse.objects.filter(
            participant__workshop=insight_workshop(process), service__isnull=True
        )
        .exclude(service_text="")
        .values("service_text")
        .annotate(n=Count("pk"))
        .order_by("-n", "service_text")
    )


def diary_days_for(participant: Participant) -> dict[int, DiaryDay]:
    return {d.day: d for d in participant.days.prefetch_related("services")}


def age_group_of(band: str) -> str:
    return AGE_GROUP_OF_BAND[AgeBand(band)]


def _has_reminder_consent() -> Q:
    return Q(
        person__consents__purpose=ConsentPurpose.REMINDERS,
        person__consents__withdrawn_on__isnull=True,
    )


def reminder_targets(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """Not yet returned, agreed to reminders, and reachable by e-mail or phone."""
    return (
        participants.filter(diary_returned_at__isnull=True)
        .filter(pk__in=participants.filter(_has_reminder_consent()).values("pk"))
        .exclude(person__email="", person__phone="")
        .select_related("person")
    )


def call_list(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """Everyone not yet returned who will not get a reminder: the contact person calls them."""
    reminded = reminder_targets(participants).values("pk")
    return (
        participants.filter(diary_returned_at__isnull=True)
        .exclude(pk__in=reminded)
        .select_related("person__municipality")
        .order_by("person__municipality__name", "person__code")
    )


#: Cached figures live at most this long; every write of the tool invalidates them at once
#: (`services.data_changed`), the timeout covers changes made elsewhere (an age band edited).
CACHE_SECONDS = 600


def cached_figures(
    process: Process, name: str, scope: set[int] | None, compute: Callable[[], Any]
) -> Any:
    """Aggregates keyed by the process's data version and the user's municipality scope.

    With 100,000 participants the returns overview takes 0.1–0.2 s to aggregate; it changes
    only when maps and diaries change, so one query for the version usually replaces it. (The
    charts need no cache: they read the maintained counts, see `chart_counts.py`.)
    """
    version = (
        InsightSettings.objects.filter(process=process)
        .values_list("data_version", flat=True)
        .first()
    )
    scope_key = "all" if scope is None else ",".join(str(pk) for pk in sorted(scope))
    key = f"insight:{process.pk}:{version or 0}:{name}:{scope_key}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def charts_for_user(user: User | AnonymousUser, process: Process) -> dict[str, Any]:
    """The charts in the user's municipality scope (a contact person: their municipality)."""
    require(user, "insight.charts", process)
    scope = municipality_scope(user, "insight.charts", process)
    return chart_data(chart_counts_for(insight_workshop(process), scope))


def overview_for_user(user: User | AnonymousUser, process: Process) -> dict[str, Any]:
    """Returns by municipality and age group, and how many can be reminded (cached)."""
    participants = participants_for_user(user, process)
    scope = municipality_scope(user, "insight.view", process)

    def compute() -> dict[str, Any]:
        reminders = (
            reminder_targets(participants).count() if can(user, "insight.remind", process) else 0
        )
        return {"summary": returns_summary(participants), "reminders": reminders}

    return cached_figures(process, "overview", scope, compute)


def with_row_counts(participants: list[Participant]) -> list[Participant]:
    """Map rows and saved diary days of one page of participants (two grouped queries)."""
    ids = [p.pk for p in participants]
    rows = dict(
        ServiceUse.objects.filter(participant_id__in=ids)
        .values_list("participant_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    days = dict(
        DiaryDay.objects.filter(participant_id__in=ids, saved_at__isnull=False)
        .values_list("participant_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for participant in participants:
        participant.map_rows = rows.get(participant.pk, 0)  # type: ignore[attr-defined]
        participant.saved_days = days.get(participant.pk, 0)  # type: ignore[attr-defined]
    return participants
