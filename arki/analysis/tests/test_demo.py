"""The demo builds 24 published personas like the pilot, the four named ones among them."""

from __future__ import annotations

import pytest
from django.db import transaction

from arki.analysis.enums import PersonaStatus
from arki.analysis.models import Cluster, ClusterRun, Persona, k_anonymity
from arki.core.demo import DemoContext
from arki.core.enums import AgeGroup
from arki.core.models import Process
from arki.core.registry import registry

from .conftest import ensure_catalogue

NEEDED = {"core", "site", "insight", "analysis"}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_demo_builds_24_published_personas_with_the_young_merged(municipalities):
    ensure_catalogue()
    ctx = DemoContext(log=lambda _line: None)
    with transaction.atomic():
        for name, step in registry.demo_steps():
            if name in NEEDED:
                step.load(ctx)
    process = Process.objects.get(slug="kainuu")
    personas = Persona.objects.filter(process=process)
    assert personas.count() == 24
    names = " ".join(personas.values_list("name", flat=True))
    for named in ("Vähään tyytyvät", "Me-eläjät", "Rutinoituneet", "Yhteisöaktiivit"):
        assert named in names
    # every persona is published, and each has at least k supporters
    assert set(personas.values_list("status", flat=True)) == {PersonaStatus.PUBLISHED}
    for persona in personas:
        assert persona.supporters.count() >= k_anonymity()
    # the groups were found per municipality and age group (the young too) ...
    run = ClusterRun.objects.get(process=process)
    young_slices = [s for s in run.slices if s["age_group"] == AgeGroup.YOUNG]
    assert len(young_slices) > 1 and all(s["municipality"] for s in young_slices)
    # ... and the young people's small groups were merged across municipalities
    young = Cluster.objects.filter(run=run, age_group=AgeGroup.YOUNG, publishable=True)
    assert young.exists()
    for cluster in young:
        assert cluster.merged and cluster.municipalities.count() > 1
        assert len(cluster.summary["slices"]) > 1
    young_personas = personas.filter(cluster__age_group=AgeGroup.YOUNG)
    assert young_personas.exists()
    assert all(p.municipalities.count() > 1 for p in young_personas)
