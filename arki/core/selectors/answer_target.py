"""The read behind every live answer: a phone's seat, its session and the activity answered,
in one hand-written statement.

A room answering a scale at once makes this the hottest read of a workshop. Measured on the
burst bench's machine (docs/performance.md), Django building the two ORM queries it replaces
cost about 4 ms of CPU per answer, several times the database's own work and as much as the
whole "enter the code" page. So the statement is written out once per database and number of
secrets, from the models' own column lists (a field added to a model is read here too),
and each row part becomes a model instance the ORM's way: the backend's and the field's
converters, then `Model.from_db`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

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
    quote = connection.ops.quote_name
    columns = ", ".join(
        f"{alias}.{quote(str(field.column))}"
        for model, alias in _PARTS
        for field in model._meta.concrete_fields
    )
    seat, session, activity = (quote(model._meta.db_table) for model, _alias in _PARTS)
    placeholders = ", ".join(["%s"] * secrets)
    return (
        f"SELECT {columns} FROM {seat} s "
        f"JOIN {session} l ON l.{quote('id')} = s.{quote('session_id')} "
        f"LEFT JOIN {activity} a ON a.{quote('session_id')} = l.{quote('id')} "
        f"AND a.{quote('id')} = %s "
        f"WHERE l.{quote('code')} = %s AND s.{quote('secret_hash')} IN ({placeholders})"
    )


@functools.cache
def _converters(vendor: str, model: type[models.Model], alias: str) -> list[tuple[str, list]]:
    out = []
    for field in model._meta.concrete_fields:
        column = field.get_col(alias)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        out.append((field.attname, [(converter, column) for converter in found]))
    return out


def _instance(model: type[models.Model], alias: str, values: Sequence[Any]) -> Any:
    names, converted = [], []
    for (name, converters), value in zip(
        _converters(connection.vendor, model, alias), values, strict=True
    ):
        for converter, column in converters:
            value = converter(value, column, connection)
        names.append(name)
        converted.append(value)
    return model.from_db(connection.alias, names, converted)


def answer_target(
    code: str, seat_secrets: Iterable[str], activity_pk: int
) -> tuple[Seat, SessionActivity | None] | None:
    """The seat that one of a browser's seat secrets holds in the session with this code,
    with its session, and that session's activity `activity_pk` (None when the session has
    no such activity); None when the browser holds no seat there. One query."""
    hashes = [secret_hash(secret) for secret in seat_secrets if secret]
    if not hashes:
        return None
    # An id the column cannot hold names no activity (SQLite would refuse to bind it);
    # NULL joins nothing.
    low, high = connection.ops.integer_field_range(
        SessionActivity._meta.get_field("id").get_internal_type()
    )
    in_range = low <= activity_pk <= high
    with connection.cursor() as cursor:
        cursor.execute(
            _statement(connection.vendor, len(hashes)),
            [activity_pk if in_range else None, normalise_code(code), *hashes],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    parts, start = [], 0
    for model, alias in _PARTS:
        width = len(model._meta.concrete_fields)
        parts.append((model, alias, row[start : start + width]))
        start += width
    seat = _instance(*parts[0])
    session = _instance(*parts[1])
    seat.session = session
    activity = None
    if parts[2][2][0] is not None:  # the LEFT JOIN found the activity
        activity = _instance(*parts[2])
        activity.session = session
    return seat, activity
