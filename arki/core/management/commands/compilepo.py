"""Compile every .po catalogue of Arki to .mo with polib (no GNU gettext needed): each app's
`locale/` and the plain-Finnish `locale_plain/` (config/settings/base.py, LOCALE_PATHS)."""

import os
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile Arki's translation catalogues (.po → .mo)."
    # Compiling catalogues needs no working project: `make install` runs this before a tool
    # under construction registers its activities, and a check error must not stop it.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR) / "arki"
        count = 0
        for po_path in sorted(root.glob("**/locale*/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            # Written aside and renamed, so a test run starting at the same moment (CI runs the
            # SQLite and PostgreSQL suites side by side) never reads a half-written catalogue.
            partial = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.partial")
            polib.pofile(str(po_path)).save_as_mofile(str(partial))
            os.replace(partial, mo_path)
            count += 1
        self.stdout.write(f"Compiled {count} translation catalogue(s).")
