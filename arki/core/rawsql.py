"""Statements written out by hand for the few requests a whole room sends at once.

On the burst bench's machine (docs/performance.md) Django building an ORM query costs 1–2 ms
of CPU, about ten times a written-out statement's own cost and more than the database's work.
The live answer read (`selectors.answer_target`) and the voucher ballot's ledger
(`budgeting.services.ballot_cast`) therefore run statements written out once per database,
from the models' own column lists (a field added to a model is read and written there too),
and turn rows into model instances the ORM's way: the backend's and the field's converters,
then `Model.from_db`. Values are written through each field's `get_db_prep_save`, as the
ORM's inserts and updates do. Everything else uses the ORM.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import connection, models
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

M = TypeVar("M", bound=models.Model)


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model: type[models.Model]) -> str:
    """The model's table name, quoted."""
    return quote(model._meta.db_table)


def column(model: type[models.Model], name: str) -> str:
    """A field's column name (by field name, e.g. "round" → "round_id"), quoted."""
    return quote(str(_by_name(model)[name].column))


@functools.cache
def _by_name(model: type[models.Model]) -> dict[str, models.Field]:
    return {f.name: f for f in model._meta.concrete_fields}


def _fields(model: type[models.Model], names: Collection[str] | None) -> list[models.Field]:
    concrete = model._meta.concrete_fields
    return list(concrete) if names is None else [f for f in concrete if f.name in names]


def columns(
    model: type[models.Model], alias: str | None = None, fields: Collection[str] | None = None
) -> str:
    """The model's concrete columns in field order (or only those of `fields`, by field
    name), for a SELECT or a RETURNING."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f"{prefix}{quote(str(f.column))}" for f in _fields(model, fields))


def width(model: type[models.Model], fields: Collection[str] | None = None) -> int:
    """How many values `columns` selects."""
    return len(_fields(model, fields))


def fits(model: type[models.Model], field_name: str, value: int) -> bool:
    """Whether the integer column can hold `value` (SQLite refuses to bind one it cannot,
    where Django's own lookups quietly match nothing)."""
    low, high = connection.ops.integer_field_range(
        model._meta.get_field(field_name).get_internal_type()
    )
    return low <= value <= high


@functools.cache
def _converters(
    vendor: str, model: type[models.Model], alias: str, fields: frozenset[str] | None
) -> tuple[list[str], list[list]]:
    names, converters = [], []
    for field in _fields(model, fields):
        col = field.get_col(alias)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        names.append(field.attname)
        converters.append([(converter, col) for converter in found])
    return names, converters


def instance(
    model: type[M],
    values: Sequence[Any],
    alias: str = "t",
    fields: frozenset[str] | None = None,
) -> M:
    """A model instance from the values `columns(model, fields=fields)` selected, converted
    as the ORM does. Fields not selected are deferred: read from the database if used."""
    names, converters = _converters(connection.vendor, model, alias, fields)
    converted = []
    for found, value in zip(converters, values, strict=True):
        for converter, col in found:
            value = converter(value, col, connection)
        converted.append(value)
    return model.from_db(connection.alias, names, converted)


def insert_values(obj: models.Model) -> tuple[list[str], list[Any]]:
    """The quoted columns and database values the ORM would insert for a new `obj` (every
    concrete field but an automatic primary key; defaults and `auto_now` applied)."""
    names, values = [], []
    for field in obj._meta.concrete_fields:
        if field.primary_key and isinstance(field, models.AutoField):
            continue
        names.append(quote(str(field.column)))
        values.append(field.get_db_prep_save(field.pre_save(obj, True), connection))
    return names, values


def update_values(obj: models.Model, fields: Sequence[str]) -> tuple[str, list[Any]]:
    """`col = %s, …` and the database values for saving these fields of `obj`, as
    `obj.save(update_fields=fields)` would (`auto_now` fields are updated too)."""
    by_name = _by_name(type(obj))
    wanted = [by_name[name] for name in fields]
    wanted += [
        f for f in obj._meta.concrete_fields if getattr(f, "auto_now", False) and f not in wanted
    ]
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in wanted)
    values = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in wanted]
    return assignments, values


@contextmanager
def cursor() -> Iterator[Any]:
    """A cursor for these statements. On PostgreSQL it binds parameters on the server and
    asks for each statement to be prepared once per connection: parsing and planning such
    small statements is half the database's work for them (docs/performance.md). psycopg
    prepares only on a connection with a `prepare_threshold`, which the settings give
    unless Arki runs behind pgbouncer in transaction mode (`ARKI_PGBOUNCER`), where the
    next transaction may get a server connection that never saw the statement. On SQLite
    it is Django's ordinary cursor.

    Either way the cursor is wrapped as Django wraps its own: errors become Django's, and
    queries are logged and counted in tests.
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as plain:
            yield plain
        return
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = _preparing_cursor_class()(connection.connection)
    wrapped = (
        _LoggedAsWritten(raw, connection)
        if connection.queries_logged
        else connection.make_cursor(raw)
    )
    with wrapped:
        yield wrapped


class _LoggedAsWritten(CursorDebugWrapper):
    """Logs a prepared statement as written (placeholders, parameters apart): psycopg
    keeps no text of a statement it runs by name, which Django's log would read."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)


@functools.cache
def _preparing_cursor_class() -> type:
    import psycopg

    class PreparingCursor(psycopg.Cursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):  # type: ignore[override]
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparingCursor
