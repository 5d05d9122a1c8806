"""The public website's manifest: it adds the demo's news posts (no personal data is held)."""

from django.utils.translation import gettext_lazy as _

from arki.core.registry import DemoStep, ToolManifest

from .demo import load_site_demo

MANIFEST = ToolManifest(
    name="site",
    label=_("Public process website"),
    description=_("Phases, workshops and their results, news and contacts for everyone."),
    demo=DemoStep(order=5, load=load_site_demo),
)
