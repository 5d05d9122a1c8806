"""The decisions tool's live activities (keys of the process template), one module per part."""

from __future__ import annotations

from arki.core.activities import Activity

ACTIVITIES: list[type[Activity]] = []

# concept workshop (dconcept)
from .concept import ACTIVITIES as CONCEPT_ACTIVITIES  # noqa: E402

ACTIVITIES.extend(CONCEPT_ACTIVITIES)
