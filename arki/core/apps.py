from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "arki.core"
    label = "core"
    verbose_name = _("Arki core")

    def ready(self) -> None:
        from django.db.models import IntegerField
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401  (registers the tool-contract system checks)
        from .lookups import IntegerIn
        from .registry import load_tool

        load_tool(self)
        # Ids out of the database's range match nothing instead of failing (lookups.py).
        IntegerField.register_lookup(IntegerIn)
        # Infrastructure, not domain logic: the database cache's table has no model, so
        # `migrate` alone would not create it; a fresh install (and the test database) must
        # just work. createcachetable skips tables that exist and backends that are not
        # DatabaseCache (Redis).
        post_migrate.connect(create_cache_table, sender=self)


def create_cache_table(*, using: str = "default", **kwargs: object) -> None:
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
