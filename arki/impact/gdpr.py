"""GDPR hooks: the core's export and erasure call these for every person.

The metric plan holds no personal data. Surveys and stories add theirs here as they are built.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arki.core.models import Person


def personal_data_export(person: Person) -> Mapping[str, Any]:
    return {}


def personal_data_erase(person: Person) -> Mapping[str, int]:
    return {}
