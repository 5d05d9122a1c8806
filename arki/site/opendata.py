"""A public process's open data: every installed tool's `open_data` datasets as files.

The site imports no tool: it reads the datasets from the registry (`registry.open_datasets()`)
and writes them with the core's plain-Python writers (`arki/core/opendata.py`): CSV with a
licence comment line, JSON-stat 2, the tool's own files (pabulib), and a Frictionless data
package describing them all. A dataset with no rows is not offered (nothing published yet).
The tools decide what is published and withhold rows under the k-anonymity size; the site
only serves what they return.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from arki.core import opendata
from arki.core.models import Process
from arki.core.registry import OpenDataset, OpenFile, registry

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


@dataclass
class PublishedDataset:
    """A dataset of one process with its rows and further files, as the data page lists it."""

    dataset: OpenDataset
    rows: list[list[Any]]
    files: list[OpenFile]

    @property
    def name(self) -> str:
        return self.dataset.name

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.dataset.columns]


def published_datasets(process: Process) -> list[PublishedDataset]:
    """Every installed tool's datasets that have something published for the process."""
    found = []
    for dataset in registry.open_datasets():
        rows = [list(row) for row in dataset.rows(process)]
        files = list(dataset.files(process)) if dataset.files is not None else []
        if rows or files:
            found.append(PublishedDataset(dataset, rows, files))
    return found


def get_dataset(process: Process, name: str) -> PublishedDataset:
    """One dataset of the process by name, or 404 (unknown, or nothing published)."""
    for dataset in registry.open_datasets():
        if dataset.name == name:
            rows = [list(row) for row in dataset.rows(process)]
            files = list(dataset.files(process)) if dataset.files is not None else []
            if rows or files:
                return PublishedDataset(dataset, rows, files)
    raise Http404


def attribution(process: Process) -> str:
    return gettext("Arki, %(process)s") % {"process": process.tr("name")}


def dataset_title(process: Process, item: PublishedDataset) -> str:
    return f"{item.dataset.title} ({process.tr('name')})"


def csv_text(process: Process, item: PublishedDataset) -> str:
    return opendata.write_csv(
        item.header,
        item.rows,
        title=dataset_title(process, item),
        attribution=attribution(process),
    )


def jsonstat_doc(process: Process, item: PublishedDataset) -> dict[str, Any]:
    if not item.dataset.jsonstat:
        raise Http404
    columns = item.dataset.columns
    dimensions = [(c.name, str(c.title)) for c in columns if c.dimension]
    names = {c.name for c in columns}
    # A dimension `x` may have its categories' labels in a column `x_label`.
    labels = {name: f"{name}_label" for name, _t in dimensions if f"{name}_label" in names}
    roles: dict[str, list[str]] = {}
    if "month" in names or "period" in names:
        roles["time"] = [n for n in ("month", "period") if n in names]
    if "area" in names:
        roles["geo"] = ["area"]
    return opendata.jsonstat_from_rows(
        label=dataset_title(process, item),
        source=attribution(process),
        updated=timezone.now().replace(microsecond=0),
        header=item.header,
        rows=item.rows,
        dimensions=dimensions,
        labels=labels,
        status="status" if "status" in names else None,
        roles=roles,
        note=[str(item.dataset.description)],
    )


def csv_filename(process: Process, item: PublishedDataset) -> str:
    return f"{process.slug}-{item.name}.csv"


def json_filename(process: Process, item: PublishedDataset) -> str:
    return f"{process.slug}-{item.name}.jsonstat.json"


def package(process: Process, datasets: list[PublishedDataset], homepage: str, urls) -> dict:
    """The Frictionless data package of the process: one resource per file, with the table
    schema (field names, types and descriptions) of every CSV. `urls(kind, item, file)`
    gives each file's address."""
    resources: list[dict[str, Any]] = []
    for item in datasets:
        schema = {
            "fields": [
                {
                    "name": c.name,
                    "title": str(c.title),
                    "description": str(c.description),
                    "type": c.type,
                }
                for c in item.dataset.columns
            ]
        }
        if item.rows:
            resources.append(
                {
                    "name": item.name,
                    "title": str(item.dataset.title),
                    "description": str(item.dataset.description),
                    "path": urls("csv", item, None),
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "dialect": {"commentChar": "#", "header": True, "delimiter": ","},
                    "profile": "tabular-data-resource",
                    "schema": schema,
                }
            )
            if item.dataset.jsonstat:
                resources.append(
                    {
                        "name": f"{item.name}-jsonstat",
                        "title": f"{item.dataset.title} (JSON-stat 2)",
                        "description": str(item.dataset.description),
                        "path": urls("json", item, None),
                        "format": "json",
                        "mediatype": "application/json",
                        "encoding": "utf-8",
                    }
                )
        for file in item.files:
            resources.append(
                {
                    "name": file.filename.rsplit(".", 1)[0].lower(),
                    "title": str(file.title),
                    "description": str(item.dataset.description),
                    "path": urls("file", item, file),
                    "format": file.filename.rsplit(".", 1)[-1],
                    "mediatype": file.media_type.split(";")[0],
                    "encoding": "utf-8",
                }
            )
    return opendata.data_package(
        name=f"arki-{process.slug}",
        title=str(process.tr("name")),
        description=gettext(
            "Published results of the participation process %(process)s as open data."
        )
        % {"process": process.tr("name")},
        homepage=homepage,
        created=timezone.now().replace(microsecond=0),
        resources=resources,
        contributors=[{"title": attribution(process), "role": "publisher"}],
    )


# --- the site's own dataset: published workshop results ---------------------------------------


def _k() -> int:
    from django.conf import settings

    return int(settings.ARKI_K_ANONYMITY)


def workshop_rows(process: Process) -> list[list[Any]]:
    """Workshops whose results are published: what the public workshop page shows. The
    number of participants is left empty below the k-anonymity size."""

    rows = []
    for workshop in (
        process.workshops.filter(is_published=True)
        .select_related("municipality", "phase")
        .order_by("position")
    ):
        count = workshop.participant_count
        rows.append(
            [
                workshop.position,
                workshop.tr("title"),
                workshop.date.isoformat() if workshop.date else "",
                workshop.municipality.code if workshop.municipality else "",
                str(workshop.municipality) if workshop.municipality else "",
                count if count is not None and count >= _k() else "",
                workshop.tr("results_summary"),
                timezone.localtime(workshop.published_at).date().isoformat()
                if workshop.published_at
                else "",
            ]
        )
    return rows
