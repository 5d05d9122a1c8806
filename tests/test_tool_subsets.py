"""Arki starts and serves its pages with only some tools installed (ARKI_TOOLS).

Settings read ARKI_TOOLS when they are imported, so each subset runs in its own Python
process: `arki check` with warnings as failures, a migration of a fresh database (SQLite in a
temporary folder, or a PostgreSQL database of its own when DATABASE_URL points at one), and
the process page, a workshop page, the public site and every staff page the installed tools
register, through Django's test client.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow

SCRIPT = textwrap.dedent(
    """
    import datetime, json, sys
    import django
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    call_command("check", fail_level="WARNING")
    call_command("migrate", verbosity=0)

    from arki.core.models import Municipality, Region, User
    from arki.core.registry import registry
    from arki.core.services.processes import process_create_from_template

    region, _ = Region.objects.get_or_create(code="20", defaults={"name": "Kainuu"})
    town, _ = Municipality.objects.get_or_create(
        code="205", defaults={"region": region, "name": "Kajaani"}
    )
    admin = User.objects.create_superuser("admin", "admin@example.org", "pw-for-tests-only")
    process = process_create_from_template(
        template="kainuu-2014-2016", name="Subset", slug="subset", region=region,
        municipalities=[town], first_workshop_on=datetime.date(2026, 1, 10), is_public=True,
    )
    client = Client()
    translation.activate("en")
    pages = {
        "/": reverse("site:index"),
        "public process": reverse("site:process", args=[process.slug]),
    }
    client.force_login(admin)
    # An administrator's session passes the second factor (arki/core/twofactor.py).
    from arki.core.testing import pass_second_factor
    pass_second_factor(client, admin)
    pages["process"] = reverse("core:process_detail", args=[process.slug])
    for position in (1, 3, 5):
        pages[f"workshop {position}"] = reverse(
            "core:workshop_detail", args=[process.slug, position]
        )
    for tool, page in registry.pages():
        pages[f"{tool.name}: {page.url_name}"] = reverse(page.url_name, args=[process.slug])
    found = {}
    for name, url in pages.items():
        response = client.get(url)
        found[name] = [response.status_code, response.content.decode()]
    print(json.dumps({
        "tools": sorted(t.name for t in registry.tools()),
        "personas": registry.capability("personas.of_people") is not None,
        "pages": found,
    }))
    """
)


def _database(tmp_path: Path, subset: str) -> tuple[str, str | None]:
    """A fresh database for this subset: (DATABASE_URL, PostgreSQL name to drop or None)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_path / 'arki.sqlite3'}", None
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'arki'}_{subset}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), name


def _drop(name: str | None) -> None:
    if name is None:
        return
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_subset(tmp_path: Path, tools: str, subset: str) -> subprocess.CompletedProcess:
    database_url, pg_name = _database(tmp_path, subset)
    env = {
        **os.environ,
        "ARKI_TOOLS": tools,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url,
        "ARKI_VAR_DIR": str(tmp_path),
    }
    try:
        return subprocess.run(
            [sys.executable, "-c", SCRIPT],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        _drop(pg_name)


def serve(tmp_path: Path, tools: str, subset: str) -> dict:
    result = run_subset(tmp_path, tools, subset)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_all_served(report: dict) -> None:
    failed = {name: status for name, (status, _body) in report["pages"].items() if status != 200}
    assert failed == {}


def test_core_alone_starts_and_shows_planned_activities(tmp_path):
    report = serve(tmp_path, "none", "none")

    assert report["tools"] == ["core", "site"]
    assert_all_served(report)
    workshop_1 = report["pages"]["workshop 1"][1]
    assert "Not available: needs the insight tool" in workshop_1
    assert "insight.service_map" not in workshop_1
    assert report["personas"] is False


def test_insight_alone_serves_its_pages(tmp_path):
    report = serve(tmp_path, "insight", "insight")

    assert report["tools"] == ["core", "insight", "site"]
    assert_all_served(report)
    assert "insight: insight:overview" in report["pages"]
    assert "Not available" not in report["pages"]["workshop 1"][1]
    assert "Not available: needs the budgeting tool" in report["pages"]["workshop 3"][1]


def test_budgeting_without_analysis_says_personas_need_the_analysis_tool(tmp_path):
    report = serve(tmp_path, "insight,budgeting", "budgeting")

    assert report["tools"] == ["budgeting", "core", "insight", "site"]
    assert_all_served(report)
    assert "budgeting: budgeting:round_list" in report["pages"]
    assert "Not available" not in report["pages"]["workshop 3"][1]
    assert report["personas"] is False  # the results page then says analysis is needed


def test_budgeting_without_insight_refuses_to_start_and_says_why(tmp_path):
    result = run_subset(tmp_path, "budgeting", "broken")

    assert result.returncode != 0
    assert "'budgeting' tool requires the tool(s) insight" in result.stderr
