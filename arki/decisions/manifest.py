"""The decisions tool's contract with the core and the other tools (see docs/architecture.md).

Everything the core or another tool knows of this tool is here: what it requires, what it
provides, its permission actions, activities, pages, exports, jobs, demo step and GDPR hooks.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arki.core.enums import Role
from arki.core.registry import DemoStep, Export, Page, PublicLink, ToolManifest

from .activities import ACTIVITIES
from .demo import load_demo
from .gdpr import personal_data_erase, personal_data_export
from .opendata import OPEN_DATA
from .public import public_sections
from .selectors import (
    action_refs,
    chosen_criteria,
    concept_refs,
    decisions_citing_persona,
    public_actions,
)

#: Who may do what. Keep to least privilege; selectors check these with `require()`.
ACTIONS = {
    "decisions.view": frozenset({Role.FACILITATOR, Role.PLANNING, Role.DECISION_MAKER, Role.ADMIN}),
    "decisions.manage": frozenset({Role.FACILITATOR, Role.ADMIN}),
    # Paper sheets (group sheets, criteria votes, feedback cards) are typed in by staff.
    "decisions.paper": frozenset({Role.FACILITATOR, Role.PLANNING, Role.ADMIN}),
    # Recording a decision: the decision-makers themselves or the facilitator for them.
    "decisions.decide": frozenset({Role.DECISION_MAKER, Role.FACILITATOR, Role.ADMIN}),
    # Actions' owners and the planning group keep statuses and progress notes up to date.
    "decisions.actions": frozenset(
        {Role.FACILITATOR, Role.PLANNING, Role.DECISION_MAKER, Role.ADMIN}
    ),
}

MANIFEST = ToolManifest(
    name="decisions",
    label=_("Decisions"),
    description=_(
        "From problems to a decision: the concept workshop, concepts, the criteria vote, "
        "the concept selection, actions, user testing, co-planning and the decision trail."
    ),
    # Tools this tool imports; also list each pair in pyproject.toml's import contracts.
    # Personas and voucher results come through registry capabilities, not imports.
    requires=(),
    # The open data leave out criteria votes of fewer voters than this (opendata.py).
    settings=("ARKI_K_ANONYMITY",),
    # Read functions other tools may ask the registry for: {"name.of_thing": selector}.
    provides={
        # criteria vote (dcriteria): for the impact tool's metric plan
        "decisions.chosen_criteria": chosen_criteria,
        # dtrail: what was decided about a persona, for the analysis tool's persona pages.
        "decisions.citing_persona": decisions_citing_persona,
        # The impact tool's community reporters link their stories to concepts and actions.
        "decisions.concept_refs": concept_refs,
        "decisions.action_refs": action_refs,
        # The public site's read-only API (/api/v1/): what the action tracker shows.
        "decisions.published_actions": public_actions,
    },
    actions=ACTIONS,
    activities=ACTIVITIES,
    urls="arki.decisions.urls",
    url_prefix="decisions",
    public_urls="arki.decisions.public_urls",
    public_url_prefix="decisions",
    public_sections=public_sections,
    open_data=OPEN_DATA,
    public_links=[PublicLink(_("Actions and their progress"), "decisions_public:tracker")],
    pages=[
        Page(
            _("Decisions"),
            "decisions:index",
            ACTIONS["decisions.view"],
            _("Problems, ideas, concepts, criteria, the decision, actions and the trail."),
        ),
        # criteria vote and concept selection (dcriteria)
        Page(
            _("Criteria vote"),
            "decisions:criteria_index",
            ACTIONS["decisions.view"],
            _("Criteria, the vote's table, the criteria that carry on, the voting sheet."),
        ),
        Page(
            _("Concept selection and decision"),
            "decisions:selection_index",
            ACTIONS["decisions.view"],
            _("Scores of the concepts, the recorded decision, its history and publishing."),
        ),
        # dactions: actions, user testing, co-planning.
        Page(
            pgettext_lazy("action plan", "Actions"),
            "decisions:actions",
            ACTIONS["decisions.view"],
            _("Actions at three levels: owners, statuses, progress notes, the public tracker."),
        ),
        Page(
            _("User testing"),
            "decisions:testing",
            ACTIONS["decisions.view"],
            _("Testing sessions, feedback cards from phones and paper, summary per tester group."),
        ),
        Page(
            _("Co-planning"),
            "decisions:coplanning",
            ACTIONS["decisions.view"],
            _("Each party's picked actions; owners recorded from the picks."),
        ),
        # concept workshop and concepts (dconcept)
        Page(
            _("Concept workshop"),
            "decisions:concept_workshops",
            ACTIONS["decisions.view"],
            _("Workshop 4's groups: personas, service areas, problems, ideas, group sheets."),
        ),
        Page(
            _("Concepts"),
            "decisions:concepts",
            ACTIONS["decisions.view"],
            _("Concepts gathered from the groups' best ideas: edit, publish, export."),
        ),
    ],
    exports=[
        Export(_("Concepts (CSV)"), "decisions:concepts_csv", ACTIONS["decisions.view"]),
        Export(_("Concepts (JSON)"), "decisions:concepts_json", ACTIONS["decisions.view"]),
        Export(_("Actions (CSV)"), "decisions:actions_csv", ACTIONS["decisions.view"]),
    ],
    demo=DemoStep(order=100, load=load_demo),
    personal_data_export=personal_data_export,
    personal_data_erase=personal_data_erase,
)
