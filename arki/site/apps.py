from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "arki.site"
    label = "site"
    verbose_name = _("Public process website")

    def ready(self) -> None:
        from arki.core.registry import registry

        from .manifest import MANIFEST

        registry.register(MANIFEST)
