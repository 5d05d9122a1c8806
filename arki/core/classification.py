"""Reading Statistics Finland's municipality classification (no Django: a plain file reader).

The file is the classification's correspondence of municipalities to wellbeing services
counties as a CSV export (semicolon or comma separated, UTF-8, with or without a byte-order
mark), one municipality a row. Columns are found by their header, in Finnish or English, so
that the export's own headers work without editing:

================================  ==============================================
municipality code                 ``kunta``, ``kuntakoodi``, ``sourcecode``, ``code``
municipality name (Finnish)       ``nimi``, ``kunta_nimi``, ``sourcename``, ``name``
municipality name (Swedish)       ``namn``, ``nimi_sv``, ``name_sv``
Sámi names (optional)             ``nimi_se``, ``nimi_smn``, ``nimi_sms`` (or ``name_*``)
county code                       ``hyvinvointialue``, ``hva``, ``targetcode``, ``county``
county name (Finnish)             ``hyvinvointialue_nimi``, ``targetname``, ``county_name``
county name (Swedish, optional)   ``valfardsomrade``, ``county_name_sv``
county name (English, optional)   ``county_name_en``, ``hyvinvointialue_nimi_en``
================================  ==============================================

Lines before the header that start with ``#`` are comments (the shipped file names its
sources there).

The year of the classification is given by the caller (it is in the file's name, e.g.
``kunta_1_20250101``), or read from a ``vuosi``/``year`` column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

#: The classification Arki ships (arki/core/data/README.md says where it comes from); the
#: migration core 0013 loads it, ``arki load_classification`` without a file loads it again.
SHIPPED_FILE = Path(__file__).parent / "data" / "kunta_hyvinvointialue_2026.csv"
SHIPPED_YEAR = 2026

COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("kunta", "kuntakoodi", "sourcecode", "code", "municipality_code"),
    "name": ("nimi", "kunta_nimi", "sourcename", "name", "municipality_name"),
    "name_sv": ("namn", "nimi_sv", "name_sv", "kommun"),
    "name_se": ("nimi_se", "name_se"),
    "name_smn": ("nimi_smn", "name_smn"),
    "name_sms": ("nimi_sms", "name_sms"),
    "county_code": ("hyvinvointialue", "hva", "targetcode", "county", "county_code"),
    "county_name": ("hyvinvointialue_nimi", "hva_nimi", "targetname", "county_name"),
    "county_name_sv": ("valfardsomrade", "välfärdsområde", "county_name_sv", "hva_namn"),
    "county_name_en": ("county_name_en", "hyvinvointialue_nimi_en"),
    "year": ("vuosi", "year"),
}
REQUIRED = ("code", "name", "county_code", "county_name")

#: Statistics Finland's region (maakunta) code of each wellbeing services county (the four
#: Uusimaa counties and Helsinki share Uusimaa's 01; Åland, 91 in Arki, is region 21).
#: Statistics published per region (PxWeb's `MK18`) then match a process in that county.
MAAKUNTA_OF_COUNTY = {
    **dict.fromkeys(("01", "02", "03", "04", "90"), "01"),
    "05": "02",
    "06": "04",
    "07": "05",
    "08": "06",
    "09": "07",
    "10": "08",
    "11": "09",
    "12": "10",
    "13": "11",
    "14": "12",
    "15": "13",
    "16": "14",
    "17": "15",
    "18": "16",
    "19": "17",
    "20": "18",
    "21": "19",
    "91": "21",
}


def region_area_code(county_code: str) -> str:
    """How a file Arki writes names a whole county's area: its region code as Statistics
    Finland's tables do (`MK18` for Kainuu, county 20), or `HV20` where none is known."""
    maakunta = MAAKUNTA_OF_COUNTY.get(county_code.zfill(2))
    return f"MK{maakunta}" if maakunta is not None else f"HV{county_code}"


def region_statistics_codes(county_code: str) -> set[str]:
    """The codes a statistics file may use for a whole county: its region (`MK18` for Kainuu,
    county 20) and the county itself (`HV20`, `HVA20`), without leading zeros compared."""
    number = county_code.lstrip("0")
    codes = {f"HV{number}", f"HVA{number}"}
    maakunta = MAAKUNTA_OF_COUNTY.get(county_code.zfill(2))
    if maakunta is not None:
        codes.add(f"MK{maakunta.lstrip('0')}")
    return codes


class ClassificationError(ValueError):
    """The file is not a classification this reader understands; the message says why."""


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    name: str
    name_sv: str
    name_se: str
    name_smn: str
    name_sms: str
    county_code: str
    county_name: str
    county_name_sv: str
    county_name_en: str = ""


@dataclass(frozen=True)
class Classification:
    year: int
    municipalities: list[MunicipalityRow]

    @property
    def counties(self) -> dict[str, tuple[str, str, str]]:
        """County code -> (Finnish name, Swedish name, English name)."""
        return {
            row.county_code: (row.county_name, row.county_name_sv, row.county_name_en)
            for row in self.municipalities
        }


def _header(name: str) -> str:
    return name.strip().strip('"').lower().replace(" ", "_")


def read_classification(text: str, year: int | None = None) -> Classification:
    """Parse the CSV text; raises ClassificationError naming the missing column or bad row."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    skipped = 0
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
        skipped += 1
    text = "".join(lines)
    if not text.strip():
        raise ClassificationError("The file is empty.")
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    headers = [_header(h) for h in next(reader)]
    where: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in headers:
                where[key] = headers.index(alias)
                break
    missing = [key for key in REQUIRED if key not in where]
    if missing:
        raise ClassificationError(
            f"Columns not found: {', '.join(missing)} (headers were: {', '.join(headers)})."
        )
    rows: list[MunicipalityRow] = []
    years: set[int] = set()
    seen: set[str] = set()
    for number, cells in enumerate(reader, start=2 + skipped):
        if not any(cell.strip() for cell in cells):
            continue

        def cell(key: str, cells: list[str] = cells) -> str:
            index = where.get(key)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        code = cell("code")
        if not (code.isdigit() and len(code) <= 3):
            raise ClassificationError(f"Row {number}: {code!r} is not a municipality code.")
        code = code.zfill(3)
        if code in seen:
            raise ClassificationError(f"Row {number}: municipality {code} appears twice.")
        seen.add(code)
        if not cell("name") or not cell("county_code"):
            raise ClassificationError(f"Row {number}: a name or the county code is missing.")
        if cell("year"):
            years.add(int(cell("year")[:4]))
        rows.append(
            MunicipalityRow(
                code=code,
                name=cell("name"),
                name_sv=cell("name_sv"),
                name_se=cell("name_se"),
                name_smn=cell("name_smn"),
                name_sms=cell("name_sms"),
                county_code=cell("county_code"),
                county_name=cell("county_name"),
                county_name_sv=cell("county_name_sv"),
                county_name_en=cell("county_name_en"),
            )
        )
    if year is None:
        if len(years) != 1:
            raise ClassificationError("Give the year of the classification (--year).")
        year = years.pop()
    if not rows:
        raise ClassificationError("The file has no municipalities.")
    return Classification(year=year, municipalities=rows)


def read_shipped_classification() -> Classification:
    """The classification shipped with Arki (see SHIPPED_FILE)."""
    return read_classification(SHIPPED_FILE.read_text(encoding="utf-8"), year=SHIPPED_YEAR)
