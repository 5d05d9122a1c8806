from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "arki.insight"
    label = "insight"
    verbose_name = _("Service maps and diaries")

    def ready(self) -> None:
        # The manifest carries the whole contract (actions, requires, provides …).
        from arki.core.registry import load_tool

        load_tool(self)
