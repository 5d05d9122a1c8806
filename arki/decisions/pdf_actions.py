"""The printable A4 feedback sheet of user testing (workshop 9), for testers without a phone.

The sheet has the same fields as the phone card, in the same order, so staff type a filled
sheet in field by field on the session's page. An HTML template rendered by `core.pdf`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from arki.core.pdf import render_pdf

from .enums import TesterGroup
from .forms_actions import target_choices
from .models import TestSession


def feedback_sheet_pdf(session: TestSession) -> bytes:
    context = {
        "groups": [label for _value, label in TesterGroup.choices],
        "targets": [
            (label, [text for _value, text in options])
            for label, options in target_choices(session.process)
        ],
        "boxes": [_("Obstacle"), _("Opportunity"), _("Suggested intermediate step")],
        "scale": range(1, 6),
    }
    title = _("Feedback card: %(session)s") % {"session": session.title}
    return render_pdf("decisions/pdf/feedback_sheet.html", context, title=title)
