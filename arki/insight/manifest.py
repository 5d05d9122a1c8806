"""The insight tool's registration: pages, activities, exports, jobs, demo and GDPR hooks."""

from django.utils.translation import gettext_lazy as _

from arki.core.enums import Role
from arki.core.registry import DemoStep, Export, Metric, Page, ToolManifest

from .activities import DiaryActivity, ServiceMapActivity
from .demo import load_demo
from .gdpr import personal_data_erase, personal_data_export
from .jobs import build_paper_kits, export_file, import_file
from .metrics import diaries_returned, diary_return_rate
from .public import public_sections
from .reminders import messages_due
from .services import person_changed
from .shares import diary_share

F, P, C, A, D, ADM = (
    Role.FACILITATOR,
    Role.PLANNING,
    Role.CONTACT,
    Role.ANALYST,
    Role.DECISION_MAKER,
    Role.ADMIN,
)

#: Least privilege: contact persons work on their own municipality's people (their role is
#: municipality-scoped), analysts see pseudonymised data and the catalogue, decision-makers
#: see the aggregate charts only.
ACTIONS = {
    "insight.view": {F, P, C, A, ADM},
    "insight.enter": {F, C, ADM},
    "insight.export": {F, C, A, ADM},
    "insight.import": {F, ADM},
    "insight.manage": {F, ADM},
    "insight.remind": {F, C, ADM},
    "insight.catalogue": {F, A, ADM},
    "insight.charts": {F, P, C, A, D, ADM},
}

MANIFEST = ToolManifest(
    name="insight",
    label=_("Service maps and diaries"),
    description=_(
        "Workshop 1: service maps and one-week service diaries, online, on paper and by "
        "staff entry."
    ),
    # The impact tool's "diary" source (it may not import insight).
    provides={"insight.diary_share": diary_share},
    # Diary reminders on the days the diary is due (arki.core.outbox).
    scheduled_messages=messages_due,
    actions=ACTIONS,
    activities=[ServiceMapActivity, DiaryActivity],
    urls="arki.insight.urls",
    url_prefix="insight",
    public_urls="arki.insight.public_urls",
    public_url_prefix="diary",
    pages=[
        Page(
            _("Service maps and diaries"),
            "insight:overview",
            frozenset(ACTIONS["insight.view"]),
            _("Enrolment, returns, paper kits and reminders."),
        ),
        Page(
            _("Enter paper kits"),
            "insight:entry_find",
            frozenset(ACTIONS["insight.enter"]),
            _("Type in returned paper kits by pseudonym code."),
        ),
        Page(
            _("Service-map charts"),
            "insight:charts",
            frozenset(ACTIONS["insight.charts"]),
            _("Use by category and age group, distances, travel modes."),
        ),
    ],
    metrics=[
        Metric("insight.diaries_returned", _("Diaries returned"), _("diaries"), diaries_returned),
        Metric("insight.return_rate", _("Diary return rate"), "%", diary_return_rate),
    ],
    exports=[
        Export(label, f"insight:export_{kind}_{fmt}", frozenset(ACTIONS["insight.export"]), True)
        for kind, fmt, label in [
            ("maps", "csv", _("Service maps (CSV)")),
            ("maps", "xlsx", _("Service maps (Excel)")),
            ("diaries", "csv", _("Diaries (CSV)")),
            ("diaries", "xlsx", _("Diaries (Excel)")),
        ]
    ],
    demo=DemoStep(order=10, load=load_demo),
    jobs={
        "insight.paper_kits": build_paper_kits,
        "insight.import": import_file,
        "insight.export": export_file,
    },
    public_sections=public_sections,
    personal_data_export=personal_data_export,
    personal_data_erase=personal_data_erase,
    person_changed=person_changed,
)
