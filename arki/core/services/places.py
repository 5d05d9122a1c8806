"""Regions and municipalities from Statistics Finland's classification."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from ..classification import Classification
from ..models import Municipality, Region


@dataclass
class LoadReport:
    counties_created: int = 0
    counties_updated: int = 0
    created: int = 0
    updated: int = 0
    #: rows the file left as they were
    unchanged: int = 0
    #: codes in the database but not in the file (merged or renamed municipalities): kept,
    #: because processes and participants point at them
    not_in_file: list[str] = field(default_factory=list)


def _abbreviation(name: str, taken: set[str]) -> str:
    """Three letters for pseudonym codes (KAJ for Kajaani), unique among municipalities."""
    letters = (
        "".join(c for c in unicodedata.normalize("NFKD", name.upper()) if "A" <= c <= "Z") or "MUN"
    )
    candidates = [letters[:3]] + [
        letters[0] + letters[i] + letters[j]
        for i in range(1, len(letters))
        for j in range(i + 1, len(letters))
    ]
    for candidate in candidates:
        if len(candidate) == 3 and candidate not in taken:
            return candidate
    for n in range(100):
        candidate = f"{letters[:1]}{n:02d}"
        if candidate not in taken:
            return candidate
    raise ValueError(f"No free abbreviation for {name}.")


def _assign(instance: Any, values: dict[str, Any]) -> bool:
    """Set the values on the instance; True if any of them differed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def classification_apply(
    classification: Classification, *, region_model: Any, municipality_model: Any
) -> LoadReport:
    """Create or update the counties and municipalities with the given model classes.

    The model classes are passed so that a data migration can use its historical models
    (migration 0013 loads the shipped file); everything else calls ``classification_load``.
    Rows that already match the file are not written again, so a second load changes nothing.
    """
    report = LoadReport()
    regions: dict[str, Any] = {}
    for code, (name, name_sv, name_en) in classification.counties.items():
        values = {"name": name, "name_sv": name_sv, "classification_year": classification.year}
        if name_en:
            values["name_en"] = name_en
        region = region_model.objects.filter(code=code).first()
        if region is None:
            region = region_model(code=code, name_en=name_en or name)
            _assign(region, values)
            region.full_clean()
            region.save()
            report.counties_created += 1
        elif _assign(region, values):
            region.full_clean()
            region.save()
            report.counties_updated += 1
        regions[code] = region
    existing = {m.code: m for m in municipality_model.objects.all()}
    taken = {m.abbreviation for m in existing.values()}
    for row in classification.municipalities:
        values = {
            "region_id": regions[row.county_code].pk,
            "name": row.name,
            "name_sv": row.name_sv,
            "name_se": row.name_se,
            "name_smn": row.name_smn,
            "name_sms": row.name_sms,
            "classification_year": classification.year,
        }
        municipality = existing.get(row.code)
        if municipality is None:
            abbreviation = _abbreviation(row.name, taken)
            taken.add(abbreviation)
            municipality = municipality_model(
                code=row.code, name_en=row.name, abbreviation=abbreviation
            )
            _assign(municipality, values)
            report.created += 1
        elif _assign(municipality, values):
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        municipality.full_clean()
        municipality.save()
    codes = {row.code for row in classification.municipalities}
    report.not_in_file = sorted(set(existing) - codes)
    return report


@transaction.atomic
def classification_load(*, classification: Classification) -> LoadReport:
    """Create or update every county and municipality of the classification (idempotent).

    Existing rows keep their abbreviation, English name and coordinates; names and county
    follow the file. Municipalities missing from a newer file are kept and reported, never
    deleted: processes and participants point at them.
    """
    return classification_apply(
        classification, region_model=Region, municipality_model=Municipality
    )
