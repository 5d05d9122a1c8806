"""The budgeting tool's registration: its activity, pages, exports, demo, public results."""

from django.utils.translation import gettext_lazy as _

from arki.core.enums import Role
from arki.core.registry import DemoStep, Export, Metric, Page, ToolManifest

from .activities import VoucherBallot
from .demo import load_demo
from .gdpr import personal_data_erase, personal_data_export
from .metrics import ballots_cast
from .opendata import OPEN_DATA
from .public import public_sections
from .selectors import areas_by_persona

F, P, C, A, D, ADM = (
    Role.FACILITATOR,
    Role.PLANNING,
    Role.CONTACT,
    Role.ANALYST,
    Role.DECISION_MAKER,
    Role.ADMIN,
)

#: Facilitators run rounds; the planning group and contact persons count paper vouchers at
#: the tables (one enters, another confirms); decision-makers and analysts read the results.
ACTIONS = {
    "budgeting.view": frozenset({F, P, C, A, D, ADM}),
    "budgeting.manage": frozenset({F, ADM}),
    "budgeting.paper": frozenset({F, P, C, ADM}),
    "budgeting.export": frozenset({F, P, A, ADM}),
}

MANIFEST = ToolManifest(
    name="budgeting",
    label=_("Participatory budgeting"),
    description=_(
        "Workshop 3: welfare vouchers for services, or a real budget for projects; ballots "
        "on phones, tablets and paper, gifts between participants, results by profile."
    ),
    # Vouchers are spent on insight's service catalogue (Round.services points at it).
    requires=("insight",),
    # The open data leave out rounds and groups smaller than this (opendata.py).
    settings=("ARKI_K_ANONYMITY",),
    # Read by the decisions tool to suggest each concept-workshop group's service area.
    provides={"budgeting.areas_by_persona": areas_by_persona},
    actions=ACTIONS,
    activities=[VoucherBallot],
    urls="arki.budgeting.urls",
    url_prefix="budgeting",
    public_urls="arki.budgeting.public_urls",
    public_url_prefix="vouchers",
    pages=[
        Page(
            _("Participatory budgeting"),
            "budgeting:round_list",
            ACTIONS["budgeting.view"],
            _("Voucher and budget rounds, paper tallies, results and exports."),
        ),
    ],
    metrics=[Metric("budgeting.ballots", _("Voucher ballots cast"), _("ballots"), ballots_cast)],
    exports=[
        Export(
            _("Budgeting results (CSV)"),
            "budgeting:export_process_csv",
            ACTIONS["budgeting.export"],
        )
    ],
    demo=DemoStep(order=30, load=load_demo),
    public_sections=public_sections,
    open_data=OPEN_DATA,
    personal_data_export=personal_data_export,
    personal_data_erase=personal_data_erase,
)
