from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "arki.budgeting"
    label = "budgeting"
    verbose_name = _("Participatory budgeting")

    def ready(self) -> None:
        # The manifest carries the whole contract (actions, requires, provides …).
        from arki.core.registry import load_tool

        load_tool(self)
