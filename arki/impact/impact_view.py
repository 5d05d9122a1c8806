"""The impact view's figures: each metric's points from its source, grouped into a line for
the whole region and one per municipality, with an accessible SVG chart drawn here.

Everything shown is computed from the source rows by `metric_figures` so that a test can
recount it; the reads are a constant number of queries per metric, whatever the data size.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from arki.core.models import Municipality, Process

from .enums import SourceKind
from .jsonstat import period_label
from .models import Metric, StatisticSeries
from .readers import registry_figure
from .sources import Point, read_points

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36
#: Colour-blind safe (Okabe–Ito); lines also differ by dash pattern.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"]


@dataclass
class Line:
    label: str
    code: str | None
    points: list[Point]
    colour: str = "#000000"
    dash: str = ""
    width: int = 2
    path: str = ""
    dots: list[tuple[float, float, str]] = field(default_factory=list)


@dataclass
class Chart:
    lines: list[Line]
    ticks_x: list[tuple[float, str]]
    ticks_y: list[tuple[float, str]]
    baseline_y: float | None
    target_y: float | None
    width: int = WIDTH
    height: int = HEIGHT


@dataclass
class Figures:
    metric: Metric
    region: Line | None
    municipalities: list[Line]
    periods: list[datetime.date]
    latest: float | None
    withheld: int
    last_update: datetime.datetime | None
    source_label: str
    chart: Chart | None
    period_kind: str = "month"
    #: "fi" when the source names a statistic whose Finnish name stands in for a translation.
    source_lang: str = ""

    def table(self) -> list[tuple[str, list[str]]]:
        """Rows of the data table: a period and each line's value (or a dash)."""
        lines = ([self.region] if self.region else []) + self.municipalities
        by_line = [{p.period: p for p in line.points} for line in lines]
        rows = []
        for period in self.periods:
            cells = []
            for points in by_line:
                point = points.get(period)
                if point is None:
                    cells.append("–")
                elif point.withheld:
                    cells.append(_("withheld"))
                else:
                    cells.append(_number(point.value))
            rows.append((period_label(period, self.period_kind), cells))
        return rows

    def headers(self) -> list[str]:
        lines = ([self.region] if self.region else []) + self.municipalities
        return [line.label for line in lines]


def _number(value: float | None) -> str:
    """A figure as the active language writes it: at most one decimal, a comma in Finnish and
    Swedish ("6,8"), no trailing ",0"."""
    if value is None:
        return "–"
    rounded = round(value, 1)
    if rounded % 1:
        return number_format(rounded, 1)
    return number_format(int(rounded))


def _scale(lo: float, hi: float, value: float) -> float:
    span = hi - lo or 1.0
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - lo) / span)


def _chart(
    metric: Metric, lines: list[Line], periods: list[datetime.date], kind: str
) -> Chart | None:
    values = [p.value for line in lines for p in line.points if p.value is not None]
    values += [v for v in (metric.baseline, metric.target) if v is not None]
    if not values or not periods:
        return None
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.1 or abs(hi) * 0.1 or 1.0
    lo, hi = (0.0 if lo >= 0 and lo - pad < 0 else lo - pad), hi + pad
    inner = WIDTH - LEFT - RIGHT
    xs = {
        period: LEFT + (inner * i / (len(periods) - 1) if len(periods) > 1 else inner / 2)
        for i, period in enumerate(periods)
    }
    for line in lines:
        coords = [
            (round(xs[p.period], 1), round(_scale(lo, hi, p.value), 1), _number(p.value))
            for p in line.points
            if p.value is not None
        ]
        line.dots = coords
        line.path = " ".join(f"{x},{y}" for x, y, _v in coords)
    step = max(1, len(periods) // 8)
    ticks_x = [(round(xs[p], 1), period_label(p, kind)) for p in periods[::step]]
    ticks_y = [
        (round(_scale(lo, hi, lo + (hi - lo) * i / 4), 1), _number(lo + (hi - lo) * i / 4))
        for i in range(5)
    ]
    return Chart(
        lines=lines,
        ticks_x=ticks_x,
        ticks_y=ticks_y,
        baseline_y=round(_scale(lo, hi, metric.baseline), 1)
        if metric.baseline is not None
        else None,
        target_y=round(_scale(lo, hi, metric.target), 1) if metric.target is not None else None,
    )


def metric_figures(
    metrics: Sequence[Metric], process: Process, *, draw: bool = True
) -> list[Figures]:
    """Each metric's lines (whole region first, then municipalities) and chart."""
    places = {m.code: m for m in Municipality.objects.filter(processes=process)}
    series_refs = [
        int(m.source_ref)
        for m in metrics
        if m.source == SourceKind.STATISTICS and m.source_ref.isdigit()
    ]
    series = {s.pk: s for s in StatisticSeries.objects.filter(pk__in=series_refs, process=process)}
    result = []
    for metric in metrics:
        points = sorted(read_points(metric), key=lambda p: (p.period, p.municipality_code or ""))
        kind = "month"
        source_lang = ""
        if metric.source == SourceKind.ARKI:
            last_update: datetime.datetime | None = timezone.now()
            figure = registry_figure(metric.source_ref)
            source_label = _("Arki's own figures: %(ref)s") % {
                "ref": f"{figure.label} ({metric.source_ref})" if figure else metric.source_ref
            }
        elif metric.source == SourceKind.STATISTICS and metric.source_ref.isdigit():
            one = series.get(int(metric.source_ref))
            last_update = one.imported_at if one else None
            source_label = f"{one.tr('name')} — {one.source} ({one.licence})" if one else ""
            source_lang = "fi" if one and one.tr_is_fallback("name") else ""
            kind = one.period_kind if one else "year"
        else:
            last_update = None
            source_label = metric.get_source_display()
        region_points = [p for p in points if p.municipality_code is None]
        by_code: dict[str, list[Point]] = {}
        for p in points:
            if p.municipality_code is not None:
                by_code.setdefault(p.municipality_code, []).append(p)
        region = (
            Line(_("Whole region"), None, region_points, COLOURS[0], "", 3)
            if region_points
            else None
        )
        lines = []
        for i, code in enumerate(sorted(by_code, key=lambda c: str(places.get(c, c)))):
            label = str(places[code]) if code in places else code
            lines.append(
                Line(
                    label,
                    code,
                    by_code[code],
                    COLOURS[(i + 1) % len(COLOURS)],
                    DASHES[(i + 1) % len(DASHES)],
                )
            )
        periods = sorted({p.period for p in points})
        shown = [p for p in (region_points or points) if p.value is not None]
        latest = shown[-1].value if shown and region_points else None
        all_lines = ([region] if region else []) + lines
        result.append(
            Figures(
                metric=metric,
                region=region,
                municipalities=lines,
                periods=periods,
                latest=latest,
                withheld=sum(1 for p in points if p.withheld),
                last_update=last_update,
                source_label=source_label,
                chart=_chart(metric, all_lines, periods, kind) if draw else None,
                period_kind=kind,
                source_lang=source_lang,
            )
        )
    return result
