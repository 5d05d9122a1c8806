"""Live workshop activities: the interface tools implement, and the generic quick poll."""

from .base import Activity, ActivityError
from .poll import QuickPoll

__all__ = ["Activity", "ActivityError", "QuickPoll"]
