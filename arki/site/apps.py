from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "arki.site"
    label = "site"
    verbose_name = _("Public process website")

    def ready(self) -> None:
        # The manifest carries the whole contract (actions, requires, provides …).
        from arki.core.registry import load_tool

        load_tool(self)
