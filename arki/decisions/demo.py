"""The decisions tool's part of the Kainuu demo (`arki demo`), run after the core's."""

from __future__ import annotations

from arki.core.demo import DemoContext

from .demo_actions import load_actions
from .demo_concept import load_concept
from .demo_criteria import load_criteria


def load_demo(ctx: DemoContext) -> None:
    """The parts in order, each through the services: the concept workshop and its concepts,
    the criteria vote and the concept selection, then actions, user testing and co-planning
    (the decision trail is read from all of these)."""
    load_concept(ctx)
    load_criteria(ctx)
    load_actions(ctx)
