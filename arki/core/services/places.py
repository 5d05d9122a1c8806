"""Regions and municipalities from Statistics Finland's classification."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.db import transaction

from ..classification import Classification
from ..models import Municipality, Region


@dataclass
class LoadReport:
    counties_created: int = 0
    counties_updated: int = 0
    created: int = 0
    updated: int = 0
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


@transaction.atomic
def classification_load(*, classification: Classification) -> LoadReport:
    """Create or update every county and municipality of the classification (idempotent).

    Existing rows keep their abbreviation, English name and coordinates; names and county
    follow the file. Municipalities missing from a newer file are kept and reported, never
    deleted: processes and participants point at them.
    """
    report = LoadReport()
    regions: dict[str, Region] = {}
    for code, (name, name_sv) in classification.counties.items():
        region, created = Region.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_sv": name_sv,
                "classification_year": classification.year,
            },
        )
        if created:
            region.name_en = name
            region.save(update_fields=["name_en"])
        regions[code] = region
        report.counties_created += created
        report.counties_updated += not created
    taken = set(Municipality.objects.values_list("abbreviation", flat=True))
    for row in classification.municipalities:
        values = {
            "region": regions[row.county_code],
            "name": row.name,
            "name_sv": row.name_sv,
            "name_se": row.name_se,
            "name_smn": row.name_smn,
            "name_sms": row.name_sms,
            "classification_year": classification.year,
        }
        municipality = Municipality.objects.filter(code=row.code).first()
        if municipality is None:
            abbreviation = _abbreviation(row.name, taken)
            taken.add(abbreviation)
            municipality = Municipality(
                code=row.code, name_en=row.name, abbreviation=abbreviation, **values
            )
            report.created += 1
        else:
            for name, value in values.items():
                setattr(municipality, name, value)
            report.updated += 1
        municipality.full_clean()
        municipality.save()
    codes = {row.code for row in classification.municipalities}
    report.not_in_file = sorted(set(Municipality.objects.values_list("code", flat=True)) - codes)
    return report
