"""The decisions tool's live activities (keys of the process template), one module per part."""

from __future__ import annotations

from arki.core.activities import Activity

ACTIVITIES: list[type[Activity]] = []

# criteria vote and concept selection (dcriteria)
from .criteria import CriteriaVote  # noqa: E402
from .selection import ConceptSelect  # noqa: E402

ACTIVITIES.extend([CriteriaVote, ConceptSelect])
