"""The decisions tool's live activities (keys of the process template), one module per part."""

from __future__ import annotations

from arki.core.activities import Activity

ACTIVITIES: list[type[Activity]] = []

# criteria vote and concept selection (dcriteria)
from .criteria import CriteriaVote  # noqa: E402
from .selection import ConceptSelect  # noqa: E402

ACTIVITIES.extend([CriteriaVote, ConceptSelect])

# dactions: workshop 8 proposals, workshop 9 feedback cards, workshop 10 picks.
from .actions import ActionsActivity  # noqa: E402
from .coplanning import ActionPickActivity  # noqa: E402
from .testing import UserTestingActivity  # noqa: E402

ACTIVITIES.extend([ActionsActivity, UserTestingActivity, ActionPickActivity])

# concept workshop (dconcept)
from .concept import ACTIVITIES as CONCEPT_ACTIVITIES  # noqa: E402

ACTIVITIES.extend(CONCEPT_ACTIVITIES)
