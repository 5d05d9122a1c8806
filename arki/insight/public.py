"""Published results of workshop 1 on the public process website (aggregates only)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from arki.core.models import Workshop
from arki.core.registry import PublicSection

from .models import Participant
from .selectors import chart_counts_for, chart_data


def public_sections(workshop: Workshop) -> list[PublicSection]:
    """Return rate and the service-map charts, once the workshop's results are published."""
    figures = Participant.objects.filter(workshop=workshop).aggregate(
        enrolled=Count("pk"), returned=Count("pk", filter=Q(diary_returned_at__isnull=False))
    )
    if not figures["enrolled"]:
        return []
    charts = chart_data(chart_counts_for(workshop))
    return [
        PublicSection(
            title=_("Service maps and diaries"),
            template="insight/public/section.html",
            context={"figures": figures, "charts": charts},
        )
    ]
