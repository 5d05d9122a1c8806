"""Fixtures of the public website's tests."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from arki.core.registry import PublicSection, ToolManifest, registry


@pytest.fixture
def running_process(db, municipalities):
    """A public process that started 100 days ago, so its planning phase is current today."""
    from arki.core.kainuu import PILOT_CODES
    from arki.core.models import Municipality, Region
    from arki.core.services.processes import process_create_from_template

    return process_create_from_template(
        template="kainuu-2014-2016",
        name="Käynnissä oleva prosessi",
        slug="nyt",
        region=Region.objects.get(code="20"),
        municipalities=list(Municipality.objects.filter(code__in=PILOT_CODES)),
        first_workshop_on=timezone.localdate() - datetime.timedelta(days=100),
        is_public=True,
    )


@pytest.fixture
def results_tool():
    """A tool that publishes one section per workshop and records which workshops it saw."""
    seen: list[int] = []

    def sections(workshop):
        seen.append(workshop.position)
        return [
            PublicSection(
                title="Hyvinvointisetelit",
                template="site/partials/public_text.html",
                context={
                    "text": "Terveyspalvelut saivat eniten seteleitä.",
                    "figures": [("Terveyspalvelut", 412), ("Liikuntapalvelut", 230)],
                },
            )
        ]

    registry.register(ToolManifest(name="test_results", label="Test", public_sections=sections))
    yield seen
    registry.unregister("test_results")
