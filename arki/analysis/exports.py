"""Exports of coded work: REFI-QDA (.qdpx), CSV and Excel of coded segments.

Every text goes through `documents` (redacted) and people appear only by pseudonym code;
coders appear by user name, which is staff data, not participant data.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from arki.core.exports import safe_row
from arki.core.models import Process, User
from arki.insight.models import DiaryDay, Participant

from .documents import Entry, entries_for_days
from .models import Code, Coding, Memo
from .refi.qdpx import CodeNode, Note, Project, Selection, Source, guid


def _diary_document(entries: list[Entry]) -> tuple[str, dict[str, int]]:
    """One text per diary: a heading line per answer; returns (text, offset of each answer)."""
    parts: list[str] = []
    offsets: dict[str, int] = {}
    position = 0
    for entry in entries:
        heading = f"{_('Day')} {entry.day} – {entry.label}\n"
        parts.append(heading)
        position += len(heading)
        offsets[entry.key] = position
        parts.append(entry.text + "\n\n")
        position += len(entry.text) + 2
    return "".join(parts), offsets


def _code_tree(codes: list[Code]) -> list[CodeNode]:
    nodes = {c.pk: CodeNode(guid("code", c.pk), c.name, c.description, c.color) for c in codes}
    roots = []
    for code in codes:
        if code.parent_id and code.parent_id in nodes:
            nodes[code.parent_id].children.append(nodes[code.pk])
        else:
            roots.append(nodes[code.pk])
    return roots


def refi_project(process: Process, diaries: Iterable[Participant]) -> Project:
    diaries = list(diaries)
    codes = list(Code.objects.filter(process=process).order_by("position", "name"))
    project = Project(name=str(process), codes=_code_tree(codes))
    days = DiaryDay.objects.filter(participant__in=diaries).order_by("participant", "day")
    entries_by: dict[int, list[Entry]] = defaultdict(list)
    participant_of = {}
    for day in days:
        participant_of[day.pk] = day.participant_id
    for entry in entries_for_days(days):
        entries_by[participant_of[entry.day_id]].append(entry)
    codings = Coding.objects.filter(day__participant__in=diaries).select_related("coder")
    codings_by: dict[int, list[Coding]] = defaultdict(list)
    for coding in codings:
        codings_by[participant_of[coding.day_id]].append(coding)
        project.users[guid("user", coding.coder_id)] = coding.coder.get_username()
    memos_by: dict[int, list[Memo]] = defaultdict(list)
    for memo in Memo.objects.filter(person__in=[d.person_id for d in diaries]).select_related(
        "author"
    ):
        memos_by[memo.person_id].append(memo)
        project.users[guid("user", memo.author_id)] = memo.author.get_username()
    for diary in diaries:
        text, offsets = _diary_document(entries_by[diary.pk])
        source = Source(guid=guid("source", diary.pk), name=diary.person.code, text=text)
        for coding in codings_by[diary.pk]:
            base = offsets.get(f"{coding.day_id}-{coding.field}")
            if base is None:
                continue  # the answer was erased after coding
            source.selections.append(
                Selection(
                    guid=guid("selection", coding.pk),
                    start=base + coding.start,
                    end=base + coding.end,
                    code_guid=guid("code", coding.code_id),
                    user_guid=guid("user", coding.coder_id),
                    coding_guid=guid("coding", coding.pk),
                )
            )
        for memo in memos_by[diary.person_id]:
            note = Note(
                guid("memo", memo.pk),
                f"{diary.person.code} memo",
                memo.text,
                guid("user", memo.author_id),
            )
            project.notes.append(note)
            source.note_guids.append(note.guid)
        project.sources.append(source)
    return project


@transaction.atomic
def codebook_import(*, process: Process, project: Project, by: User) -> int:
    """Add the project's codes that the process lacks (matched by name); returns how many."""
    from .services import code_create

    existing = {c.name: c for c in Code.objects.filter(process=process)}
    made = 0

    def add(node: CodeNode, parent: Code | None) -> None:
        nonlocal made
        code = existing.get(node.name)
        if code is None:
            code = code_create(
                process=process,
                name=node.name,
                description=node.description,
                color=node.color or "#0072c6",
                parent=parent,
                by=by,
            )
            existing[node.name] = code
            made += 1
        for child in node.children:
            add(child, code)

    for node in project.codes:
        add(node, None)
    return made


SEGMENT_HEADER = [
    "participant",
    "day",
    "answer",
    "code",
    "parent code",
    "coder",
    "start",
    "end",
    "text",
]


def segment_rows(process: Process, diaries: Iterable[Participant]) -> list[list[Any]]:
    """One row per coded segment, redacted text, pseudonym codes only."""
    diaries = list(diaries)
    days = DiaryDay.objects.filter(participant__in=diaries).select_related("participant__person")
    texts = {e.key: e.text for e in entries_for_days(days)}
    codings = (
        Coding.objects.filter(day__participant__in=diaries)
        .select_related("code__parent", "coder", "day__participant__person")
        .order_by("day__participant__person__code", "day__day", "field", "start")
    )
    return [
        [
            c.day.participant.person.code,
            c.day.day,
            c.get_field_display(),
            c.code.name,
            c.code.parent.name if c.code.parent else "",
            c.coder.get_username(),
            c.start,
            c.end,
            texts.get(f"{c.day_id}-{c.field}", "")[c.start : c.end],
        ]
        for c in codings
    ]


def segments_csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(SEGMENT_HEADER))
    writer.writerows(safe_row(row) for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def segments_xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Coded segments")[:31])
    sheet.append(safe_row(SEGMENT_HEADER))
    for row in rows:
        sheet.append(safe_row(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
