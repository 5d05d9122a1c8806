"""Open data files: CSV with a licence line, JSON-stat 2, and a Frictionless data package.

Plain Python, no Django (an import contract keeps it so): the public site's data page
(`arki/site/opendata.py`) turns each tool's `OpenDataset` (declared in its manifest's
`open_data`) into files with these functions.

How the licence is stated, the same way in every file:

- **CSV**: the first line is a comment, ``# Licence: CC BY 4.0 (https://…) …``, followed by
  the header row. The data package declares ``"dialect": {"commentChar": "#"}`` so that
  Frictionless tools skip it; Python readers skip lines starting with ``#``.
- **JSON-stat 2**: ``extension.licence`` and ``extension.licence_url``, and a sentence in
  ``note``.
- **pabulib `.pb`**: the META keys ``licence`` and ``licence_url``.
- **datapackage.json**: ``licenses`` of the package and of every resource.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .exports import safe_row

LICENCE = "CC BY 4.0"
LICENCE_NAME = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_TITLE = "Creative Commons Attribution 4.0"
#: Status of a JSON-stat cell (and of a CSV `status` column) withheld for k-anonymity.
WITHHELD = "withheld"


def licence_line(title: str, attribution: str) -> str:
    """The comment line that opens every CSV file (without its newline)."""
    text = f"Licence: {LICENCE} ({LICENCE_URL}). {title}. Attribution: {attribution}."
    return "# " + " ".join(text.split())


def write_csv(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str, attribution: str
) -> str:
    """A CSV file: the licence comment line, the header, the rows (cells that a spreadsheet
    would run as formulas are escaped by `safe_row`)."""
    out = io.StringIO()
    out.write(licence_line(title, attribution) + "\r\n")
    writer = csv.writer(out)
    writer.writerow(list(header))
    for row in rows:
        writer.writerow(safe_row("" if cell is None else cell for cell in row))
    return out.getvalue()


def read_csv(text: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(header, rows, comment lines) of a file written by `write_csv`: for tests and users."""
    comments: list[str] = []
    lines: list[str] = []
    for line in text.splitlines(keepends=True):
        if not lines and line.startswith("#"):
            comments.append(line.rstrip("\r\n"))
        else:
            lines.append(line)
    table = list(csv.reader(io.StringIO("".join(lines))))
    return (table[0] if table else []), table[1:], comments


def write_jsonstat(
    *,
    label: str,
    source: str,
    updated: datetime.datetime | datetime.date,
    dimensions: Sequence[tuple[str, str, Sequence[tuple[str, str]]]],
    values: Mapping[tuple[str, ...], float | int | None],
    status: Mapping[tuple[str, ...], str] | None = None,
    roles: Mapping[str, list[str]] | None = None,
    note: Sequence[str] = (),
    extension: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A JSON-stat 2 dataset (https://json-stat.org/format/).

    `dimensions` are (id, label, [(category id, category label), …]) in order; `values` are
    keyed by a tuple of category ids (a missing key is a null cell). The value array is in
    row-major order: the last dimension changes fastest. The licence goes in `extension`
    and `note`.
    """
    ids = [d[0] for d in dimensions]
    dims: dict[str, Any] = {
        dim_id: {
            "label": dim_label,
            "category": {
                "index": [c[0] for c in cats],
                "label": {c[0]: c[1] for c in cats},
            },
        }
        for dim_id, dim_label, cats in dimensions
    }
    flat: list[float | int | None] = []
    flat_status: dict[str, str] = {}

    def walk(prefix: tuple[str, ...], depth: int) -> None:
        if depth == len(dimensions):
            if status and prefix in status:
                flat_status[str(len(flat))] = status[prefix]
            flat.append(values.get(prefix))
            return
        for cat_id, _label in dimensions[depth][2]:
            walk((*prefix, cat_id), depth + 1)

    walk((), 0)
    doc: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": label,
        "source": source,
        "updated": updated.isoformat(),
        "id": ids,
        "size": [len(d[2]) for d in dimensions],
        "dimension": dims,
        "value": flat,
        "extension": {"licence": LICENCE, "licence_url": LICENCE_URL, **(extension or {})},
        "note": [f"Licence: {LICENCE} ({LICENCE_URL}).", *note],
    }
    if flat_status:
        doc["status"] = flat_status
    if roles:
        doc["role"] = {key: list(value) for key, value in roles.items()}
    return doc


def jsonstat_from_rows(
    *,
    label: str,
    source: str,
    updated: datetime.datetime | datetime.date,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    dimensions: Sequence[tuple[str, str]],
    labels: Mapping[str, str] | None = None,
    value: str = "value",
    status: str | None = "status",
    roles: Mapping[str, list[str]] | None = None,
    note: Sequence[str] = (),
) -> dict[str, Any]:
    """A JSON-stat 2 cube from long-format rows: `dimensions` names the (column, label) of
    each dimension; `labels` maps a dimension column to a column holding its categories'
    labels; `value` is the measure column and `status` (if present) the cell's status."""
    position = {name: k for k, name in enumerate(header)}
    categories: dict[str, dict[str, str]] = {name: {} for name, _label in dimensions}
    values: dict[tuple[str, ...], float | int | None] = {}
    statuses: dict[tuple[str, ...], str] = {}
    for row in rows:
        key = []
        for name, _label in dimensions:
            cat = str(row[position[name]])
            label_column = (labels or {}).get(name)
            shown = str(row[position[label_column]]) if label_column else cat
            categories[name].setdefault(cat, shown)
            key.append(cat)
        cell = row[position[value]]
        values[tuple(key)] = None if cell in (None, "") else cell
        if status and status in position and row[position[status]]:
            statuses[tuple(key)] = str(row[position[status]])
    return write_jsonstat(
        label=label,
        source=source,
        updated=updated,
        dimensions=[
            (name, dim_label, list(categories[name].items())) for name, dim_label in dimensions
        ],
        values=values,
        status=statuses,
        roles=roles,
        note=note,
    )


def check_jsonstat(doc: Mapping[str, Any]) -> None:
    """Raise ValueError unless `doc` is a structurally sound JSON-stat 2 dataset."""
    if doc.get("version") != "2.0" or doc.get("class") != "dataset":
        raise ValueError("not a JSON-stat 2.0 dataset")
    ids, sizes, dims = doc.get("id"), doc.get("size"), doc.get("dimension")
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise ValueError('"id" and "size" must be lists of the same length')
    if not isinstance(dims, Mapping) or set(dims) != set(ids):
        raise ValueError('"dimension" must describe exactly the dimensions of "id"')
    total = 1
    for name, size in zip(ids, sizes, strict=True):
        index = dims[name]["category"]["index"]
        if len(index) != size or len(set(index)) != size:
            raise ValueError(f"dimension {name}: {len(index)} categories, size {size}")
        if set(dims[name]["category"]["label"]) != set(index):
            raise ValueError(f"dimension {name}: labels do not match the index")
        total *= size
    if len(doc.get("value", [])) != total:
        raise ValueError(f'"value" has {len(doc.get("value", []))} cells, the sizes make {total}')
    for key in doc.get("status", {}):
        if not key.isdigit() or int(key) >= total:
            raise ValueError(f"status {key} is outside the cube")


def dumps(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1)


def data_package(
    *,
    name: str,
    title: str,
    description: str,
    homepage: str,
    created: datetime.datetime,
    resources: Sequence[Mapping[str, Any]],
    contributors: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """A Frictionless Data Package (https://specs.frictionlessdata.io/data-package/)."""
    licence = {"name": LICENCE_NAME, "path": LICENCE_URL, "title": LICENCE_TITLE}
    return {
        "profile": "data-package",
        "name": name,
        "title": title,
        "description": description,
        "homepage": homepage,
        "created": created.isoformat(),
        "licenses": [licence],
        "contributors": list(contributors),
        "resources": [{**resource, "licenses": [licence]} for resource in resources],
    }
