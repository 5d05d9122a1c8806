"""Budgeting reads personas through the registry and says so when no tool provides them."""

from __future__ import annotations

import pytest
from django.test import Client

from arki.core.registry import registry

from .. import selectors

pytestmark = pytest.mark.django_db


def results_page(process, round_, user) -> str:
    client = Client()
    client.force_login(user)
    url = f"/en/staff/budgeting/{process.slug}/rounds/{round_.pk}/results/"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_personas_come_from_the_capability_the_analysis_manifest_provides():
    provided = registry.tool("analysis").provides[selectors.PERSONAS_CAPABILITY]

    assert registry.capability(selectors.PERSONAS_CAPABILITY) is provided
    assert provided.__module__ == "arki.analysis.selectors"
    assert registry.providers(selectors.PERSONAS_CAPABILITY) == ["analysis"]


def test_without_a_persona_provider_the_results_page_says_analysis_is_needed(
    monkeypatch, process, live_round, facilitator
):
    round_, _session, _activity = live_round
    with_analysis = results_page(process, round_, facilitator)
    assert "need the analysis tool" not in with_analysis
    assert "No personas published yet" in with_analysis

    # As in an installation without the analysis tool: nobody provides the capability.
    monkeypatch.setattr(selectors, "PERSONAS_CAPABILITY", "personas.nobody_provides_this")
    page = results_page(process, round_, facilitator)

    assert "Results by persona need the analysis tool" in page
    assert "No personas published yet" not in page
    assert selectors.personas_of(process, [1, 2]) is None
