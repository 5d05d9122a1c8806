from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpExchangeConfig(AppConfig):
    name = "arki.helpexchange"
    label = "helpexchange"
    verbose_name = _("Arjen pelastajat help exchange")

    def ready(self) -> None:
        from arki.core.registry import registry

        from .manifest import MANIFEST
        from .permissions import register

        register()
        registry.register(MANIFEST)
