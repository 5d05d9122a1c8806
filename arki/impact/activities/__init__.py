"""The impact tool's live activities (keys of the process template), one module per part."""

from __future__ import annotations

from arki.core.activities import Activity

ACTIVITIES: list[type[Activity]] = []

# --- metrics (imetrics) ---
from .metric_plan import MetricPlanActivity  # noqa: E402

ACTIVITIES.append(MetricPlanActivity)
