"""Published stories on a workshop's public page (the manifest's `public_sections`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from arki.core.models import Workshop
from arki.core.registry import PublicSection

from .enums import StoryStatus
from .models import Story


def public_sections(workshop: Workshop) -> list[PublicSection]:
    stories = list(
        Story.objects.filter(workshop=workshop, status=StoryStatus.PUBLISHED).order_by(
            "-published_at", "-pk"
        )
    )
    if not stories:
        return []
    return [
        PublicSection(
            title=_("Community reporters' stories"),
            template="impact/stories/public/section.html",
            context={"stories": stories, "process": workshop.process},
        )
    ]
