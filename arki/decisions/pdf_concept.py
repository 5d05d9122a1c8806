"""The printed A4 group sheet of the concept workshop (an HTML template rendered by `core.pdf`).

The sheet has the funnel's shape: the persona and service area at the top, fifteen numbered
problem lines with a box to mark the three picked, then five idea lines for each picked
problem, a box for the best idea and room to write how to implement it. Whatever the group
already wrote (on phones or typed in) is printed on the lines, so a sheet can be printed
blank at the start or filled at the end.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from arki.core.pdf import render_pdf

from .models import IDEAS_PER_PROBLEM, MAX_PROBLEMS, PICKED_PROBLEMS
from .selectors import Funnel


def group_sheet_pdf(funnel: Funnel) -> bytes:
    group = funnel.group
    title = _("Concept workshop, group %(number)d: %(label)s") % {
        "number": group.number,
        "label": group.label,
    }
    problems = [
        funnel.problems[index] if index < len(funnel.problems) else None
        for index in range(MAX_PROBLEMS)
    ]
    picked = []
    for number in range(PICKED_PROBLEMS):
        problem = funnel.picked[number] if number < len(funnel.picked) else None
        ideas = list(problem.idea_list) if problem is not None else []  # type: ignore[attr-defined]
        best = next((i for i in ideas if i.best), None)
        picked.append(
            {
                "heading": _("Picked problem %(number)d: %(text)s")
                % {"number": number + 1, "text": problem.text if problem else ""},
                "ideas": [ideas[i] if i < len(ideas) else None for i in range(IDEAS_PER_PROBLEM)],
                "implementation": best.implementation if best is not None else "",
            }
        )
    context = {
        "intro": _("Persona: %(persona)s · Service area: %(area)s · %(workshop)s")
        % {"persona": group.label, "area": group.service_area or "—", "workshop": group.workshop},
        "step1": _(
            "1. List at most %(max)d problems between the persona and its needs. "
            "2. Mark the %(picked)d most challenging."
        )
        % {"max": MAX_PROBLEMS, "picked": PICKED_PROBLEMS},
        "step3": _(
            "3. Write %(ideas)d solution ideas for each picked problem, mark the best "
            "and write how to implement it."
        )
        % {"ideas": IDEAS_PER_PROBLEM},
        "problems": problems,
        "picked": picked,
    }
    return render_pdf("decisions/pdf/group_sheet.html", context, title=title)
