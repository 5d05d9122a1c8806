"""Inter-coder agreement: Cohen's kappa and Krippendorff's alpha (nominal), plus a report.

Pure functions with no Django import, so they can be checked against published worked
examples. Qualitative coding is reduced to reliability data as follows: the text of each
diary entry is split into units (sentences/phrases, see `text.chunks`); a coder "applies" a
code to a unit when one of their coded segments overlaps it. Only *coded units* — units at
least one of the compared coders applied any code to — enter the statistics, so the long
stretches of text nobody coded do not inflate agreement (the classic objection to unit-level
kappa on sparse coding).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

Value = Hashable


def cohen_kappa(first: Sequence[Value], second: Sequence[Value]) -> float | None:
    """Cohen's kappa of two coders' paired values; None when chance agreement is total."""
    if len(first) != len(second):
        raise ValueError("Both coders must rate the same units.")
    n = len(first)
    if n == 0:
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    left, right = Counter(first), Counter(second)
    expected = sum(left[v] * right[v] for v in left) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def cohen_kappa_from_table(table: Sequence[Sequence[int]]) -> float | None:
    """Kappa from a square contingency table (rows: coder 1, columns: coder 2)."""
    first: list[int] = []
    second: list[int] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            first += [i] * count
            second += [j] * count
    return cohen_kappa(first, second)


def krippendorff_alpha_nominal(data: Sequence[Sequence[Value | None]]) -> float | None:
    """Krippendorff's alpha for nominal data; `data[coder][unit]`, None = missing.

    Follows Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability": a coincidence
    matrix over pairable values (units with at least two values), then
    alpha = 1 - (n - 1) * D_o / sum_{c != k} n_c * n_k.
    """
    if not data:
        return None
    units = len(data[0])
    if any(len(row) != units for row in data):
        raise ValueError("Every coder row must have one entry per unit.")
    coincidences: defaultdict[tuple[Value, Value], float] = defaultdict(float)
    for u in range(units):
        values = [row[u] for row in data if row[u] is not None]
        m = len(values)
        if m < 2:
            continue
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    coincidences[(a, b)] += 1.0 / (m - 1)
    totals: defaultdict[Value, float] = defaultdict(float)
    for (a, _b), weight in coincidences.items():
        totals[a] += weight
    n = sum(totals.values())
    if n <= 1:
        return None
    disagreement = sum(w for (a, b), w in coincidences.items() if a != b)
    expected = sum(totals[a] * totals[b] for a in totals for b in totals if a != b)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * disagreement / expected


# --- coding data -> report --------------------------------------------------------------------


@dataclass(frozen=True)
class CodeAgreement:
    code: Any
    units: int  # coded units that entered alpha
    alpha: float | None
    kappas: dict[tuple[Any, Any], float | None]


@dataclass(frozen=True)
class PairAgreement:
    coders: tuple[Any, Any]
    units: int  # coded units both coders were assigned
    percent: float | None  # share of (unit, code) decisions they agreed on
    mean_kappa: float | None  # mean over codes with a defined kappa


@dataclass
class AgreementReport:
    per_code: list[CodeAgreement] = field(default_factory=list)
    per_pair: list[PairAgreement] = field(default_factory=list)
    coded_units: int = 0


def agreement_report(
    assigned: Mapping[Any, Iterable[Any]],
    applied: Mapping[tuple[Any, Any], set[Any]],
    codes: Sequence[Any],
) -> AgreementReport:
    """Agreement per code and per coder pair.

    `assigned[unit]` = coders who were given the unit's diary; `applied[(coder, unit)]` = codes
    the coder applied there. A coder not assigned to a unit is *missing* for it, not "absent".
    """
    coders_of = {unit: sorted(set(coders), key=str) for unit, coders in assigned.items()}
    coded = [
        unit for unit, coders in coders_of.items() if any(applied.get((c, unit)) for c in coders)
    ]
    all_coders = sorted({c for coders in coders_of.values() for c in coders}, key=str)
    pairs = [
        pair
        for pair in combinations(all_coders, 2)
        if any(pair[0] in coders_of[u] and pair[1] in coders_of[u] for u in coded)
    ]
    report = AgreementReport(coded_units=len(coded))
    kappas_by_pair: dict[tuple[Hashable, Hashable], list[float]] = defaultdict(list)
    for code in codes:
        rows = [
            [(code in applied.get((c, u), set())) if c in coders_of[u] else None for u in coded]
            for c in all_coders
        ]
        kappas: dict[tuple[Any, Any], float | None] = {}
        for a, b in pairs:
            first, second = _paired(a, b, coded, coders_of, applied, code)
            kappa = cohen_kappa(first, second)
            kappas[(a, b)] = kappa
            if kappa is not None:
                kappas_by_pair[(a, b)].append(kappa)
        used = sum(1 for u in range(len(coded)) if sum(r[u] is not None for r in rows) >= 2)
        report.per_code.append(CodeAgreement(code, used, krippendorff_alpha_nominal(rows), kappas))
    for a, b in pairs:
        shared = _shared_coded_units(a, b, coded, coders_of, applied)
        decisions = [
            (code in applied.get((a, u), set())) == (code in applied.get((b, u), set()))
            for u in shared
            for code in codes
        ]
        values = kappas_by_pair.get((a, b), [])
        report.per_pair.append(
            PairAgreement(
                coders=(a, b),
                units=len(shared),
                percent=sum(decisions) / len(decisions) if decisions else None,
                mean_kappa=sum(values) / len(values) if values else None,
            )
        )
    return report


def _shared_coded_units(a, b, coded, coders_of, applied) -> list[Hashable]:
    """Units both coders had, and at least one of the two coded (the pair's coded units)."""
    return [
        u
        for u in coded
        if a in coders_of[u] and b in coders_of[u] and (applied.get((a, u)) or applied.get((b, u)))
    ]


def _paired(a, b, coded, coders_of, applied, code) -> tuple[list[bool], list[bool]]:
    shared = _shared_coded_units(a, b, coded, coders_of, applied)
    return (
        [code in applied.get((a, u), set()) for u in shared],
        [code in applied.get((b, u), set()) for u in shared],
    )
