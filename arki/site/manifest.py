"""The public website's manifest: it adds the demo's news posts (no personal data is held).

The site is part of the core, not a tool: it is always installed (ARKI_CORE_APPS), mounted at
the root by config/urls.py and linked by URL name from the core's base template. Like the
core it registers a manifest only for what the registry collects (here its demo step); it
imports no tool (an import contract in pyproject.toml).
"""

from django.utils.translation import gettext_lazy as _

from arki.core.registry import DemoStep, ToolManifest

from .demo import load_site_demo

MANIFEST = ToolManifest(
    name="site",
    label=_("Public process website"),
    description=_("Phases, workshops and their results, news and contacts for everyone."),
    demo=DemoStep(order=5, load=load_site_demo),
)
