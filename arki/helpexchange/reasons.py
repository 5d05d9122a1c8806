"""Words for the reason codes of `matching` (the pure code knows no languages)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .enums import TaskType
from .matching import Reason


def reason_text(reason: Reason) -> str:
    p = reason.params
    texts = {
        "distance": lambda: _("%(km)s km by road") % {"km": p.get("km")},
        "available": lambda: _("Usually free on that weekday"),
        "unavailable": lambda: _("Not usually free on that weekday"),
        "flexible": lambda: _("The time is flexible"),
        "skill": lambda: (
            _("Likes this kind of task: %(task)s") % {"task": TaskType(p["task_type"]).label}
        ),
        "continuity": lambda: (
            ngettext(
                "Has helped this person once before",
                "Has helped this person %(times)s times before",
                p.get("times", 1),
            )
            % {"times": p.get("times", 1)}
        ),
        "load": lambda: (
            ngettext(
                "%(tasks)s task in the last 30 days",
                "%(tasks)s tasks in the last 30 days",
                p.get("tasks", 0),
            )
            % {"tasks": p.get("tasks", 0)}
        ),
        "needs_partner": lambda: _("Under 18: needs a partner or an adult inside a home"),
    }
    return texts[reason.code]()
