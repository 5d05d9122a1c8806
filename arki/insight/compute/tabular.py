"""Reading and writing CSV and XLSX tables (plain Python + openpyxl, no Django)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from openpyxl import Workbook, load_workbook

from arki.core.exports import safe_row


class TableError(ValueError):
    """The file cannot be read as a table (wrong format, no header)."""


def read_table(content: bytes, filename: str) -> tuple[list[str], Iterator[dict[str, str]]]:
    """The header and the rows (as {column: text}) of a CSV or XLSX file."""
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    return _read_csv(content)


def _encoding(content: bytes) -> str:
    """UTF-8 (with or without BOM) if the bytes are valid UTF-8, else Windows-1252 (Excel).

    Checked in 1 MB pieces so that a large file is never copied whole into a string.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(content)
    try:
        for start in range(0, len(content), 1 << 20):
            decoder.decode(view[start : start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _read_csv(content: bytes) -> tuple[list[str], Iterator[dict[str, str]]]:
    encoding = _encoding(content)
    sample = content[:4096].decode(encoding, errors="ignore")
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # Decoded as it is read: memory stays small whatever the size of the file.
    stream = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    reader = csv.reader(stream, dialect)
    header = [h.strip().lower() for h in next(reader, [])]
    if not header:
        raise TableError("empty")
    rows = (dict(zip(header, (v.strip() for v in row), strict=False)) for row in reader)
    return header, rows


def _read_xlsx(content: bytes) -> tuple[list[str], Iterator[dict[str, str]]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise TableError(str(error)) from error
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip().lower() for h in next(values, ())]
    if not header:
        raise TableError("empty")

    def rows() -> Iterator[dict[str, str]]:
        for row in values:
            yield {
                h: "" if v is None else str(v).strip() for h, v in zip(header, row, strict=False)
            }

    return header, rows()


def write_csv(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """CSV lines one by one (for a streaming response); UTF-8 BOM so Excel reads ä and ö."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(header))
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(safe_row(row))
        yield buffer.getvalue()


def write_xlsx(header: list[str], rows: Iterable[Iterable[Any]], title: str, out: BinaryIO) -> None:
    """One sheet into `out` (write-only workbook: rows go to a temporary file, not memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(safe_row(header))
    for row in rows:
        sheet.append(safe_row(row))
    workbook.save(out)


def write_table(
    header: list[str], rows: Iterable[Iterable[Any]], fmt: str, title: str, out: BinaryIO
) -> None:
    """A CSV (UTF-8 with BOM) or XLSX file into the binary file `out`."""
    if fmt == "xlsx":
        write_xlsx(header, rows, title, out)
        return
    for chunk in write_csv(header, rows):
        out.write(chunk.encode("utf-8"))
