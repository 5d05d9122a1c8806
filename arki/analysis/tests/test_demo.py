"""The demo builds 24 personas like the pilot, the four named ones among them."""

from __future__ import annotations

import pytest
from django.db import transaction

from arki.analysis.enums import PersonaStatus
from arki.analysis.models import Cluster, Persona, k_anonymity
from arki.core.demo import DemoContext
from arki.core.models import Process
from arki.core.registry import registry

from .conftest import ensure_catalogue

NEEDED = {"core", "site", "insight", "analysis"}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_demo_builds_24_personas(municipalities):
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
    for persona in personas.filter(status=PersonaStatus.PUBLISHED):
        assert persona.supporters.count() >= k_anonymity()
    young = Cluster.objects.filter(run__process=process, age_group="young")
    assert all(c.municipalities.count() > 1 for c in young)  # across municipalities
