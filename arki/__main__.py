"""The `arki` console command: Django's management entry point with Arki's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    if sys.argv[1:2] == ["runserver"]:
        # The development server also runs the background jobs (arki.core.worker).
        import django

        django.setup()
        from arki.core.worker import embedded_worker_start

        embedded_worker_start()
    execute_from_command_line(["arki", *sys.argv[1:]])


if __name__ == "__main__":
    main()
