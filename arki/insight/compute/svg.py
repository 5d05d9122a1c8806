"""One participant's service map as an SVG picture, drawn on the server.

Home is in the centre; each service sits on a ring by its travel time (further out = longer
trip); electronic services sit on the outermost ring. The marker's shape shows the channel
(circle on site, square electronic, diamond both) and its colour and letter the travel mode.
The picture has a title and a description, and the page shows the same data as a table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

SIZE = 720
CENTRE = SIZE / 2
RINGS = [(15, 110), (30, 170), (60, 230), (120, 290)]  # (minutes, radius)
ONLINE_RADIUS = 335
#: Colour-blind-safe palette (Okabe–Ito) with a letter so colour is never the only cue.
MODE_STYLE = {
    "walk": ("#009E73", "W"),
    "bicycle": ("#56B4E9", "B"),
    "car": ("#0072B2", "C"),
    "lift": ("#CC79A7", "L"),
    "bus": ("#E69F00", "U"),
    "taxi": ("#D55E00", "T"),
    "service": ("#7F3C8D", "S"),
    "none": ("#555555", "E"),
}


@dataclass(frozen=True)
class MapPoint:
    name: str
    minutes: int
    channel: str  # "electronic", "on_site" or "both"
    mode: str
    mode_label: str


def radius_for(point: MapPoint) -> float:
    if point.channel == "electronic":
        return ONLINE_RADIUS
    previous_minutes, previous_radius = 0, 50.0
    for minutes, radius in RINGS:
        if point.minutes <= minutes:
            share = (point.minutes - previous_minutes) / (minutes - previous_minutes)
            return previous_radius + share * (radius - previous_radius)
        previous_minutes, previous_radius = minutes, radius
    return RINGS[-1][1] + 15


def _marker(x: float, y: float, channel: str, colour: str) -> str:
    if channel == "electronic":
        return f'<rect x="{x - 11:.1f}" y="{y - 11:.1f}" width="22" height="22" fill="{colour}"/>'
    if channel == "both":
        points = (
            f"{x:.1f},{y - 14:.1f} {x + 14:.1f},{y:.1f} {x:.1f},{y + 14:.1f} {x - 14:.1f},{y:.1f}"
        )
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="12" fill="{colour}"/>'


def service_map_svg(
    points: list[MapPoint], *, title: str, description: str, home: str, online: str
) -> str:
    """The picture as an SVG string; all text is escaped."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" role="img" '
        f'aria-labelledby="map-title map-desc" class="service-map-svg">',
        f'<title id="map-title">{escape(title)}</title>',
        f'<desc id="map-desc">{escape(description)}</desc>',
        f'<circle cx="{CENTRE}" cy="{CENTRE}" r="{ONLINE_RADIUS}" fill="none" stroke="#999" '
        'stroke-dasharray="6 6"/>',
    ]
    for minutes, ring_radius in RINGS:
        parts.append(
            f'<circle cx="{CENTRE}" cy="{CENTRE}" r="{ring_radius}" fill="none" stroke="#ccc"/>'
            f'<text x="{CENTRE + 4}" y="{CENTRE - ring_radius + 14}" font-size="12" fill="#444">'
            f"{minutes} min</text>"
        )
    parts.append(
        f'<text x="{CENTRE + 4}" y="{CENTRE - ONLINE_RADIUS + 14}" font-size="12" '
        f'fill="#444">{escape(online)}</text>'
    )
    parts.append(
        f'<circle cx="{CENTRE}" cy="{CENTRE}" r="30" fill="#1a1a1a"/>'
        f'<text x="{CENTRE}" y="{CENTRE + 5}" font-size="14" fill="#fff" '
        f'text-anchor="middle">{escape(home)}</text>'
    )
    count = max(len(points), 1)
    for index, point in enumerate(points):
        angle = 2 * math.pi * index / count - math.pi / 2
        radius = radius_for(point)
        x = CENTRE + radius * math.cos(angle)
        y = CENTRE + radius * math.sin(angle)
        colour, letter = MODE_STYLE.get(point.mode, ("#555555", "?"))
        anchor = "start" if math.cos(angle) >= 0 else "end"
        dx = 18 if anchor == "start" else -18
        parts.append(
            f'<line x1="{CENTRE}" y1="{CENTRE}" x2="{x:.1f}" y2="{y:.1f}" stroke="#bbb"/>'
            f"<g><title>{escape(point.name)}: {escape(point.mode_label)}</title>"
            f"{_marker(x, y, point.channel, colour)}"
            f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" fill="#fff" '
            f'text-anchor="middle" font-weight="bold">{letter}</text>'
            f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" font-size="13" fill="#1a1a1a" '
            f'text-anchor="{anchor}">{escape(point.name[:28])}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
