"""Importing official statistics: parse, map to municipality and period, preview, then write
all rows in one transaction or none (a refusal names the row or cell at fault)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from arki.core.classification import region_statistics_codes
from arki.core.models import Municipality, Process, User
from arki.core.services.writes import create_clean

from ..jsonstat import (
    StatError,
    csv_number,
    municipality_code,
    parse_period,
    read_csv,
    read_jsonstat,
)
from ..models import StatisticSeries, StatisticValue

JSONSTAT, CSV = "jsonstat", "csv"
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Row:
    """One figure ready to import; `where` names its cell or row in the file."""

    where: str
    municipality_code: str | None
    period: datetime.date
    value: float


@dataclass
class Parsed:
    kind: str
    label: str
    source: str
    unit: str
    period_kind: str
    dimensions: list[str]
    rows: list[Row] = field(default_factory=list)
    skipped: int = 0


def _place(text: str, region_code: str | None) -> str | None:
    """None for the process's whole region (its maakunta code `MK18` or county code `HV20`),
    else the municipality code the text names."""
    code = str(text).strip().upper()
    if region_code is not None:
        prefix = code.rstrip("0123456789")
        if prefix and f"{prefix}{code[len(prefix) :].lstrip('0')}" in region_statistics_codes(
            region_code
        ):
            return None
    return municipality_code(code)


def guess_dimensions(cube_ids: list[str], roles: Mapping[str, list[str]]) -> tuple[str, str]:
    """The municipality and period dimensions: the dataset's geo and time roles, or names."""
    geo = (roles.get("geo") or [""])[0]
    time = (roles.get("time") or [""])[0]
    for name in cube_ids:
        low = name.lower()
        if not geo and any(w in low for w in ("alue", "kunta", "municipality", "area", "region")):
            geo = name
        if not time and any(
            w in low for w in ("vuosi", "year", "period", "aika", "time", "kuukausi", "month")
        ):
            time = name
    return geo, time


def parse_upload(
    text: str,
    *,
    kind: str,
    process: Process,
    municipality_field: str = "",
    period_field: str = "",
    value_field: str = "",
) -> Parsed:
    """The file's rows mapped to municipality and period, or a ValidationError naming the row.

    Unknown municipality codes (and codes outside the process's municipalities) and two
    values for the same place and period are refused here, before anything is written."""
    try:
        parsed = _parse(text, kind, process, municipality_field, period_field, value_field)
    except StatError as exc:
        raise ValidationError(str(exc)) from exc
    return parsed


def _parse(text, kind, process, municipality_field, period_field, value_field) -> Parsed:
    region_code = process.region.code
    known = set(process.municipalities.values_list("code", flat=True))
    if kind == JSONSTAT:
        cube = read_jsonstat(text)
        geo, time = guess_dimensions(cube.ids, cube.roles)
        geo, time = municipality_field or geo, period_field or time
        for name, what in ((geo, _("municipality")), (time, _("period"))):
            if name not in cube.ids:
                raise StatError(
                    _("Choose the %(what)s dimension: one of %(ids)s.")
                    % {"what": what, "ids": ", ".join(cube.ids)}
                )
        if geo == time:
            raise StatError(_("The municipality and period must be different dimensions."))
        for name in cube.ids:
            if name not in (geo, time) and len(cube.categories[name]) != 1:
                raise StatError(
                    _(
                        "dimension.%(dim)s has %(n)d categories; download the file with one "
                        "category of it (e.g. one indicator) and import each separately."
                    )
                    % {"dim": name, "n": len(cube.categories[name])}
                )
        parsed = Parsed(JSONSTAT, cube.label, cube.source, cube.unit, "", list(cube.ids))
        raw = [
            (
                _("value[%(pos)d] (%(geo)s=%(place)s, %(time)s=%(period)s)")
                % {
                    "pos": cell.position,
                    "geo": geo,
                    "place": cell.coords[geo],
                    "time": time,
                    "period": cell.coords[time],
                },
                cell.coords[geo],
                cell.coords[time],
                cell.value,
            )
            for cell in cube.cells
        ]
    elif kind == CSV:
        rows = read_csv(text)
        header = list(rows[0]) if rows else []
        geo = municipality_field or next(
            (h for h in header if h and h.lower() in {"municipality", "kunta", "alue", "code"}), ""
        )
        time = period_field or next(
            (h for h in header if h and h.lower() in {"period", "vuosi", "year", "aika"}), ""
        )
        val = value_field or next(
            (h for h in header if h and h.lower() in {"value", "arvo", "luku"}), ""
        )
        for name, what in ((geo, _("municipality")), (time, _("period")), (val, _("value"))):
            if name not in header:
                raise StatError(
                    _("Choose the %(what)s column: one of %(ids)s.")
                    % {"what": what, "ids": ", ".join(header) or "-"}
                )
        parsed = Parsed(CSV, "", "", "", "", header)
        raw = []
        for number, row in enumerate(rows, start=2):
            where = _("row %(n)d") % {"n": number}
            raw.append((where, row[geo] or "", row[time] or "", csv_number(row[val] or "", where)))
    else:
        raise StatError(_("Unknown file type."))
    if len(raw) > MAX_ROWS:
        raise StatError(_("The file has more than %(n)d values.") % {"n": MAX_ROWS})
    seen: dict[tuple[str | None, datetime.date], str] = {}
    kinds = set()
    for where, place_text, period_text, value in raw:
        try:
            place = _place(place_text, region_code)
            period, period_kind = parse_period(period_text)
        except StatError as exc:
            raise StatError(f"{where}: {exc}") from exc
        if place is not None and place not in known:
            raise StatError(
                _("%(where)s: unknown municipality code “%(code)s” (not one of this process's).")
                % {"where": where, "code": place_text}
            )
        if value is None:
            parsed.skipped += 1
            continue
        if (place, period) in seen:
            raise StatError(
                _("%(where)s: duplicate period %(period)s for %(code)s (also at %(first)s).")
                % {
                    "where": where,
                    "period": period_text,
                    "code": place_text,
                    "first": seen[(place, period)],
                }
            )
        seen[(place, period)] = where
        kinds.add(period_kind)
        parsed.rows.append(Row(where, place, period, value))
    if len(kinds) > 1:
        raise StatError(_("The file mixes years, quarters and months; import one kind at a time."))
    if not parsed.rows:
        raise StatError(_("The file holds no values to import."))
    parsed.period_kind = kinds.pop()
    return parsed


def statistics_import(
    *,
    process: Process,
    parsed: Parsed,
    name: str,
    source: str,
    licence: str,
    unit: str,
    by: User | None,
    name_sv: str = "",
    name_en: str = "",
) -> StatisticSeries:
    """Write the series and all its values in one transaction (all or nothing)."""
    codes = {row.municipality_code for row in parsed.rows if row.municipality_code}
    places = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    with transaction.atomic():
        series = create_clean(
            StatisticSeries,
            by=by,
            process=process,
            name=name,
            name_sv=name_sv,
            name_en=name_en,
            source=source,
            licence=licence,
            unit=unit,
            period_kind=parsed.period_kind,
        )
        # Thousands of plain figures: bulk_create; the parse above validated every one.
        StatisticValue.objects.bulk_create(
            StatisticValue(
                series=series,
                municipality=places[row.municipality_code] if row.municipality_code else None,
                period=row.period,
                value=row.value,
            )
            for row in parsed.rows
        )
    return series


def statistics_delete(*, series: StatisticSeries) -> None:
    series.delete()
