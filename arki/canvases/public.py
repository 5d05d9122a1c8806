"""Published canvases on the public workshop page: only the fixed, published version."""

from __future__ import annotations

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from arki.core.activities.translated import marked, translated_text
from arki.core.models import Workshop
from arki.core.registry import PublicSection

from .selectors import published_canvases


def public_sections(workshop: Workshop) -> list[PublicSection]:
    """One section per published canvas, drawn from its published snapshot, so later edits
    at the tables do not change what the public sees. Authorship is not in the snapshot."""
    return [
        PublicSection(
            # The translated pattern is trusted; both values are escaped (the label keeps
            # its lang="fi" mark when the Finnish text stands in).
            title=mark_safe(
                _("%(type)s: %(label)s")
                % {
                    "type": conditional_escape(canvas.get_kind_display()),
                    "label": conditional_escape(_published_label(canvas)),
                }
            ),
            template="canvases/public/canvas.html",
            context={"snapshot": canvas.published.snapshot, "canvas": canvas},
        )
        for canvas in published_canvases(workshop)
        if canvas.published is not None
    ]


def _published_label(canvas) -> str:
    """The published label in the page language; a version published before the label had
    translations takes them from the canvas. A Finnish fallback is marked `lang="fi"`."""
    snapshot = canvas.published.snapshot
    labels = {
        "label": snapshot["label"],
        **{
            f"label_{language}": snapshot.get(f"label_{language}")
            or getattr(canvas, f"label_{language}")
            for language in ("sv", "en")
        },
    }
    return marked(*translated_text(labels, "label"))
