from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "arki.core"
    label = "core"
    verbose_name = _("Arki core")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the tool-contract system checks)
        from .registry import load_tool

        load_tool(self)
