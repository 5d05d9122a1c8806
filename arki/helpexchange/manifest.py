"""The help exchange's manifest: staff pages, public link pages, metrics, demo, GDPR."""

from django.utils.translation import gettext_lazy as _

from arki.core.enums import Role
from arki.core.registry import DemoStep, Export, Page, ToolManifest

from .demo import load_demo
from .gdpr import personal_data_erase, personal_data_export
from .metrics import METRICS
from .opendata import OPEN_DATA
from .reminders import messages_due
from .selectors import participant_home
from .services.requests import sms_reply

#: Registered into `permissions.ACTIONS` with the manifest, like every tool's actions.
ACTIONS = {
    # Figures and the staff overview.
    "helpexchange.view": {
        Role.COORDINATOR,
        Role.FACILITATOR,
        Role.PLANNING,
        Role.CONTACT,
        Role.ANALYST,
        Role.DECISION_MAKER,
        Role.ADMIN,
    },
    # Requests, volunteers, matching, feedback by phone, events, certificates: per municipality.
    "helpexchange.coordinate": {Role.COORDINATOR, Role.FACILITATOR, Role.ADMIN},
    # A volunteer's own page: open requests near them and their tasks.
    "helpexchange.volunteer": {Role.VOLUNTEER},
}

COORDINATORS = frozenset({Role.COORDINATOR, Role.FACILITATOR, Role.ADMIN})

MANIFEST = ToolManifest(
    name="helpexchange",
    label=_("Arjen pelastajat help exchange"),
    description=_("Young volunteers help older people nearby with small everyday tasks."),
    provides={"helpexchange.participant_home": participant_home},
    actions=ACTIONS,
    # ARKI_K_ANONYMITY: the open data withhold monthly counts below it (opendata.py).
    settings=("ARKI_PUBLIC_URL", "ARKI_K_ANONYMITY"),
    # Reminders the day before a help task and a group activity (arki.core.outbox).
    scheduled_messages=messages_due,
    urls="arki.helpexchange.urls",
    url_prefix="help",
    public_urls="arki.helpexchange.public_urls",
    public_url_prefix="apu",
    pages=[
        Page(
            _("Help exchange"),
            "helpexchange:dashboard",
            COORDINATORS | {Role.PLANNING, Role.CONTACT, Role.ANALYST, Role.DECISION_MAKER},
            _("Requests, volunteers, matching and figures"),
        ),
        Page(
            _("Help requests"),
            "helpexchange:request_list",
            COORDINATORS,
            _("Record a phone request and find a helper"),
        ),
        Page(_("Older people"), "helpexchange:recipient_list", COORDINATORS),
        Page(_("Volunteers"), "helpexchange:volunteer_list", COORDINATORS),
        Page(_("Group activities"), "helpexchange:event_list", COORDINATORS),
        Page(_("My help tasks"), "helpexchange:mine", frozenset({Role.VOLUNTEER})),
        Page(_("Ask for help"), "helpexchange:own_requests", frozenset({Role.RESIDENT})),
    ],
    metrics=METRICS,
    open_data=OPEN_DATA,
    exports=[
        Export(_("Help requests (CSV, no addresses)"), "helpexchange:request_export", COORDINATORS),
    ],
    demo=DemoStep(order=40, load=load_demo),
    personal_data_export=personal_data_export,
    personal_data_erase=personal_data_erase,
    sms_reply=sms_reply,
)
