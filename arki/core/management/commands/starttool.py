"""`arki starttool NAME`: a new process tool with the canonical file set, ready to register.

Django's `startapp` copies arki/core/tool_template/ (its `*.py-tpl` files rendered with the
tool's name). Templates and catalogues are not Python and hold Django template syntax of
their own, so only their `{{ app_name }}` / `{{ camel_case_app_name }}` placeholders are
filled in here, and `*.po-tpl` becomes `*.po` (so `arki compilepo` does not compile the
skeleton's own catalogues).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

import arki

TEMPLATE = Path(__file__).resolve().parents[2] / "tool_template"


class Command(BaseCommand):
    help = "Create a new Arki tool (arki/NAME/ by default) from the canonical skeleton."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The tool's name: a Python identifier, e.g. canvases.")
        parser.add_argument(
            "directory", nargs="?", help="Where to create it (default: arki/NAME/, new)."
        )

    def handle(self, *args, name: str, directory: str | None = None, **options):
        if not name.isidentifier() or not name.islower():
            raise CommandError(f"{name!r} is not a lower-case Python identifier.")
        target = Path(directory) if directory else Path(arki.__file__).parent / name
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} already exists and is not empty.")
        target.mkdir(parents=True, exist_ok=True)
        call_command("startapp", name, str(target), template=str(TEMPLATE), verbosity=0)
        camel = "".join(part.capitalize() for part in name.split("_"))
        for path in sorted(target.rglob("*")):
            if path.suffix not in {".html", ".po-tpl"}:
                continue
            text = path.read_text(encoding="utf-8")
            text = text.replace("{{ app_name }}", name)
            text = text.replace("{{ camel_case_app_name }}", camel)
            path.write_text(text, encoding="utf-8")
            if path.suffix == ".po-tpl":
                path.rename(path.with_suffix(".po"))
        self.stdout.write(
            f"Created the {name} tool in {target}. Next: add 'arki.{name}' to ALL_TOOL_APPS in "
            "config/settings/base.py, add its import contract to pyproject.toml, "
            f"`arki makemigrations {name}` once it has models, write gdpr.py, then "
            "`make lint` (see docs/architecture.md, 'Adding a tool')."
        )
