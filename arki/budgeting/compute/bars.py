"""Rows of an accessible bar chart: each value with its share of the total and bar length."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BarRow:
    key: Any
    label: str
    value: int
    #: share of all vouchers in the chart, in whole percent (what a reader is told)
    share: int
    #: bar length relative to the largest value, in percent (what the eye compares)
    width: int
    is_top: bool


def bar_rows(values: Iterable[tuple[Any, str, int]], *, sort: bool = True) -> list[BarRow]:
    """Turn (key, label, value) into chart rows, largest first when `sort`.

    Ties keep their input order, so equal totals (sports level with health) stay side by side
    in the order the round lists them.
    """
    items = list(values)
    if sort:
        items.sort(key=lambda item: -item[2])
    total = sum(value for _key, _label, value in items)
    top = max((value for _key, _label, value in items), default=0)
    return [
        BarRow(
            key=key,
            label=label,
            value=value,
            share=round(100 * value / total) if total else 0,
            width=round(100 * value / top) if top else 0,
            is_top=value == top and top > 0,
        )
        for key, label, value in items
    ]


def cross_table(
    cells: Iterable[tuple[Any, Any, int]], row_keys: list[Any], column_keys: list[Any]
) -> list[list[int]]:
    """Sum (row, column, value) cells into a dense table in the given key order."""
    index_r = {key: i for i, key in enumerate(row_keys)}
    index_c = {key: j for j, key in enumerate(column_keys)}
    table = [[0] * len(column_keys) for _ in row_keys]
    for row, column, value in cells:
        if row in index_r and column in index_c:
            table[index_r[row]][index_c[column]] += value
    return table
