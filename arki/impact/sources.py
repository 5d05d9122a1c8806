"""Where a metric's figures come from: one reader per source kind.

A metric of the plan names a source kind and a reference (`Metric.source`, `Metric.source_ref`).
Each kind registers a reader here, from the module that owns its data, so the metric plan and
the impact view never import surveys or statistics directly:

- ``arki``: a figure of the tool registry (`registry.metrics()`), ref = the metric key; per
  municipality and month where the figure has a `breakdown`, else the whole region now
  (readers.py);
- ``survey``: a survey question's mean or share per round (arki/impact/surveys/), ref =
  ``"<question pk>"``;
- ``statistics``: an imported official series (arki/impact/statistics/), ref = series pk;
- ``diary``: a share computed from the insight and analysis tools' data through registry
  capabilities, ref = a capability name.

A reader returns `Point`s: one value per period and place (``municipality`` None = the whole
region), with the number of people or rows behind it so the view can withhold small groups.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Metric


@dataclass(frozen=True)
class Point:
    period: datetime.date
    value: float | None
    municipality_code: str | None = None
    #: How many respondents / rows the value rests on (None where not applicable).
    n: int | None = None
    #: True where the value is withheld (fewer than the k-anonymity size).
    withheld: bool = False


Reader = Callable[["Metric"], list[Point]]

_READERS: dict[str, Reader] = {}


def register_source(kind: str) -> Callable[[Reader], Reader]:
    def decorate(reader: Reader) -> Reader:
        _READERS[kind] = reader
        return reader

    return decorate


def read_points(metric: Metric) -> list[Point]:
    """The metric's figures from its source, or [] if the source's reader is not installed."""
    reader = _READERS.get(metric.source)
    return reader(metric) if reader else []


def source_kinds() -> list[str]:
    return sorted(_READERS)
