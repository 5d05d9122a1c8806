"""The impact tool's part of the Kainuu demo (`arki demo`), run after the core's."""

from __future__ import annotations

from arki.core.demo import DemoContext


def load_demo(ctx: DemoContext) -> None:
    """Add the demo data through this tool's services, never `.objects.create`."""
    from .demo_metrics import load_metrics

    load_metrics(ctx)
