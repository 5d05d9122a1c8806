"""The decisions tool's part of the Kainuu demo (`arki demo`), run after the core's."""

from __future__ import annotations

from arki.core.demo import DemoContext

from .demo_concept import load_concept


def load_demo(ctx: DemoContext) -> None:
    """The parts in order (concept, criteria, actions, trail), each through the services."""
    load_concept(ctx)
