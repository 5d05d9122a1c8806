"""Double entry of paper kits: where two people's entries of the same kit differ.

A payload is {"map": [row, ...], "days": {"1": {...}, ...}}. It is flattened to
"map.<row>.<field>" and "days.<day>.<field>" keys so that each difference can be shown and
settled on its own.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Difference:
    key: str
    first: Any
    second: Any

    @property
    def where(self) -> tuple[str, int, str]:
        part, number, field = self.key.split(".", 2)
        return part, int(number) + (1 if part == "map" else 0), field


def _normal(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(str(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return str(float(value))
    if isinstance(value, str):
        text = " ".join(value.split())
        try:
            return str(float(text.replace(",", ".")))
        except ValueError:
            return text
    return value


def flatten(payload: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for index, row in enumerate(payload.get("map", [])):
        for field, value in row.items():
            flat[f"map.{index}.{field}"] = value
    for day, values in (payload.get("days") or {}).items():
        for field, value in (values or {}).items():
            flat[f"days.{day}.{field}"] = value
    return flat


def payload_differences(first: dict[str, Any], second: dict[str, Any]) -> list[Difference]:
    """Fields whose values differ (ignoring spacing, number formatting and list order)."""
    a, b = flatten(first), flatten(second)
    keys = sorted(set(a) | set(b), key=_sort_key)
    return [
        Difference(key, a.get(key), b.get(key))
        for key in keys
        if _normal(a.get(key)) != _normal(b.get(key))
    ]


def _sort_key(key: str) -> tuple[str, int, str]:
    part, number, field = key.split(".", 2)
    return part, int(number), field


def resolve_payload(
    first: dict[str, Any], second: dict[str, Any], choices: dict[str, str]
) -> dict[str, Any]:
    """The agreed payload: the first entry with each difference taken from the chosen one."""
    result = copy.deepcopy(first)
    result.setdefault("map", [])
    result.setdefault("days", {})
    flat_second = flatten(second)
    flat_first = flatten(first)
    for key, choice in choices.items():
        source = flat_second if choice == "2" else flat_first
        part, number, field = key.split(".", 2)
        value = source.get(key)
        if part == "map":
            index = int(number)
            while len(result["map"]) <= index:
                result["map"].append({})
            result["map"][index][field] = value
        else:
            result["days"].setdefault(number, {})[field] = value
    result["map"] = [row for row in result["map"] if row.get("frequency")]
    return result
