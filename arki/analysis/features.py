"""Feature records from the database (service maps, diaries, codes), for clustering.

The pure feature code is in `compute.features`; this module only reads the rows, in a
constant number of queries however many participants there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from arki.core.models import Process
from arki.insight.enums import Sector, ServiceCategory, TravelMode
from arki.insight.models import DiaryDay, Participant, ServiceUse

from .compute.features import FeatureSpace, Record, Use, needs_help
from .compute.generated import OTHER
from .models import Code, Coding

MODES = tuple(m for m in TravelMode.values if m != TravelMode.NONE)


def feature_space(process: Process) -> FeatureSpace:
    codes = tuple(
        str(pk) for pk in Code.objects.filter(process=process).values_list("pk", flat=True)
    )
    return FeatureSpace(
        categories=tuple(ServiceCategory.values),
        sectors=tuple(s for s in Sector.values),
        modes=MODES,
        codes=codes,
    )


def mapped_participants(process: Process) -> Sequence[tuple[int, int, int, str]]:
    """(participant id, person id, municipality id, age band) of everyone with a map."""
    return list(
        Participant.objects.filter(workshop__process=process, map_submitted_at__isnull=False)
        .exclude(person__erased_at__isnull=False)
        .order_by("person__code")
        .values_list("pk", "person_id", "person__municipality_id", "person__age_band")
    )


def records_for(process: Process, participant_ids: Sequence[int]) -> list[Record]:
    """One record per participant (in the given order): map rows, help in the diary, codes."""
    person_of = dict(
        Participant.objects.filter(pk__in=participant_ids).values_list("pk", "person_id")
    )
    records = {pid: Record(person_id=person_of[pid]) for pid in participant_ids}
    uses = ServiceUse.objects.filter(participant_id__in=participant_ids).values_list(
        "participant_id",
        "service__category",
        "service__sector",
        "frequency",
        "channel",
        "distance_km",
        "travel_minutes",
        "travel_mode",
    )
    for pid, category, sector, frequency, channel, km, minutes, mode in uses:
        records[pid].uses.append(
            Use(
                category or OTHER[0],
                sector or OTHER[1],
                frequency,
                channel,
                float(km),
                float(minutes),
                mode,
            )
        )
    days = DiaryDay.objects.filter(
        participant_id__in=participant_ids, saved_at__isnull=False
    ).values_list("participant_id", "help_from", "help_received_text", "help_needed_text")
    for pid, help_from, received, needed in days:
        record = records[pid]
        record.diary_days += 1
        record.help_received_days += bool(help_from or received.strip())
        record.help_needed_days += needs_help(needed)
    # a code counts once per answer, however many coders applied it
    codes: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for pid, code_id, _day, _field in (
        Coding.objects.filter(day__participant_id__in=participant_ids)
        .values_list("day__participant_id", "code_id", "day_id", "field")
        .distinct()
    ):
        codes[pid][str(code_id)] += 1
    for pid, counts in codes.items():
        records[pid].codes = dict(counts)
    return [records[pid] for pid in participant_ids]
