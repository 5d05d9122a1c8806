"""The core's own manifest: the generic quick poll, its demo step, jobs and GDPR hooks."""

from django.utils.translation import gettext_lazy as _

from .activities import QuestionsAndAnswers, QuickPoll, Ranking, Scale, WordCloud
from .demo import load_core_demo
from .enums import Role
from .outbox.letters import letters_batch
from .registry import DemoStep, ToolManifest
from .reports import regenerate_reports
from .services.gdpr import core_personal_data, core_personal_data_erase

MANIFEST = ToolManifest(
    name="core",
    label=_("Process core"),
    description=_("Processes, workshops, participants and live sessions."),
    activities=[QuickPoll, Scale, Ranking, WordCloud, QuestionsAndAnswers],
    # Staff and roles (arki/core/views/accounts.py): facilitators see who works in their
    # process; administrators invite, assign, withdraw, deactivate and reset second factors.
    actions={
        "staff.view": [Role.FACILITATOR, Role.ADMIN],
        "staff.manage": [Role.ADMIN],
        # Scheduled messages: invitations, the failed-messages page, the letters batch.
        "messages.manage": [Role.FACILITATOR, Role.ADMIN],
    },
    demo=DemoStep(order=0, load=load_core_demo),
    jobs={"core.regenerate_reports": regenerate_reports, "core.letters": letters_batch},
    personal_data_export=core_personal_data,
    personal_data_erase=core_personal_data_erase,
)
