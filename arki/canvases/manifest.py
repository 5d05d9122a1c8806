"""The canvases tool's contract with the core and the other tools (see docs/architecture.md).

Everything the core or another tool knows of this tool is here: what it requires, what it
provides, its permission actions, activities, pages, exports, jobs, demo step and GDPR hooks.
"""

from django.utils.translation import gettext_lazy as _

from arki.core.enums import Role
from arki.core.registry import DemoStep, Page, ToolManifest

from .activities import ACTIVITIES
from .demo import load_demo
from .gdpr import personal_data_erase, personal_data_export
from .public import public_sections
from .selectors import canvases_citing_persona

#: Who may do what. Keep to least privilege; selectors check these with `require()`.
ACTIONS = {
    "canvases.view": frozenset({Role.FACILITATOR, Role.PLANNING, Role.ADMIN}),
    "canvases.manage": frozenset({Role.FACILITATOR, Role.ADMIN}),
    # Paper canvases are typed in after the workshop by the staff who ran the tables.
    "canvases.paper": frozenset({Role.FACILITATOR, Role.PLANNING, Role.ADMIN}),
}

MANIFEST = ToolManifest(
    name="canvases",
    label=_("Canvases"),
    description=_(
        "Workshop canvases as structured data: empathy maps, service blueprints, business "
        "model canvases, stakeholder maps and storyboards, live at the tables, on paper and "
        "on the public page."
    ),
    # Tools this tool imports; also list each pair in pyproject.toml's import contracts.
    requires=(),
    # Read functions other tools may ask the registry for: {"name.of_thing": selector}.
    provides={"canvases.citing_persona": canvases_citing_persona},
    actions=ACTIONS,
    activities=ACTIVITIES,
    urls="arki.canvases.urls",
    url_prefix="canvases",
    public_urls="arki.canvases.public_urls",
    public_url_prefix="canvas",
    public_sections=public_sections,
    pages=[
        Page(
            _("Canvases"),
            "canvases:index",
            ACTIONS["canvases.view"],
            _("The groups' canvases: paper entry, PDFs, JSON and publishing."),
        ),
    ],
    demo=DemoStep(order=90, load=load_demo),
    personal_data_export=personal_data_export,
    personal_data_erase=personal_data_erase,
)
