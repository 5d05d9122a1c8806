"""The analysis tool's registration: permissions, pages, exports, demo and GDPR hooks."""

from django.utils.translation import gettext_lazy as _

from arki.core.enums import Role
from arki.core.registry import DemoStep, Export, Metric, Page, PublicSection, ToolManifest

from .demo import load_demo
from .documents import hidden_phrases, redactions_by_answer
from .gdpr import personal_data_erase, personal_data_export
from .jobs import cluster_job
from .opendata import OPEN_DATA
from .selectors import persona_of_people, personas_evidence, personas_of_process

F, P, C, A, ADM = Role.FACILITATOR, Role.PLANNING, Role.CONTACT, Role.ANALYST, Role.ADMIN

#: Analysts work on pseudonymised, redacted text only; contact persons (municipality-scoped)
#: may redact their own municipality's diaries because they may see identities anyway.
ACTIONS = {
    "analysis.view": {F, P, A, ADM},
    "analysis.code": {F, A, ADM},
    "analysis.assign": {F, ADM},
    "analysis.redact": {F, C, ADM},
    "analysis.codebook": {F, A, ADM},
    "analysis.cluster": {F, A, ADM},
    "analysis.persona": {F, A, ADM},
    "analysis.publish": {F, A, ADM},
    "analysis.export": {F, A, ADM},
}


def _published_count(process) -> int:
    from .selectors import published_personas

    return published_personas(process).count()


def _public_sections(workshop) -> list[PublicSection]:
    """Workshop 2 onwards works with the personas: show the published ones, counts only."""
    from .selectors import published_personas

    if workshop.position < 2:
        return []
    personas = list(published_personas(workshop.process))
    if not personas:
        return []
    return [
        PublicSection(
            title=_("Customer profiles"),
            template="analysis/public/section.html",
            context={"personas": personas, "process": workshop.process},
        )
    ]


MANIFEST = ToolManifest(
    name="analysis",
    label=_("Analysis and personas"),
    description=_(
        "Pseudonymised coding of the diaries, coder agreement, groups with k-anonymity and "
        "persona cards."
    ),
    # Coding reads insight's diaries and participants; personas are groups of them.
    requires=("insight",),
    provides={
        "personas.of_people": persona_of_people,
        "personas.of_process": personas_of_process,
        # dtrail: a persona's quotes as staff or the public may see them, for the trail.
        "personas.evidence": personas_evidence,
    },
    actions=ACTIONS,
    settings=("ARKI_K_ANONYMITY",),
    urls="arki.analysis.urls",
    url_prefix="analysis",
    public_urls="arki.analysis.public_urls",
    public_url_prefix="personas",
    pages=[
        Page(
            _("Analysis workspace"),
            "analysis:overview",
            frozenset(ACTIONS["analysis.view"]),
            _("Code the diaries, check agreement, find groups and write personas."),
        ),
        Page(
            _("Redact diaries"),
            "analysis:redact",
            frozenset(ACTIONS["analysis.redact"]),
            _("Hide names and other identifying text before analysis."),
        ),
        Page(
            _("Personas"),
            "analysis:personas",
            frozenset(ACTIONS["analysis.view"]),
            _("Customer profiles and their A4 cards."),
        ),
    ],
    metrics=[
        Metric(
            "analysis.personas_published", _("Personas published"), _("personas"), _published_count
        ),
    ],
    exports=[
        Export(
            _("Coded segments (CSV)"),
            "analysis:export_segments_csv",
            frozenset(ACTIONS["analysis.export"]),
        ),
        Export(
            _("Coded segments (Excel)"),
            "analysis:export_segments_xlsx",
            frozenset(ACTIONS["analysis.export"]),
        ),
        Export(
            _("REFI-QDA project (.qdpx)"),
            "analysis:export_qdpx",
            frozenset(ACTIONS["analysis.export"]),
        ),
    ],
    demo=DemoStep(order=20, load=load_demo),
    jobs={"analysis.cluster": cluster_job},
    public_sections=_public_sections,
    open_data=OPEN_DATA,
    personal_data_export=personal_data_export,
    personal_data_erase=personal_data_erase,
    text_redactions=redactions_by_answer,
    hidden_phrases=hidden_phrases,
)
