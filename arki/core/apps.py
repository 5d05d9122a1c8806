from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "arki.core"
    label = "core"
    verbose_name = _("Arki core")

    def ready(self) -> None:
        from .manifest import MANIFEST
        from .registry import registry

        registry.register(MANIFEST)
