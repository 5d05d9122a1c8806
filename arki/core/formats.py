"""Localised formatting of times that pages, messages and documents share.

One formatter for a span of time, so that a two-day window is never shown as if it ended on
the day it began ("10.12.2026 10.00–16.00" for a window that ends on 11 December).
"""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.timezone import is_aware, localtime


def _local(value: datetime.datetime) -> datetime.datetime:
    return localtime(value) if is_aware(value) else value


def time_span(start: datetime.datetime, end: datetime.datetime | None) -> str:
    """``10.12.2026 10.00–16.00`` within a day, ``10.12.2026 10.00 – 11.12.2026 16.00`` across
    days, in the active language's formats; the start alone when there is no end."""
    start = _local(start)
    first = date_format(start, "SHORT_DATETIME_FORMAT")
    if end is None:
        return first
    end = _local(end)
    if end.date() == start.date():
        return f"{first}–{date_format(end, 'TIME_FORMAT')}"
    return f"{first} – {date_format(end, 'SHORT_DATETIME_FORMAT')}"
