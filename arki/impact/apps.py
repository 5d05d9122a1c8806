from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "arki.impact"
    label = "impact"
    verbose_name = _("Impact")

    def ready(self) -> None:
        # Registers MANIFEST (and its permission actions) from manifest.py.
        from arki.core.registry import load_tool

        load_tool(self)
