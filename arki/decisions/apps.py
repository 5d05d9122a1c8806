from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "arki.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        # Registers MANIFEST (and its permission actions) from manifest.py.
        from arki.core.registry import load_tool

        load_tool(self)
