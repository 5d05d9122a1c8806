"""Test helpers of the metric plan: chosen criteria made with the decisions tool's models
(tests may import any app; the impact tool itself reads them through the registry)."""

from __future__ import annotations

from pathlib import Path

from arki.core.registry import registry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def provide_criteria(monkeypatch, process, texts=("Vaikuttavuus", "Toteutettavuus")):
    """Two chosen criteria of `process`, offered as `decisions.chosen_criteria` (until the
    decisions tool offers the capability itself)."""
    # By name: the impact package must not import the decisions tool, not even in tests.
    from django.apps import apps

    Criterion = apps.get_model("decisions", "Criterion")
    rows = [
        Criterion.objects.create(process=process, text=text, position=i, chosen=True)
        for i, text in enumerate(texts, start=1)
    ]

    def chosen(of_process):
        return [
            (c.pk, c.text, 3, 1)
            for c in Criterion.objects.filter(process=of_process).order_by("position")
        ]

    original = registry.capability

    def capability(name):
        if name == "decisions.chosen_criteria":
            return original(name) or chosen
        return original(name)

    monkeypatch.setattr(registry, "capability", capability)
    return rows


def without_decisions(monkeypatch) -> None:
    """As if the decisions tool were not installed: no capability of it is offered."""
    original = registry.capability

    def capability(name):
        return None if name.startswith("decisions.") else original(name)

    monkeypatch.setattr(registry, "capability", capability)
