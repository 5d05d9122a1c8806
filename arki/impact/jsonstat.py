"""JSON-stat 2 and CSV, read and written without the database (https://json-stat.org/format/).

A JSON-stat 2 ``dataset`` is a cube: ``id`` names its dimensions in order, ``size`` their
lengths, each ``dimension`` lists its categories (``category.index`` as an array or as an
object of positions, or only ``category.label`` when there is one category), and ``value`` is
the flattened cube in row-major order (the last dimension changes fastest), as an array or as
a sparse object ``{"position": value}``. Statistics Finland's PxWeb and THL's Sotkanet both
answer in this format.

Errors are `StatError`s naming the place (a JSON path, a cell or a CSV row) so that a user
can find the problem in the file.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from arki.core.exports import safe_row
from arki.core.opendata import write_jsonstat as _write_jsonstat


class StatError(ValueError):
    """A refused file, with the place in it (cell, row or JSON path) in the message."""


@dataclass(frozen=True)
class Cell:
    """One value of a cube with the category id of each dimension."""

    coords: Mapping[str, str]
    value: float | None
    position: int


@dataclass
class Cube:
    label: str
    source: str
    unit: str
    ids: list[str]
    categories: dict[str, list[str]]
    labels: dict[str, dict[str, str]]
    roles: dict[str, list[str]] = field(default_factory=dict)
    cells: list[Cell] = field(default_factory=list)


def _category_ids(name: str, dim: Any, size: int) -> list[str]:
    if not isinstance(dim, Mapping) or not isinstance(dim.get("category"), Mapping):
        raise StatError(_("dimension.%(dim)s has no category object.") % {"dim": name})
    category = dim["category"]
    index = category.get("index")
    if index is None:
        labels = category.get("label")
        if not isinstance(labels, Mapping) or len(labels) != 1:
            raise StatError(
                _("dimension.%(dim)s.category has no index (allowed only for one category).")
                % {"dim": name}
            )
        ids = list(labels)
    elif isinstance(index, list):
        ids = [str(i) for i in index]
    elif isinstance(index, Mapping):
        ids = [""] * len(index)
        for key, pos in index.items():
            if not isinstance(pos, int) or not 0 <= pos < len(index) or ids[pos]:
                raise StatError(
                    _("dimension.%(dim)s.category.index has a bad position for %(cat)s.")
                    % {"dim": name, "cat": key}
                )
            ids[pos] = str(key)
    else:
        raise StatError(_("dimension.%(dim)s.category.index is malformed.") % {"dim": name})
    if len(ids) != size:
        raise StatError(
            _("dimension.%(dim)s has %(n)d categories but size says %(size)d.")
            % {"dim": name, "n": len(ids), "size": size}
        )
    return ids


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StatError(
            _("%(where)s is not a number: %(value)r.") % {"where": where, "value": value}
        )
    if not math.isfinite(value):
        raise StatError(_("%(where)s is not a finite number.") % {"where": where})
    return float(value)


def read_jsonstat(text: str | bytes) -> Cube:
    """Decode a JSON-stat 2 dataset (or the first dataset of a bundle/collection)."""
    try:
        doc = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise StatError(_("The file is not valid JSON: %(error)s") % {"error": exc}) from exc
    if isinstance(doc, Mapping) and doc.get("class") == "collection":
        items = (doc.get("link") or {}).get("item") or []
        datasets = [i for i in items if isinstance(i, Mapping) and i.get("class") == "dataset"]
        if not datasets:
            raise StatError(_("The collection holds no embedded dataset."))
        doc = datasets[0]
    if not isinstance(doc, Mapping) or doc.get("class") != "dataset":
        raise StatError(_('The file is not a JSON-stat 2 dataset (no "class": "dataset").'))
    ids, sizes = doc.get("id"), doc.get("size")
    if (
        not isinstance(ids, list)
        or not isinstance(sizes, list)
        or len(ids) != len(sizes)
        or not ids
        or not all(isinstance(s, int) and s >= 0 for s in sizes)
    ):
        raise StatError(_('"id" and "size" must be lists of the same length.'))
    dims = doc.get("dimension")
    if not isinstance(dims, Mapping):
        raise StatError(_('The dataset has no "dimension" object.'))
    categories: dict[str, list[str]] = {}
    labels: dict[str, dict[str, str]] = {}
    for name, size in zip(ids, sizes, strict=True):
        if name not in dims:
            raise StatError(_("dimension.%(dim)s is missing.") % {"dim": name})
        categories[name] = _category_ids(name, dims[name], size)
        raw = dims[name]["category"].get("label") or {}
        labels[name] = {cat: str(raw.get(cat, cat)) for cat in categories[name]}
    total = math.prod(sizes)
    values = doc.get("value")
    if isinstance(values, list):
        if len(values) != total:
            raise StatError(
                _('"value" has %(n)d numbers but the sizes make %(total)d cells.')
                % {"n": len(values), "total": total}
            )
        flat: dict[int, Any] = dict(enumerate(values))
    elif isinstance(values, Mapping):
        flat = {}
        for key, value in values.items():
            if not str(key).isdigit() or int(key) >= total:
                raise StatError(_('value["%(key)s"] is outside the cube.') % {"key": key})
            flat[int(key)] = value
    else:
        raise StatError(_('"value" must be an array or an object.'))
    cells = []
    for position in sorted(flat):
        coords, rest = {}, position
        for name, size in zip(reversed(ids), reversed(sizes), strict=True):
            rest, index = divmod(rest, size)
            coords[name] = categories[name][index]
        coords = {name: coords[name] for name in ids}
        where = _("value[%(pos)d] (%(coords)s)") % {
            "pos": position,
            "coords": ", ".join(f"{k}={v}" for k, v in coords.items()),
        }
        cells.append(Cell(coords, _number(flat[position], where), position))
    extension = doc.get("extension") if isinstance(doc.get("extension"), Mapping) else {}
    return Cube(
        label=str(doc.get("label", "")),
        source=str(doc.get("source", "")),
        unit=str(extension.get("unit", "")) if extension else "",
        ids=list(ids),
        categories=categories,
        labels=labels,
        roles={k: list(v) for k, v in (doc.get("role") or {}).items() if isinstance(v, list)},
        cells=cells,
    )


def write_jsonstat(
    *,
    label: str,
    source: str,
    licence: str,
    updated: datetime.datetime | datetime.date,
    dimensions: Sequence[tuple[str, str, Sequence[tuple[str, str]]]],
    values: Mapping[tuple[str, ...], float | None],
    roles: Mapping[str, list[str]] | None = None,
    status: Mapping[tuple[str, ...], str] | None = None,
    note: Sequence[str] = (),
) -> dict[str, Any]:
    """A JSON-stat 2 dataset, written by the core's one writer (`arki.core.opendata`) with
    `licence` in its `extension`; `dimensions` = (id, label, [(category id, label)]) in
    order and `values` keyed by a tuple of category ids (missing keys become null)."""
    return _write_jsonstat(
        label=label,
        source=source,
        updated=updated,
        dimensions=dimensions,
        values=values,
        status=status,
        roles=roles,
        note=note,
        extension={"licence": licence},
    )


# --- periods and municipality codes -------------------------------------------------------

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})\s*(?:M|-)(\d{1,2})$", re.IGNORECASE)


def parse_period(text: str) -> tuple[datetime.date, str]:
    """A period code as (first day, kind): "2020", "2020Q3", "2020M04" or "2020-04"."""
    text = str(text).strip()
    if m := _YEAR.match(text):
        return datetime.date(int(m[1]), 1, 1), "year"
    if m := _QUARTER.match(text):
        return datetime.date(int(m[1]), 3 * int(m[2]) - 2, 1), "quarter"
    if (m := _MONTH.match(text)) and 1 <= int(m[2]) <= 12:
        return datetime.date(int(m[1]), int(m[2]), 1), "month"
    raise StatError(_("“%(text)s” is not a year, quarter or month.") % {"text": text})


def period_label(day: datetime.date, kind: str) -> str:
    if kind == "quarter":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    if kind == "month":
        return f"{day.year}M{day.month:02d}"
    return str(day.year)


def municipality_code(text: str) -> str:
    """Statistics Finland's three-digit code from "KU205", "205" or "5" (zero-padded)."""
    code = str(text).strip().upper()
    if code.startswith("KU"):
        code = code[2:]
    if not code.isdigit() or len(code) > 3:
        raise StatError(_("“%(text)s” is not a municipality code.") % {"text": text})
    return code.zfill(3)


# --- CSV ----------------------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    """Rows of a CSV file with a header (comma or semicolon separated, as Excel writes)."""
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames:
        raise StatError(_("The CSV file has no header row."))
    return [dict(row) for row in reader]


def csv_number(text: str, where: str) -> float | None:
    text = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if text in {"", ".", "..", "-"}:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError as exc:
        raise StatError(
            _("%(where)s: “%(value)s” is not a number.") % {"where": where, "value": text}
        ) from exc
    if not math.isfinite(value):
        raise StatError(_("%(where)s is not a finite number.") % {"where": where})
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))
    return out.getvalue()
