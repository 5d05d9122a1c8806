"""`arki starttool NAME` writes the canonical file set of a tool, and it is importable."""

from __future__ import annotations

import importlib
import py_compile
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from arki.core.registry import ToolManifest

FILES = [
    "__init__.py",
    "apps.py",
    "manifest.py",
    "models.py",
    "enums.py",
    "services.py",
    "selectors.py",
    "forms.py",
    "views.py",
    "urls.py",
    "demo.py",
    "gdpr.py",
    "templates/demo_tool/index.html",
    "templates/demo_tool/partials/summary.html",
    "locale/fi/LC_MESSAGES/django.po",
    "locale/sv/LC_MESSAGES/django.po",
    "tests/__init__.py",
    "tests/test_views.py",
]


@pytest.fixture
def tool(tmp_path, monkeypatch):
    call_command("starttool", "demo_tool", str(tmp_path / "demo_tool"), stdout=sys.stderr)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path / "demo_tool"
    for module in [m for m in sys.modules if m == "demo_tool" or m.startswith("demo_tool.")]:
        del sys.modules[module]


def test_the_skeleton_has_the_canonical_files_and_compiles(tool):
    made = sorted(str(p.relative_to(tool)) for p in tool.rglob("*") if p.is_file())

    assert made == sorted(FILES)
    for path in tool.rglob("*.py"):
        py_compile.compile(str(path), doraise=True)
    assert '"demo_tool/partials/summary.html"' in (tool / FILES[12]).read_text()
    assert 'app_name = "demo_tool"' in (tool / "urls.py").read_text()
    assert 'msgid "DemoTool"' in (tool / "locale/fi/LC_MESSAGES/django.po").read_text()
    tests = (tool / "tests/test_views.py").read_text()
    assert "@pytest.mark.browser" in tests and "axe_check(page)" in tests


def test_the_generated_manifest_imports_and_its_gdpr_hooks_raise_until_written(tool):
    manifest = importlib.import_module("demo_tool.manifest").MANIFEST

    assert isinstance(manifest, ToolManifest)
    assert (manifest.name, manifest.urls, manifest.requires) == (
        "demo_tool",
        "arki.demo_tool.urls",
        (),
    )
    assert set(manifest.actions) == {"demo_tool.view", "demo_tool.manage"}
    assert manifest.demo is not None and manifest.demo.load(None) is None
    with pytest.raises(NotImplementedError):
        manifest.personal_data_export(None)
    with pytest.raises(NotImplementedError):
        manifest.personal_data_erase(None)


def test_an_existing_tool_is_not_overwritten(tmp_path):
    (tmp_path / "insight").mkdir()
    (tmp_path / "insight" / "models.py").write_text("# mine\n")

    with pytest.raises(CommandError, match="already exists"):
        call_command("starttool", "insight", str(tmp_path / "insight"))
    assert (tmp_path / "insight" / "models.py").read_text() == "# mine\n"
