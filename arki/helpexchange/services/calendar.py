"""A volunteer's private calendar address: made, replaced and turned off by the volunteer."""

from __future__ import annotations

from arki.core.models import User
from arki.core.services.writes import save_fields

from ..calendar import new_calendar_secret, secret_hash
from ..models import Volunteer


def volunteer_calendar_new(*, volunteer: Volunteer, by: User | None) -> str:
    """A new private address (the old one stops working); the secret is returned once."""
    secret = new_calendar_secret()
    volunteer.calendar_secret_hash = secret_hash(secret)
    save_fields(volunteer, by, ["calendar_secret_hash"])
    return secret


def volunteer_calendar_off(*, volunteer: Volunteer, by: User | None) -> None:
    volunteer.calendar_secret_hash = ""
    save_fields(volunteer, by, ["calendar_secret_hash"])
