"""The decisions tool's part of the Kainuu demo (`arki demo`), run after the core's."""

from __future__ import annotations

from arki.core.demo import DemoContext

from .demo_actions import load_actions
from .demo_criteria import load_criteria


def load_demo(ctx: DemoContext) -> None:
    """Add the demo data through this tool's services, never `.objects.create`."""
    load_criteria(ctx)  # criteria vote and concept selection (dcriteria), after load_concept
    load_actions(ctx)  # actions, user testing and co-planning (dactions)
