"""The import contracts in pyproject.toml are enforced, and they match the manifests.

`make lint` runs `lint-imports`; these tests prove that the contract file catches a
forbidden import (a copy of the package where the core imports a tool) and that the tool
pairs it allows are exactly the ones the manifests' `requires` declare.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from arki.core.registry import registry

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
TOOLS = {"insight", "analysis", "budgeting", "helpexchange"}


def contracts() -> list[dict]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]["contracts"]


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    """Run lint-imports on a copy of the code: `arki` resolves to the copy, not this tree."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def tree(tmp_path) -> Path:
    shutil.copytree(
        ROOT / "arki",
        tmp_path / "arki",
        ignore=shutil.ignore_patterns("locale", "static", "templates", "__pycache__", "*.pb"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


@pytest.mark.slow
def test_a_core_module_importing_a_tool_breaks_the_contract(tree):
    assert lint_imports(tree).returncode == 0

    poll = tree / "arki" / "core" / "activities" / "poll.py"
    poll.write_text(poll.read_text(encoding="utf-8") + "\nimport arki.insight  # noqa\n")
    result = lint_imports(tree)

    assert result.returncode != 0
    assert "arki.core.activities.poll -> arki.insight" in result.stdout


def test_tool_pairs_allowed_are_exactly_the_manifests_requires():
    allowed = {}
    for contract in contracts():
        sources = contract.get("source_modules", [])
        if contract["type"] == "forbidden" and len(sources) == 1 and sources[0][5:] in TOOLS:
            tool = sources[0][5:]
            allowed[tool] = TOOLS - {tool} - {m[5:] for m in contract["forbidden_modules"]}

    assert set(allowed) == TOOLS
    for tool, imports in allowed.items():
        assert imports == set(registry.tool(tool).requires), tool


def test_contracts_ignore_no_imports():
    assert all("ignore_imports" not in contract for contract in contracts())
