"""Readable names of clustering features ("use:health" -> "Uses a month: Health")."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from arki.insight.enums import Sector, ServiceCategory, TravelMode


def feature_label(name: str, code_names: Mapping[str, str]) -> str:
    kind, _sep, key = name.partition(":")
    if kind == "use":
        return _("Uses a month: %(category)s") % {"category": ServiceCategory(key).label}
    if kind == "share":
        return _("Share of services: %(category)s") % {"category": ServiceCategory(key).label}
    if kind == "mode":
        return _("Trips by: %(mode)s") % {"mode": TravelMode(key).label}
    if kind == "sector":
        return _("Services of: %(sector)s") % {"sector": Sector(key).label}
    if kind == "code":
        return _("Coded: %(code)s") % {"code": code_names.get(key, key)}
    return {
        "services": _("Services used"),
        "electronic_share": _("Share of electronic use"),
        "distance_km": _("Distance to services (log)"),
        "travel_minutes": _("Travel time (log)"),
        "help_received": _("Days with help received"),
        "help_needed": _("Days when help was needed"),
    }.get(name, name)
