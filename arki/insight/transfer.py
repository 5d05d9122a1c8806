"""CSV/XLSX export and import of service maps and diaries.

Exports are pseudonymised unless the user may see identities in every municipality they
export. Imports check every row first and write nothing unless all rows are right; the
report names each bad row (by its line in the file, the header being line 1) and why.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any, BinaryIO, NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arki.core.models import Person, Process, User
from arki.core.permissions import can, municipality_scope

from .chart_counts import chart_counts_add, chart_counts_batch, chart_counts_remove
from .compute.tabular import write_table
from .enums import Frequency, HelpFrom, Served, TravelMode, UseChannel
from .models import DiaryDay, Participant, ServiceUse, service_use_errors
from .prompts import PROMPT_FIELDS
from .redaction import TextGate
from .selectors import catalogue, insight_workshop
from .services import data_changed

IDENTITY_COLUMNS = ["name", "email", "phone"]
PERSON_COLUMNS = ["code", "municipality", "age_band"]
MAP_COLUMNS = [
    "service",
    "category",
    "sector",
    "frequency",
    "channel",
    "distance_km",
    "travel_minutes",
    "travel_mode",
]
DIARY_COLUMNS = ["day", *PROMPT_FIELDS[:4], "services", *PROMPT_FIELDS[4:], "served", "help_from"]
REQUIRED = {
    "maps": [
        "code",
        "service",
        "frequency",
        "channel",
        "distance_km",
        "travel_minutes",
        "travel_mode",
    ],
    "diaries": ["code", "day"],
}
LIST_SEPARATOR = ";"
#: Participants written per step (also keeps IN lists under SQLite's parameter limit).
CHUNK = 2000
MAX_TEXT = 3000
PROGRESS_ROWS = 5000


def export_shows_identity(user: User | AnonymousUser, process: Process) -> bool:
    """Identities go into a file only if the user may see them for everyone in it."""
    scope = municipality_scope(user, "insight.export", process)
    if scope is None:
        return (
            can(user, "person.identity", process)
            and municipality_scope(user, "person.identity", process) is None
        )
    return all(can(user, "person.identity", process, m) for m in scope)


def export_header(kind: str, identity: bool) -> list[str]:
    columns = MAP_COLUMNS if kind == "maps" else DIARY_COLUMNS
    return [*PERSON_COLUMNS, *(IDENTITY_COLUMNS if identity else []), *columns]


def _person_values(person_row: dict[str, Any], identity: bool) -> list[Any]:
    values = [person_row["code"], person_row["municipality"], person_row["age_band"]]
    if identity:
        values += [person_row["name"], person_row["email"], person_row["phone"]]
    return values


def export_rows(
    participants: QuerySet[Participant], kind: str, identity: bool
) -> Iterator[list[Any]]:
    """Rows in participant-code order, streamed in chunks (constant memory)."""
    if kind == "maps":
        yield from _map_rows(participants, identity)
    else:
        yield from _diary_rows(participants, identity)


def export_row_count(participants: QuerySet[Participant], kind: str) -> int:
    """How many rows `export_rows` gives (for a job's progress bar)."""
    if kind == "maps":
        return ServiceUse.objects.filter(participant__in=participants.values("pk")).count()
    return DiaryDay.objects.filter(
        participant__in=participants.values("pk"), saved_at__isnull=False
    ).count()


def export_write(
    out: BinaryIO,
    participants: QuerySet[Participant],
    *,
    kind: str,
    fmt: str,
    identity: bool,
    progress: Callable[[int], None] | None = None,
) -> int:
    """The export file (CSV or XLSX) into `out`, for a download or a background job.

    Returns the number of rows; `progress(rows written)` is called every `PROGRESS_ROWS`.
    """
    written = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal written
        for row in export_rows(participants, kind, identity):
            yield row
            written += 1
            if progress is not None and written % PROGRESS_ROWS == 0:
                progress(written)

    write_table(export_header(kind, identity), rows(), fmt, kind, out)
    return written


PERSON_FIELDS = {
    "code": "participant__person__code",
    "municipality": "participant__person__municipality__name",
    "age_band": "participant__person__age_band",
    "name": "participant__person__full_name",
    "email": "participant__person__email",
    "phone": "participant__person__phone",
}


def _gate(participants: QuerySet[Participant], identity: bool) -> TextGate | None:
    """No gate for a user who sees identities (raw text, audit-logged export); else the one
    every analyst-facing path uses: reviewed texts only, redacted and masked."""
    if identity:
        return None
    process_id = participants.values_list("workshop__process_id", flat=True).first()
    return TextGate.for_process(process_id) if process_id is not None else None


def _batches(rows: Iterable[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _map_rows(participants: QuerySet[Participant], identity: bool) -> Iterator[list[Any]]:
    uses = (
        ServiceUse.objects.filter(participant__in=participants.values("pk"))
        .order_by("participant__person__code", "position", "pk")
        .values(
            *PERSON_FIELDS.values(),
            "participant_id",
            "service__name",
            "service_text",
            "service__category",
            "service__sector",
            "frequency",
            "channel",
            "distance_km",
            "travel_minutes",
            "travel_mode",
        )
    )
    gate = _gate(participants, identity)
    for batch in _batches(uses.iterator(chunk_size=5000)):
        if gate is not None:
            gate.prepare({row["participant_id"] for row in batch})
        yield from (_map_row_values(row, identity, gate) for row in batch)


def _map_row_values(row: dict[str, Any], identity: bool, gate: TextGate | None) -> list[Any]:
    person = {key: row[path] for key, path in PERSON_FIELDS.items()}
    free_text = row["service_text"]
    if gate is not None and not row["service__name"]:
        free_text = gate.cell(gate.service_text(row["participant_id"], free_text))
    return [
        *_person_values(person, identity),
        row["service__name"] or free_text,
        row["service__category"] or "",
        row["service__sector"] or "",
        row["frequency"],
        row["channel"],
        row["distance_km"],
        row["travel_minutes"],
        row["travel_mode"],
    ]


def _diary_rows(participants: QuerySet[Participant], identity: bool) -> Iterator[list[Any]]:
    days = (
        DiaryDay.objects.filter(participant__in=participants.values("pk"), saved_at__isnull=False)
        .order_by("participant__person__code", "day")
        .values(
            "pk",
            "participant_id",
            *PERSON_FIELDS.values(),
            "day",
            *PROMPT_FIELDS,
            "served",
            "help_from",
        )
    )
    names = _day_service_names(participants)
    gate = _gate(participants, identity)
    for batch in _batches(days.iterator(chunk_size=5000)):
        if gate is not None:
            gate.prepare({row["participant_id"] for row in batch}, [row["pk"] for row in batch])
        for row in batch:
            if gate is not None:
                for f in PROMPT_FIELDS:
                    row[f] = gate.cell(gate.diary(row["pk"], row["participant_id"], f, row[f]))
            person = {key: row[path] for key, path in PERSON_FIELDS.items()}
            yield [
                *_person_values(person, identity),
                row["day"],
                *[row[f] for f in PROMPT_FIELDS[:4]],
                LIST_SEPARATOR.join(names.get(row["pk"], [])),
                *[row[f] for f in PROMPT_FIELDS[4:]],
                row["served"],
                LIST_SEPARATOR.join(row["help_from"] or []),
            ]


def _day_service_names(participants: QuerySet[Participant]) -> dict[int, list[str]]:
    through = DiaryDay.services.through.objects.filter(
        diaryday__participant__in=participants.values("pk")
    ).values_list("diaryday_id", "service__name")
    names: dict[int, list[str]] = {}
    for day_id, name in through.iterator(chunk_size=5000):
        names.setdefault(day_id, []).append(name)
    return names


# --- import ----------------------------------------------------------------------------------


#: Rows of errors kept in a job's result (and so on its status page); the total is kept too.
ERRORS_KEPT = 100


@dataclass
class ImportResult:
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    imported: int = 0
    #: Why the file as a whole could not be read (binary, not text, a cell too long).
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.reason

    def as_dict(self) -> dict[str, Any]:
        """What the job stores: the first ERRORS_KEPT errors and their total, so that 200,000
        bad rows make a small result and a readable page."""
        return {
            "rows": self.rows,
            "imported": self.imported,
            "errors": self.errors[:ERRORS_KEPT],
            "error_count": len(self.errors),
            "reason": self.reason,
        }


class ImportFileError(ValueError):
    """The upload cannot be read as a table; the message says why, for the user."""


class UploadTable(NamedTuple):
    header: list[str]
    #: Reads the rows afresh on each call (the import reads the file twice, keeping none).
    rows: Callable[[], Iterator[dict[str, str]]]
    expected_rows: int


#: Bytes looked at to tell a table from something else.
SNIFF_BYTES = 8192
_ZIP_MAGIC = b"PK\x03\x04"


def upload_problem(head: bytes, filename: str) -> str:
    """Why a file starting with `head` is not a CSV or XLSX table ("" if it may be one).

    Used by the upload form (before anything is stored) and by the import job."""
    if filename.lower().endswith(".xlsx"):
        if not head.startswith(_ZIP_MAGIC):
            return _("The file is not an Excel workbook, although its name ends in .xlsx.")
        return ""
    if head.startswith(_ZIP_MAGIC):
        return _(
            "The file is not a CSV table: it looks like an Excel workbook or another packed "
            "file. Save it as .xlsx or as CSV."
        )
    if b"\x00" in head:
        return _(
            "The file is not a CSV table: it looks like a binary file (a program, an image or "
            "a document). Save the table as CSV (UTF-8) or XLSX."
        )
    return ""


def upload_table(open_file: Callable[[], IO[bytes]], filename: str) -> UploadTable:
    """The header and a row reader of an uploaded CSV or XLSX file, read as a stream (never
    whole into memory). Raises ImportFileError with the reason the file cannot be read."""
    with open_file() as handle:
        problem = upload_problem(handle.read(SNIFF_BYTES), filename)
    if problem:
        raise ImportFileError(problem)
    if filename.lower().endswith(".xlsx"):
        return _xlsx_table(open_file)
    return _csv_table(open_file)


def _csv_encoding(open_file: Callable[[], IO[bytes]]) -> tuple[str, int]:
    """UTF-8 (with or without BOM) if the whole file is, else Windows-1252 (Excel's CSV);
    also the number of lines. Read in 1 MB pieces."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding, lines = "utf-8-sig", 0
    with open_file() as handle:
        while piece := handle.read(1 << 20):
            lines += piece.count(b"\n")
            if encoding == "utf-8-sig":
                try:
                    decoder.decode(piece)
                except UnicodeDecodeError:
                    encoding = "cp1252"
    if encoding == "utf-8-sig":
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "cp1252"
    return encoding, lines


def _csv_table(open_file: Callable[[], IO[bytes]]) -> UploadTable:
    encoding, lines = _csv_encoding(open_file)
    with open_file() as handle:
        sample = handle.read(SNIFF_BYTES).decode(encoding, errors="ignore")
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel

    def records() -> Iterator[list[str]]:
        with open_file() as handle:
            stream = io.TextIOWrapper(handle, encoding=encoding, newline="")
            reader = csv.reader(stream, dialect)
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    if "field larger than field limit" in str(error):
                        raise ImportFileError(
                            _(
                                "Line %(line)s has a cell longer than %(limit)s characters; "
                                "no cell of an import may be that long."
                            )
                            % {"line": reader.line_num, "limit": f"{csv.field_size_limit():,}"}
                        ) from None
                    raise ImportFileError(
                        _("Line %(line)s is not valid CSV: %(error)s")
                        % {"line": reader.line_num, "error": error}
                    ) from None
                except UnicodeDecodeError:
                    raise ImportFileError(
                        _(
                            "The file is not text in UTF-8 or Windows-1252 (near line "
                            "%(line)s). Save the table as CSV (UTF-8)."
                        )
                        % {"line": reader.line_num + 1}
                    ) from None
                yield record

    header = [h.strip().lower() for h in next(records(), [])]
    if not any(header):
        raise ImportFileError(_("The file is empty: it has no header row."))

    def rows() -> Iterator[dict[str, str]]:
        body = records()
        next(body, None)
        for record in body:
            yield dict(zip(header, (v.strip() for v in record), strict=False))

    return UploadTable(header, rows, max(lines - 1, 0))


def _xlsx_table(open_file: Callable[[], IO[bytes]]) -> UploadTable:
    from openpyxl import load_workbook

    def sheet_rows() -> Iterator[tuple[Any, ...]]:
        with open_file() as handle:
            try:
                workbook = load_workbook(handle, read_only=True, data_only=True)
            except Exception as error:
                raise ImportFileError(
                    _("The Excel workbook cannot be read: %(error)s") % {"error": error}
                ) from None
            try:
                yield from workbook.worksheets[0].iter_rows(values_only=True)
            finally:
                workbook.close()

    header = [str(h or "").strip().lower() for h in next(sheet_rows(), ())]
    if not any(header):
        raise ImportFileError(_("The file is empty: it has no header row."))

    def rows() -> Iterator[dict[str, str]]:
        body = sheet_rows()
        next(body, None)
        for row in body:
            yield {
                h: "" if v is None else str(v).strip() for h, v in zip(header, row, strict=False)
            }

    return UploadTable(header, rows, 0)


@functools.cache
def _choice_map(choices: Any) -> dict[str, str]:
    """Codes and labels (Finnish, Swedish, English) of a choices class → code, lower-cased."""
    mapping: dict[str, str] = {}
    for language in ("en", "sv", "fi"):
        with translation.override(language):
            for value, label in choices.choices:
                mapping[str(label).lower()] = str(value)
    mapping.update({str(value).lower(): str(value) for value in choices.values})
    return mapping


def _choice(value: str, choices: Any) -> str | None:
    """The choice value for a code or a label in Finnish, Swedish or English."""
    return _choice_map(choices).get(value.strip().lower())


class _Lookup:
    """Catalogue names, then participant codes, resolved once for the whole file."""

    def __init__(self, process: Process, user: User | AnonymousUser) -> None:
        self.process, self.user = process, user
        self.people: dict[str, int] = {}
        self.services: dict[str, int] = {}
        for service in catalogue(process):
            for name in (service.name, service.name_sv, service.name_en):
                if name:
                    self.services.setdefault(name.strip().lower(), service.pk)

    def load_people(self, codes: set[str]) -> None:
        """The file's codes that belong to people in the user's municipalities."""
        scope = municipality_scope(self.user, "insight.import", self.process)
        for chunk in _chunks(codes):
            people = Person.objects.filter(process=self.process, code__in=chunk)
            if scope is not None:
                people = people.filter(municipality_id__in=scope)
            self.people.update(people.values_list("code", "pk"))


def _chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    """Slices small enough for any database's limit on query parameters."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _map_row(row: dict[str, str], lookup: _Lookup) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    values: dict[str, Any] = {"code": row.get("code", "").strip().upper()}
    for name, choices in (
        ("frequency", Frequency),
        ("channel", UseChannel),
        ("travel_mode", TravelMode),
    ):
        values[name] = _choice(row.get(name, ""), choices)
        if values[name] is None:
            problems.append(
                _("unknown %(column)s “%(value)s”") % {"column": name, "value": row.get(name, "")}
            )
    try:
        values["distance_km"] = Decimal((row.get("distance_km") or "0").replace(",", "."))
        values["travel_minutes"] = int(float((row.get("travel_minutes") or "0").replace(",", ".")))
    except (InvalidOperation, ValueError):
        problems.append(_("distance and travel time must be numbers"))
        return values, problems
    if values["distance_km"] < 0 or values["travel_minutes"] < 0:
        problems.append(_("distance and travel time cannot be negative"))
    name = row.get("service", "").strip()
    values["service"] = lookup.services.get(name.lower())
    values["service_text"] = "" if values["service"] else name[:120]
    if not problems:
        problems += [
            str(message)
            for message in service_use_errors(
                has_service=bool(name),
                channel=values["channel"],
                travel_mode=values["travel_mode"],
                distance_km=values["distance_km"],
                travel_minutes=values["travel_minutes"],
            ).values()
        ]
    return values, problems


def _diary_row(row: dict[str, str], lookup: _Lookup) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    values: dict[str, Any] = {"code": row.get("code", "").strip().upper()}
    try:
        values["day"] = int(row.get("day", ""))
    except ValueError:
        values["day"] = 0
    if not 1 <= values["day"] <= 7:
        problems.append(_("the day must be a number from 1 to 7"))
    for name in PROMPT_FIELDS:
        values[name] = row.get(name, "")
        if len(values[name]) > MAX_TEXT:
            problems.append(
                _("%(column)s is longer than %(max)d characters")
                % {"column": name, "max": MAX_TEXT}
            )
    served = row.get("served", "").strip()
    values["served"] = _choice(served, Served) if served else ""
    if values["served"] is None:
        problems.append(_("unknown served “%(value)s”") % {"value": served})
    helpers = [h for h in row.get("help_from", "").split(LIST_SEPARATOR) if h.strip()]
    values["help_from"] = [_choice(h, HelpFrom) for h in helpers]
    if None in values["help_from"]:
        problems.append(_("unknown help_from “%(value)s”") % {"value": row.get("help_from", "")})
    names = [n.strip().lower() for n in row.get("services", "").split(LIST_SEPARATOR) if n.strip()]
    values["services"] = [lookup.services[n] for n in names if n in lookup.services]
    unknown = [n for n in names if n not in lookup.services]
    if unknown:
        extra = ", ".join(unknown)
        values["services_text"] = f"{values['services_text']} {extra}".strip()
    return values, problems


Rows = Iterable[dict[str, str]] | Callable[[], Iterable[dict[str, str]]]


def import_table(
    *,
    process: Process,
    kind: str,
    header: list[str],
    rows: Rows,
    by: User,
    progress: Any = None,
    expected_rows: int = 0,
) -> ImportResult:
    """Validate every row; import all of them in one transaction, or none.

    `rows` may be a function that reads the file afresh: the import then reads it twice
    (first to check every row, then to write per chunk) and keeps no rows in memory, so a
    file of any size imports in constant memory. A plain iterable is read once into a list.
    """
    result = ImportResult()
    missing = [c for c in REQUIRED[kind] if c not in header]
    if missing:
        result.errors.append(
            (1, _("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        )
        return result
    if callable(rows):
        read = rows
    else:
        materialized = list(rows)

        def read() -> Iterable[dict[str, str]]:
            return materialized

    lookup = _Lookup(process, by)
    parse = _map_row if kind == "maps" else _diary_row
    problems_at: dict[int, list[str]] = {}
    lines_of_code: dict[str, list[int]] = {}
    seen_days: set[tuple[str, int]] = set()
    for line, row in enumerate(read(), start=2):
        result.rows += 1
        if not any(row.values()):
            continue
        values, problems = parse(row, lookup)
        if kind == "diaries":
            key = (values["code"], values["day"])
            if key in seen_days:
                problems.append(
                    _("day %(day)s of %(code)s appears twice") % {"day": key[1], "code": key[0]}
                )
            seen_days.add(key)
        if problems:
            problems_at[line] = problems
        lines_of_code.setdefault(values["code"], []).append(line)
        if progress is not None and line % 5000 == 0:
            progress(line, max(expected_rows, line), _("Checking rows"))
    lookup.load_people(set(lines_of_code))
    for code, lines in lines_of_code.items():
        if code not in lookup.people:
            unknown = _("unknown participant code “%(code)s”") % {"code": code}
            for line in lines:
                problems_at.setdefault(line, []).insert(0, unknown)
    result.errors = [(line, "; ".join(problems)) for line, problems in sorted(problems_at.items())]
    if result.errors:
        return result
    # The chart counts change once, at the end: a long import must not hold their locks.
    with transaction.atomic(), chart_counts_batch():
        people = {code: lookup.people[code] for code in lines_of_code}
        participants = _participants(process, set(people.values()), by)
        model = ServiceUse if kind == "maps" else DiaryDay
        ids = list(participants.values())
        for chunk in _chunks(ids):
            old = model.objects.filter(participant_id__in=chunk)
            if kind == "maps":
                chart_counts_remove(uses=old)
            old.delete()
        flush = _MapWriter(by) if kind == "maps" else _DiaryWriter(by)
        batch: list[tuple[int, dict[str, Any]]] = []
        for row in read():
            if any(row.values()):
                values, _problems = parse(row, lookup)
                batch.append((participants[people[values["code"]]], values))
            if len(batch) >= CHUNK:
                result.imported += flush(batch)
                batch = []
        result.imported += flush(batch)
        now = timezone.now()
        for chunk in _chunks(ids):
            returned = Participant.objects.filter(pk__in=chunk)
            if kind == "maps":
                chart_counts_add(uses=ServiceUse.objects.filter(participant_id__in=chunk))
                returned.filter(map_submitted_at__isnull=True).update(map_submitted_at=now)
            else:
                returned.filter(diary_returned_at__isnull=True).update(diary_returned_at=now)
        data_changed(process)
    return result


def _participants(process: Process, person_ids: set[int], by: User) -> dict[int, int]:
    """Person id → participant id, enrolling those not yet enrolled."""
    workshop = insight_workshop(process)
    mapping: dict[int, int] = {}
    for chunk in _chunks(person_ids):
        existing = Participant.objects.filter(workshop=workshop, person_id__in=chunk)
        mapping.update(existing.values_list("person_id", "pk"))
        new = [
            Participant(person_id=pk, workshop=workshop, created_by=by, modified_by=by)
            for pk in chunk
            if pk not in mapping
        ]
        Participant.objects.bulk_create(new)  # not create_clean: one insert per chunk of a file
        mapping.update(existing.values_list("person_id", "pk"))
    return mapping


class _MapWriter:
    """Writes service-map rows in file order, numbering each participant's rows."""

    def __init__(self, by: User) -> None:
        self.by = by
        self.positions: dict[int, int] = {}

    def __call__(self, batch: list[tuple[int, dict[str, Any]]]) -> int:
        uses = []
        for participant_id, values in batch:
            self.positions[participant_id] = self.positions.get(participant_id, 0) + 1
            uses.append(
                ServiceUse(
                    participant_id=participant_id,
                    service_id=values["service"],
                    service_text=values["service_text"],
                    frequency=values["frequency"],
                    channel=values["channel"],
                    distance_km=values["distance_km"],
                    travel_minutes=values["travel_minutes"],
                    travel_mode=values["travel_mode"],
                    position=self.positions[participant_id],
                    created_by=self.by,
                    modified_by=self.by,
                )
            )
        # Not create_clean: the rows were checked when the file was read; one insert per batch.
        ServiceUse.objects.bulk_create(uses)
        return len(uses)


class _DiaryWriter:
    """Writes saved diary days and links each day to its catalogue services."""

    def __init__(self, by: User) -> None:
        self.by = by
        self.now = timezone.now()

    def __call__(self, batch: list[tuple[int, dict[str, Any]]]) -> int:
        # Not create_clean: the rows were checked when the file was read; one insert per batch.
        days = DiaryDay.objects.bulk_create(
            [
                DiaryDay(
                    participant_id=participant_id,
                    day=values["day"],
                    served=values["served"],
                    help_from=values["help_from"],
                    saved_at=self.now,
                    created_by=self.by,
                    modified_by=self.by,
                    **{name: values[name] for name in PROMPT_FIELDS},
                )
                for participant_id, values in batch
            ]
        )
        through = DiaryDay.services.through
        through.objects.bulk_create(
            [
                through(diaryday_id=day.pk, service_id=service_id)
                for day, (_participant_id, values) in zip(days, batch, strict=True)
                for service_id in dict.fromkeys(values["services"])
            ]
        )
        return len(days)
