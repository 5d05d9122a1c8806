from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpExchangeConfig(AppConfig):
    name = "arki.helpexchange"
    label = "helpexchange"
    verbose_name = _("Arjen pelastajat help exchange")

    def ready(self) -> None:
        # The manifest carries the whole contract (actions, requires, provides …).
        from arki.core.registry import load_tool

        load_tool(self)
