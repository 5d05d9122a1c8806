from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "arki.analysis"
    label = "analysis"
    verbose_name = _("Analysis and personas")

    def ready(self) -> None:
        from arki.core.permissions import register_action
        from arki.core.registry import registry

        from .manifest import ACTIONS, MANIFEST

        for action, roles in ACTIONS.items():
            register_action(action, roles)
        registry.register(MANIFEST)
