"""The printable A4 voting sheet of a criteria vote (for voters without a phone).

One row per criterion with two boxes, "important" and "not important", in the order staff
see in the paper entry, and a line for the voter's name or table. Staff type a filled
sheet in through the live session's paper entry. An HTML template rendered by `core.pdf`.
"""

from __future__ import annotations

from arki.core.models import SessionActivity
from arki.core.pdf import render_pdf

from .models import Criterion


def voting_sheet_pdf(activity: SessionActivity) -> bytes:
    criteria = Criterion.objects.filter(activity=activity).order_by("position", "pk")
    context = {
        "activity": activity,
        "workshop": str(activity.session.workshop),
        "criteria": [criterion.tr("text") for criterion in criteria],
    }
    title = f"{activity.title} · {activity.session.workshop}"
    return render_pdf("decisions/pdf/voting_sheet.html", context, title=title)
