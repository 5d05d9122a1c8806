"""Published canvases on the public workshop page: only the fixed, published version."""

from __future__ import annotations

from django.utils.translation import gettext as _

from arki.core.models import Workshop
from arki.core.registry import PublicSection

from .selectors import published_canvases


def public_sections(workshop: Workshop) -> list[PublicSection]:
    """One section per published canvas, drawn from its published snapshot, so later edits
    at the tables do not change what the public sees. Authorship is not in the snapshot."""
    return [
        PublicSection(
            title=_("%(type)s: %(label)s")
            % {"type": canvas.get_kind_display(), "label": canvas.published.snapshot["label"]},
            template="canvases/public/canvas.html",
            context={"snapshot": canvas.published.snapshot, "canvas": canvas},
        )
        for canvas in published_canvases(workshop)
        if canvas.published is not None
    ]
