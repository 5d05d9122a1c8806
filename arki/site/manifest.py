"""The public website's manifest: it adds the demo's news posts (no personal data is held).

The site is part of the core, not a tool: it is always installed (ARKI_CORE_APPS), mounted at
the root by config/urls.py and linked by URL name from the core's base template. Like the
core it registers a manifest only for what the registry collects (here its demo step); it
imports no tool (an import contract in pyproject.toml).
"""

from django.utils.translation import gettext_lazy as _

from arki.core.enums import Role
from arki.core.registry import DemoStep, OpenColumn, OpenDataset, Page, ToolManifest

from .demo import load_site_demo
from .opendata import workshop_rows

NEWS_WRITERS = frozenset({Role.FACILITATOR, Role.ADMIN})

MANIFEST = ToolManifest(
    name="site",
    label=_("Public process website"),
    description=_("Phases, workshops and their results, news and contacts for everyone."),
    demo=DemoStep(order=5, load=load_site_demo),
    # Workshop participant counts below k are left out of the open data; the public data
    # API's rate limit and cache lifetime (arki/site/api/http.py).
    settings=(
        "ARKI_K_ANONYMITY",
        "ARKI_API_RATE_LIMIT",
        "ARKI_API_RATE_WINDOW_MINUTES",
        "ARKI_API_CACHE_SECONDS",
    ),
    # Facilitators write the news; the site's staff pages are mounted at /staff/news/.
    actions={"site.news": NEWS_WRITERS},
    urls="arki.site.staff_urls",
    url_prefix="news",
    pages=[
        Page(
            _("News"),
            "news:list",
            NEWS_WRITERS,
            _("Write, preview, schedule and publish news on the public website."),
        )
    ],
    open_data=[
        OpenDataset(
            name="workshop-results",
            title=_("Workshop results"),
            description=_("The published results of each workshop, as on its public page."),
            columns=[
                OpenColumn(
                    "workshop", _("Workshop"), _("The workshop's number in the process."), "integer"
                ),
                OpenColumn("title", _("Title"), _("The workshop's title.")),
                OpenColumn("date", _("Date"), _("The day the workshop was held."), "date"),
                OpenColumn(
                    "municipality",
                    _("Municipality code"),
                    _("Statistics Finland's code of the municipality; empty for the region."),
                ),
                OpenColumn("municipality_label", _("Municipality"), _("The municipality's name.")),
                OpenColumn(
                    "participants",
                    _("Participants"),
                    _("How many took part; empty when not recorded or below the k-anonymity size."),
                    "integer",
                ),
                OpenColumn("results", _("Results"), _("The summary of the results.")),
                OpenColumn(
                    "published", _("Published"), _("The day the results were published."), "date"
                ),
            ],
            rows=workshop_rows,
        )
    ],
)
