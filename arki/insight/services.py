"""Writes of the insight tool: enrolment, service maps, diary days, paper kits, merges.

Every channel (online form, paper entry, file import, live workshop, demo) calls these, so a
row refused on one channel is refused on all of them with the same message.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from arki.core.models import Person, Process, User, Workshop
from arki.core.services.writes import create_clean, save_fields

from .chart_counts import (
    chart_counts_add,
    chart_counts_batch,
    chart_counts_move,
    chart_counts_regroup,
    chart_counts_remove,
)
from .compute.diff import payload_differences, resolve_payload
from .enums import KitChannel
from .models import DiaryDay, InsightSettings, PaperEntry, Participant, Service, ServiceUse
from .prompts import PROMPT_FIELDS

#: Diary fields written from a form or a payload, besides the catalogue services (m2m).
DAY_FIELDS = [*PROMPT_FIELDS, "served", "help_from"]
DAYS = range(1, 8)


def settings_for(process: Process) -> InsightSettings:
    settings, _created = InsightSettings.objects.get_or_create(process=process)
    return settings


def data_changed(process: Process | int) -> None:
    """Invalidate the cached figures of a process (every write to maps and diaries calls it)."""
    process_id = process if isinstance(process, int) else process.pk
    updated = InsightSettings.objects.filter(process_id=process_id).update(
        data_version=F("data_version") + 1
    )
    if not updated:
        InsightSettings.objects.get_or_create(process_id=process_id, defaults={"data_version": 1})


@transaction.atomic
def person_changed(person: Person, old: Mapping[str, Any]) -> None:
    """The core changed a person's municipality or age band (the manifest's `person_changed`
    hook): their map rows now count under the new municipality and age group."""
    if not Participant.objects.filter(person=person).exists():
        return
    uses = ServiceUse.objects.filter(participant__person=person)
    chart_counts_regroup(
        uses=uses, municipality_id=old["municipality_id"], age_band=old["age_band"]
    )
    data_changed(person.process_id)


def settings_update(
    *,
    process: Process,
    double_entry: bool,
    by: User,
    diary_due_dates: Iterable[datetime.date] | None = None,
) -> InsightSettings:
    settings = settings_for(process)
    settings.double_entry = double_entry
    fields = ["double_entry"]
    if diary_due_dates is not None:
        settings.diary_due_dates = sorted({day.isoformat() for day in diary_due_dates})
        fields.append("diary_due_dates")
    save_fields(settings, by, fields)
    return settings


# --- enrolment -------------------------------------------------------------------------------


def participant_enrol(
    *,
    person: Person,
    workshop: Workshop,
    channel: str = KitChannel.ONLINE,
    by: User | None = None,
) -> Participant:
    """Enrol a person in the workshop's map and diary (idempotent)."""
    if person.process_id != workshop.process_id:
        raise ValidationError(_("This participant belongs to another process."))
    # Not create_clean: get_or_create keeps enrolment idempotent under double submits.
    participant, created = Participant.objects.get_or_create(
        person=person,
        workshop=workshop,
        defaults={"channel": channel, "created_by": by, "modified_by": by},
    )
    if created:
        data_changed(workshop.process_id)
    return participant


def participants_enrol_all(*, workshop: Workshop, by: User | None = None) -> int:
    """Enrol every participant of the process not yet enrolled; returns how many were added."""
    enrolled = Participant.objects.filter(workshop=workshop).values("person_id")
    missing = Person.objects.filter(process=workshop.process_id).exclude(pk__in=enrolled)
    rows = [
        Participant(person_id=pk, workshop=workshop, created_by=by, modified_by=by)
        for pk in missing.values_list("pk", flat=True)
    ]
    Participant.objects.bulk_create(rows)  # not create_clean: one insert for a whole process
    data_changed(workshop.process_id)
    return len(rows)


# --- service map -----------------------------------------------------------------------------


def service_use_add(
    *,
    participant: Participant,
    frequency: str,
    channel: str,
    travel_mode: str,
    service: Service | None = None,
    service_text: str = "",
    distance_km: Decimal | int | float = 0,
    travel_minutes: int = 0,
    by: User | None = None,
) -> ServiceUse:
    """Add one row to a service map after the plausibility checks."""
    position = participant.service_uses.count() + 1
    with transaction.atomic():
        use = create_clean(
            ServiceUse,
            by=by,
            participant=participant,
            service=service,
            service_text="" if service is not None else service_text.strip(),
            frequency=frequency,
            channel=channel,
            distance_km=Decimal(str(distance_km or 0)),
            travel_minutes=travel_minutes or 0,
            travel_mode=travel_mode,
            position=position,
        )
        chart_counts_add(uses=ServiceUse.objects.filter(pk=use.pk))
        data_changed(participant.workshop.process_id)
    return use


def service_use_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The `service_use_add` arguments of a map row from a form, a kit payload or the demo."""
    return {
        "service_text": row.get("service_text") or "",
        "frequency": row["frequency"],
        "channel": row["channel"],
        "distance_km": row.get("distance_km") or 0,
        "travel_minutes": int(row.get("travel_minutes") or 0),
        "travel_mode": row["travel_mode"],
    }


def service_use_delete(*, use: ServiceUse) -> None:
    with transaction.atomic():
        chart_counts_remove(uses=ServiceUse.objects.filter(pk=use.pk))
        use.delete()
        data_changed(use.participant.workshop.process_id)


def service_map_submit(*, participant: Participant, by: User | None = None) -> Participant:
    if not participant.service_uses.exists():
        raise ValidationError(_("Add at least one service before returning the map."))
    participant.map_submitted_at = participant.map_submitted_at or timezone.now()
    save_fields(participant, by, ["map_submitted_at"])
    data_changed(participant.workshop.process_id)
    return participant


# --- diary -----------------------------------------------------------------------------------


def _day(participant: Participant, day: int) -> DiaryDay:
    if day not in DAYS:
        raise ValidationError(_("A diary has days 1 to 7."))
    diary_day, _created = DiaryDay.objects.get_or_create(participant=participant, day=day)
    return diary_day


class StaleDraft(Exception):
    """The day was saved after the page sending the draft was opened."""


def saved_version(diary_day: DiaryDay | None) -> str:
    """The version a page was rendered from: when the day was last saved ("" = never)."""
    if diary_day is None or diary_day.saved_at is None:
        return ""
    return diary_day.saved_at.isoformat()


def diary_day_draft_save(
    *, participant: Participant, day: int, data: Mapping[str, Any], base: str | None = None
) -> DiaryDay:
    """Keep what the participant has typed so far (autosave); nothing is validated or counted.

    `base` is the saved version the page was opened with. An autosave still on its way when
    the day is saved (or one from an old tab) would otherwise turn half a day back into an
    unsaved draft; such drafts raise StaleDraft and are dropped.
    """
    diary_day = _day(participant, day)
    if base is not None and base != saved_version(diary_day):
        raise StaleDraft
    draft = {key: data[key] for key in [*DAY_FIELDS, "services"] if key in data}
    if diary_day.is_saved and _same_as_saved(diary_day, draft):
        draft = {}  # identical to the saved answers: nothing is unsaved
    now = timezone.now()
    # Write only if the day was not saved in the meantime: a save running at the same moment
    # clears the draft, and this autosave must not bring it back (a lost update otherwise).
    written = DiaryDay.objects.filter(pk=diary_day.pk, saved_at=diary_day.saved_at).update(
        draft=draft, draft_at=now, modified_at=now
    )
    if not written:
        raise StaleDraft
    diary_day.draft, diary_day.draft_at, diary_day.modified_at = draft, now, now
    return diary_day


def _same_as_saved(diary_day: DiaryDay, draft: Mapping[str, Any]) -> bool:
    for field in DAY_FIELDS:
        saved = getattr(diary_day, field)
        value = draft.get(field) or ([] if field == "help_from" else "")
        if (sorted(value) if field == "help_from" else str(value).strip()) != (
            sorted(saved) if field == "help_from" else saved.strip()
        ):
            return False
    saved_services = sorted(diary_day.services.values_list("pk", flat=True))
    return sorted(int(pk) for pk in draft.get("services") or []) == saved_services


def _write_day(diary_day: DiaryDay, values: Mapping[str, Any], by: User | None) -> None:
    for field in DAY_FIELDS:
        default: Any = [] if field == "help_from" else ""
        setattr(diary_day, field, values.get(field) or default)
    diary_day.saved_at = timezone.now()
    diary_day.draft = {}
    diary_day.draft_at = None
    save_fields(
        diary_day,
        by,
        [*DAY_FIELDS, "saved_at", "draft", "draft_at"],
        clean=True,
        exclude=["participant"],
    )
    diary_day.services.set(values.get("services") or [])


def diary_day_save(
    *, participant: Participant, day: int, values: Mapping[str, Any], by: User | None = None
) -> DiaryDay:
    """Save one day: its answers become part of the diary and its draft is cleared."""
    if not any(values.get(field) for field in [*DAY_FIELDS, "services"]):
        raise ValidationError(_("Write something about the day before saving it."))
    with transaction.atomic():
        diary_day = _day(participant, day)
        _write_day(diary_day, values, by)
    return diary_day


def diary_submit(*, participant: Participant, by: User | None = None) -> Participant:
    """Return the diary: from now on it counts in the return rate."""
    if not participant.days.filter(saved_at__isnull=False).exists():
        raise ValidationError(_("Save at least one day before returning the diary."))
    participant.diary_returned_at = participant.diary_returned_at or timezone.now()
    participant.returned_channel = participant.returned_channel or KitChannel.ONLINE
    save_fields(participant, by, ["diary_returned_at", "returned_channel"])
    data_changed(participant.workshop.process_id)
    return participant


# --- paper kits ------------------------------------------------------------------------------


@transaction.atomic
def kit_apply(
    *, participant: Participant, payload: Mapping[str, Any], by: User | None = None
) -> Participant:
    """Replace a participant's map and diary with an agreed paper-kit payload; count it."""
    services = {s.pk: s for s in Service.objects.filter(pk__in=_service_ids(payload))}
    with chart_counts_batch():
        old = participant.service_uses.all()
        chart_counts_remove(uses=old)
        old.delete()
        for row in payload.get("map", []):
            service = services.get(row.get("service")) if row.get("service") else None
            service_use_add(
                participant=participant, service=service, by=by, **service_use_fields(row)
            )
    now = timezone.now()
    days = payload.get("days", {})
    for day in DAYS:
        values = days.get(str(day)) or {}
        if any(values.get(field) for field in [*DAY_FIELDS, "services"]):
            _write_day(_day(participant, day), values, by)
    if payload.get("map"):
        participant.map_submitted_at = participant.map_submitted_at or now
    if any(days.values()):
        participant.diary_returned_at = participant.diary_returned_at or now
        participant.returned_channel = KitChannel.PAPER
    participant.channel = KitChannel.PAPER
    save_fields(
        participant, by, ["map_submitted_at", "diary_returned_at", "returned_channel", "channel"]
    )
    participant.paper_entries.update(applied_at=now)
    data_changed(participant.workshop.process_id)
    return participant


def _service_ids(payload: Mapping[str, Any]) -> set[int]:
    ids = {row["service"] for row in payload.get("map", []) if row.get("service")}
    for values in payload.get("days", {}).values():
        ids.update((values or {}).get("services") or [])
    return ids


def paper_entry_save(*, participant: Participant, payload: dict[str, Any], by: User) -> PaperEntry:
    """Store one staff member's entry of a paper kit and count the kit when it is settled.

    Without double entry the first entry counts at once. With double entry, the entry of a
    second person is compared with the first: equal entries count, differing ones wait for
    `paper_entry_resolve`. The same person re-entering replaces their own entry.
    """
    double = settings_for(participant.workshop.process).double_entry
    with transaction.atomic():
        entries = {e.round: e for e in participant.paper_entries.select_for_update()}
        first = entries.get(1)
        round_number = 1 if first is None or first.created_by_id == by.pk or not double else 2
        # Not create_clean: one row per entry round, replaced when the same person re-enters.
        entry, _created = PaperEntry.objects.update_or_create(
            participant=participant,
            round=round_number,
            defaults={"payload": payload, "created_by": by, "modified_by": by, "applied_at": None},
        )
        settled = (
            round_number == 2
            and first is not None
            and not payload_differences(first.payload, payload)
        )
        if not double or settled:
            kit_apply(participant=participant, payload=payload, by=by)
    entry.refresh_from_db()
    return entry


def paper_entry_resolve(
    *, participant: Participant, choices: Mapping[str, str], by: User
) -> Participant:
    """Settle the differences of a double-entered kit ({key: "1" or "2"}) and count it."""
    entries = {e.round: e for e in participant.paper_entries.all()}
    if set(entries) != {1, 2}:
        raise ValidationError(_("Both entries are needed before differences can be resolved."))
    differences = payload_differences(entries[1].payload, entries[2].payload)
    missing = [d.key for d in differences if choices.get(d.key) not in {"1", "2"}]
    if missing:
        raise ValidationError(
            _("Choose the right value for every difference (%(count)d left).")
            % {"count": len(missing)}
        )
    final = resolve_payload(entries[1].payload, entries[2].payload, dict(choices))
    return kit_apply(participant=participant, payload=final, by=by)


# --- catalogue -------------------------------------------------------------------------------


def service_create(*, process: Process, name: str, category: str, sector: str, by: User) -> Service:
    return create_clean(
        Service, by=by, process=process, name=name.strip(), category=category, sector=sector
    )


def service_text_merge(
    *, process: Process, texts: Iterable[str], service: Service, by: User
) -> int:
    """Map residents' free-text service names to a catalogue service; returns rows changed."""
    if service.process_id not in (None, process.pk):
        raise ValidationError(_("This service belongs to another process."))
    changed = 0
    with transaction.atomic(), chart_counts_batch():
        for text in texts:
            rows = ServiceUse.objects.filter(
                participant__workshop__process=process,
                service__isnull=True,
                service_text__iexact=text,
            )
            chart_counts_move(uses=rows, category=service.category)
            # Not save_fields: one UPDATE for every matching row.
            changed += rows.update(service=service, modified_by=by, modified_at=timezone.now())
        data_changed(process)
    return changed


# --- reminders -------------------------------------------------------------------------------


def reminder_body(participant: Participant) -> str:
    """The diary reminder in the active language (the scheduler's and the button's)."""
    from .kits import online_url

    return _(
        "Hello! Please remember your service diary (code %(code)s). You can return the "
        "paper kit or fill it online: %(url)s – Thank you!"
    ) % {"code": participant.person.code, "url": online_url(participant.person)}


def _reminder_text(participant: Participant) -> str:
    from django.utils import translation

    with translation.override(participant.person.language or "fi"):
        return reminder_body(participant)


def reminders_send(*, participants: Iterable[Participant], by: User) -> dict[str, int]:
    """Remind each participant by e-mail if known, else by SMS; sending happens on commit.

    The caller passes only participants with an active "reminders" consent who have not
    returned their diary (see `selectors.reminder_targets`).
    """
    from django.core.mail import send_mail

    from arki.core.messaging import send_sms

    sent = {"email": 0, "sms": 0}
    now = timezone.now()
    with transaction.atomic():
        for participant in participants:
            person = participant.person
            text = _reminder_text(participant)
            if person.email:
                transaction.on_commit(
                    partial(send_mail, _("Your service diary"), text, None, [person.email])
                )
                sent["email"] += 1
            elif person.phone:
                transaction.on_commit(partial(send_sms, person.phone, text))
                sent["sms"] += 1
            else:
                continue
            participant.reminder_count += 1
            participant.last_reminded_at = now
            save_fields(participant, by, ["reminder_count", "last_reminded_at"])
            data_changed(participant.workshop.process_id)
    return sent
