"""The impact tool's part of the Kainuu demo (`arki demo`), run after the core's."""

from __future__ import annotations

from arki.core.demo import DemoContext

from .demo_surveys import load_surveys


def load_demo(ctx: DemoContext) -> None:
    """Nothing yet: add the demo data through this tool's services, never `.objects.create`."""
    load_surveys(ctx)  # surveys
