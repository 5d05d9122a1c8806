from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "arki.analysis"
    label = "analysis"
    verbose_name = _("Analysis and personas")

    def ready(self) -> None:
        # The manifest carries the whole contract (actions, requires, provides …).
        from arki.core.registry import load_tool

        load_tool(self)
