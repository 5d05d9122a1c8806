"""The impact tool's contract with the core and the other tools (see docs/architecture.md).

Everything the core or another tool knows of this tool is here: what it requires, what it
provides, its permission actions, activities, pages, exports, jobs, demo step and GDPR hooks.
"""

from django.utils.translation import gettext_lazy as _

from arki.core.enums import Role
from arki.core.registry import DemoStep, Export, Page, PublicLink, ToolManifest

# Importing the readers registers the "arki", "statistics", "survey" and "diary" sources.
from . import readers  # noqa: F401
from .activities import ACTIVITIES
from .demo import load_demo
from .gdpr import personal_data_erase, personal_data_export
from .opendata import OPEN_DATA
from .stories.public import public_sections as stories_public_sections
from .surveys import readers as _survey_readers  # noqa: F401

#: Who may do what. Keep to least privilege; selectors check these with `require()`.
ACTIONS = {
    # Decision-makers own the concept and follow its metrics (brief §3 item 4).
    "impact.view": frozenset({Role.FACILITATOR, Role.PLANNING, Role.DECISION_MAKER, Role.ADMIN}),
    "impact.manage": frozenset({Role.FACILITATOR, Role.ADMIN}),
    # Survey answers on paper or by phone are typed in by staff.
    "impact.paper": frozenset({Role.FACILITATOR, Role.PLANNING, Role.COORDINATOR, Role.ADMIN}),
    "impact.statistics": frozenset({Role.FACILITATOR, Role.PLANNING, Role.ADMIN}),
    # Community reporters' stories are moderated by staff before they are published.
    "impact.moderate": frozenset({Role.FACILITATOR, Role.ADMIN}),
}

MANIFEST = ToolManifest(
    name="impact",
    label=_("Impact"),
    description=_(
        "Metrics and impact: the metric plan from the chosen criteria, follow-up surveys, "
        "official statistics, the decision-makers' impact view and community reporters' stories."
    ),
    # Tools this tool imports; also list each pair in pyproject.toml's import contracts.
    # Criteria, figures and diaries come through registry capabilities, not imports.
    requires=(),
    provides={},
    actions=ACTIONS,
    settings=("ARKI_K_ANONYMITY",),
    activities=ACTIVITIES,
    urls="arki.impact.urls",
    url_prefix="impact",
    public_urls="arki.impact.public_urls",
    public_url_prefix="impact",
    pages=[
        Page(
            _("Impact"),
            "impact:index",
            ACTIONS["impact.view"],
            _("The metric plan, surveys, statistics, the impact view and stories."),
        ),
        Page(
            _("Metric plan"),
            "impact:plan",
            ACTIONS["impact.manage"],
            _("Criterion → metric → how measured → source, baseline and target."),
        ),
        Page(
            _("Official statistics"),
            "impact:statistics",
            ACTIONS["impact.statistics"],
            _("Import JSON-stat 2 or CSV figures per municipality and period."),
        ),
        Page(
            _("Impact view"),
            "impact:view",
            ACTIONS["impact.view"],
            _("Each metric over time against its baseline and target."),
        ),
        Page(
            _("Surveys"),
            "impact:surveys",
            ACTIONS["impact.view"],
            _("Follow-up surveys in rounds: results by group, change per person."),
        ),
        Page(
            _("Survey respondents"),
            "impact:respondents",
            ACTIONS["impact.paper"],
            _("Respondent codes, printed kits, answers from paper and by phone."),
        ),
        # istories: the moderation queue and the reporters.
        Page(
            _("Community reporters' stories"),
            "impact:stories",
            ACTIONS["impact.moderate"],
            _("Moderate reporters' stories (accept, ask for changes, reject) and publish them."),
        ),
        Page(
            _("Community reporters"),
            "impact:reporters",
            ACTIONS["impact.moderate"],
            _("Residents trained as community reporters, and their training."),
        ),
    ],
    exports=[
        Export(_("Arki's figures (JSON-stat 2)"), "impact:figures_json", ACTIONS["impact.view"]),
        Export(_("Arki's figures (CSV)"), "impact:figures_csv", ACTIONS["impact.view"]),
    ],
    # Published stories on their workshop's public page.
    public_sections=stories_public_sections,
    public_links=[
        PublicLink(_("Impact and metrics"), "impact_public:view"),
        PublicLink(_("Community reporters' stories"), "impact_public:stories"),
    ],
    open_data=OPEN_DATA,
    demo=DemoStep(order=110, load=load_demo),
    personal_data_export=personal_data_export,
    personal_data_erase=personal_data_erase,
)
