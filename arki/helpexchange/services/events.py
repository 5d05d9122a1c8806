"""Group activities for young and old: sign-ups and attendance."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from arki.core.models import Person, Process, User
from arki.core.services.writes import create_clean, save_fields

from ..models import Event, EventSignup, Organisation, Village


def event_create(
    *,
    process: Process,
    organisation: Organisation,
    kind: str,
    title: str,
    village: Village,
    place: str,
    starts_at: datetime.datetime,
    description: str = "",
    capacity: int = 30,
    by: User | None = None,
    **translations: str,
) -> Event:
    """A help-exchange event; `translations` are the optional Swedish and English texts
    (`title_sv`, `place_en`, `description_sv`…)."""
    unknown = set(translations) - {
        f"{field}_{language}"
        for field in ("title", "place", "description")
        for language in ("sv", "en")
    }
    if unknown:
        raise TypeError(f"event_create() got unexpected fields {sorted(unknown)}")
    texts: dict[str, Any] = {name: value.strip() for name, value in translations.items()}
    event = create_clean(
        Event,
        by=by,
        process=process,
        organisation=organisation,
        kind=kind,
        title=title.strip(),
        village=village,
        place=place.strip(),
        starts_at=starts_at,
        description=description,
        capacity=capacity,
        **texts,
    )
    return event


def event_signup(*, event: Event, person: Person, role: str, by: User | None = None) -> EventSignup:
    if person.process_id != event.process_id:
        raise ValidationError(_("This person takes part in another process."))
    if event.signups.filter(person=person).exists():
        raise ValidationError(_("This person has already signed up."))
    if event.signups.count() >= event.capacity:
        raise ValidationError(_("The activity is full."))
    return create_clean(EventSignup, by=by, event=event, person=person, role=role)


def event_attendance_record(*, event: Event, attended_ids: set[int], by: User | None = None) -> int:
    """Mark who came (sign-up ids in `attended_ids`) and who did not; returns those present."""
    present = 0
    for signup in event.signups.all():
        signup.attended = signup.pk in attended_ids
        present += signup.attended
        save_fields(signup, by, ["attended"])
    return present
