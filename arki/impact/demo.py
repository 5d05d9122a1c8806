"""The impact tool's part of the Kainuu demo (`arki demo`), run after the core's."""

from __future__ import annotations

from arki.core.demo import DemoContext

from .demo_metrics import load_metrics
from .demo_stories import load_stories
from .demo_surveys import load_surveys


def load_demo(ctx: DemoContext) -> None:
    """The metric plan with its statistics, the survey rounds, then the community reporters'
    stories, each through the services."""
    load_metrics(ctx)
    load_surveys(ctx)
    load_stories(ctx)
