"""The impact tool's part of the Kainuu demo (`arki demo`), run after the core's."""

from __future__ import annotations

from arki.core.demo import DemoContext


def load_demo(ctx: DemoContext) -> None:
    """Nothing yet: add the demo data through this tool's services, never `.objects.create`."""
    from .demo_stories import load_stories  # istories

    load_stories(ctx)  # istories: community reporters' stories
