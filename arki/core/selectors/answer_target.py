"""The read behind every live answer: a phone's seat, its session and the activity answered,
in one hand-written statement.

A room answering a scale at once makes this the hottest read of a workshop. Measured on the
burst bench's machine (docs/performance.md), Django building the two ORM queries it replaces
cost about 4 ms of CPU per answer, several times the database's own work and as much as the
whole "enter the code" page. So the statement is written out once per database and number of
secrets from the models' own column lists, and its rows become model instances the ORM's
way (`arki.core.rawsql`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.db import connection, models

from .. import rawsql
from ..models import LiveSession, Seat, SessionActivity
from ..services.live import normalise_code, secret_hash

#: (model, table alias) in the order their columns are selected.
_PARTS: tuple[tuple[type[models.Model], str], ...] = (
    (Seat, "s"),
    (LiveSession, "l"),
    (SessionActivity, "a"),
)


@functools.cache
def _statement(vendor: str, secrets: int) -> str:
    quote = rawsql.quote
    selected = ", ".join(rawsql.columns(model, alias) for model, alias in _PARTS)
    seat, session, activity = (rawsql.table(model) for model, _alias in _PARTS)
    placeholders = ", ".join(["%s"] * secrets)
    return (
        f"SELECT {selected} FROM {seat} s "
        f"JOIN {session} l ON l.{quote('id')} = s.{quote('session_id')} "
        f"LEFT JOIN {activity} a ON a.{quote('session_id')} = l.{quote('id')} "
        f"AND a.{quote('id')} = %s "
        f"WHERE l.{quote('code')} = %s AND s.{quote('secret_hash')} IN ({placeholders})"
    )


def answer_target(
    code: str, seat_secrets: Iterable[str], activity_pk: int
) -> tuple[Seat, SessionActivity | None] | None:
    """The seat that one of a browser's seat secrets holds in the session with this code,
    with its session, and that session's activity `activity_pk` (None when the session has
    no such activity); None when the browser holds no seat there. One query."""
    hashes = [secret_hash(secret) for secret in seat_secrets if secret]
    if not hashes:
        return None
    # An id the column cannot hold names no activity; NULL joins nothing.
    activity_id: Any = activity_pk if rawsql.fits(SessionActivity, "id", activity_pk) else None
    with rawsql.cursor() as cursor:
        cursor.execute(
            _statement(connection.vendor, len(hashes)),
            [activity_id, normalise_code(code), *hashes],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    seat_end = rawsql.width(Seat)
    session_end = seat_end + rawsql.width(LiveSession)
    seat = rawsql.instance(Seat, row[:seat_end], "s")
    session = rawsql.instance(LiveSession, row[seat_end:session_end], "l")
    seat.session = session
    activity = None
    if row[session_end] is not None:  # the LEFT JOIN found the activity
        activity = rawsql.instance(SessionActivity, row[session_end:], "a")
        activity.session = session
    return seat, activity
