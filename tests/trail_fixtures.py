"""Builders for the decision-trail tests: a whole chain from diaries to an action.

Rows are created directly (the other parts' services are written in parallel); personas,
quotes and consents go through the analysis and core services, as in production.
Import explicitly: `from .trail_fixtures import ...`.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from typing import Any

from arki.analysis import services as analysis_services
from arki.analysis.models import Code, Coding, Persona, k_anonymity
from arki.analysis.tests import factories as analysis_factories
from arki.core.enums import ConsentMethod, ConsentPurpose
from arki.core.models import Process
from arki.core.services import live as live_services
from arki.core.services.people import consent_record, person_create
from arki.decisions.enums import ActionLevel
from arki.decisions.models import (
    Action,
    Concept,
    ConceptGroup,
    Criterion,
    CriterionVote,
    Decision,
    Idea,
    Problem,
    Score,
    Selection,
)

_unique = itertools.count(1)


def ensure_catalogue() -> None:
    """Transactional (browser) tests flush the service catalogue the migration seeded."""
    import importlib

    from django.apps import apps

    importlib.import_module("arki.insight.migrations.0002_seed_catalogue").seed(apps, None)


def persona_with_quote(
    process: Process,
    municipality: Any,
    coder: Any,
    *,
    name: str,
    quote: str,
    consented: bool,
    published: bool = True,
    supporters: int | None = None,
    reviewed: bool = True,
) -> Persona:
    """A persona whose representative quote is the first sentence of a reviewed diary; its
    writer consented to publishing quotes or not; `supporters` people support it (k);
    `reviewed`: staff have reviewed the diary's texts (else the TextGate withholds them)."""
    diary = analysis_factories.diary(
        process, municipality, did_today=f"{quote} Muuta ei ollut.", reviewed=reviewed
    )
    day = diary.days.get(day=1)
    code = Code.objects.filter(process=process).first() or next(
        iter(analysis_factories.codes(process).values())
    )
    coding = Coding.objects.create(
        process=process,
        day=day,
        field="did_today",
        start=0,
        end=len(quote),
        code=code,
        coder=coder,
    )
    persona = analysis_services.persona_create(process=process, name=name, by=None)
    persona.quotes.add(coding)
    others = [
        person_create(process=process, municipality=municipality, age_band="75-84")
        for _ in range(max(k_anonymity(), supporters or 0) - 1)
    ]
    persona.supporters.add(diary.person, *others)
    if consented:
        consent_record(
            person=diary.person,
            purpose=ConsentPurpose.QUOTES,
            text_version="1",
            given_on=datetime.date(2014, 6, 12),
            method=ConsentMethod.PAPER,
        )
    if published:
        persona = analysis_services.persona_publish(persona=persona, by=None)
    if supporters is not None and supporters < k_anonymity():
        # Supporters erased after publishing (e.g. a GDPR erasure): published, below k.
        persona.supporters.remove(*others[: k_anonymity() - supporters])
    return persona


@dataclass
class Chain:
    action: Action
    concept: Concept
    decision: Decision
    selection: Selection
    criteria: list[Criterion]
    others: list[Concept]
    groups: list[ConceptGroup]
    problems: list[Problem]
    ideas: list[Idea]
    texts: dict[str, str] = field(default_factory=dict)


def decision_chain(
    process: Process,
    facilitator: Any,
    persona_ids: list[int],
    *,
    published: bool = True,
    scale: int = 1,
    tag: str = "",
) -> Chain:
    """Groups for the personas (one each), a picked problem per group with two ideas (the
    best in the concept), a criteria vote with 2×`scale` criteria and 3 voters, a selection
    of the concept against `scale` other candidates, a decision and an action."""
    tag = tag or f"T{next(_unique)}"
    workshop = process.workshops.get(position=4)
    session = live_services.session_open(workshop=workshop, by=facilitator)
    seats = [live_services.seat_join(session=session)[0] for _ in range(3)]
    groups, problems, ideas = [], [], []
    number = ConceptGroup.objects.filter(workshop=workshop).count()
    for i, persona_id in enumerate(persona_ids):
        group = ConceptGroup.objects.create(
            workshop=workshop,
            number=number + i + 1,
            persona_id=persona_id,
            label=f"Ryhmä {tag}-{i}",
            service_area="Liikkuminen",
        )
        problem = Problem.objects.create(group=group, text=f"Ongelma {tag}-{i}", picked=True)
        ideas += [
            Idea.objects.create(
                problem=problem, text=f"Idea {tag}-{i}-{j}", position=j, best=j == 0
            )
            for j in range(2)
        ]
        groups.append(group)
        problems.append(problem)
    concept = Concept.objects.create(
        process=process, name=f"Konsepti {tag}", aim=f"Tavoite {tag}", is_published=published
    )
    concept.ideas.add(*ideas)
    concept.problems.add(*problems)
    others = [
        Concept.objects.create(process=process, name=f"Kilpailija {tag}-{i}", is_published=False)
        for i in range(scale)
    ]
    criteria = [
        Criterion.objects.create(
            process=process, text=f"Kriteeri {tag}-{i}", position=i, chosen=i % 2 == 0
        )
        for i in range(2 * scale)
    ]
    for criterion in criteria:
        for n, seat in enumerate(seats):
            CriterionVote.objects.create(criterion=criterion, seat=seat, important=n < 2)
    selection = Selection.objects.create(process=process, title=f"Valinta {tag}")
    selection.concepts.add(concept, *others)
    chosen = [c for c in criteria if c.chosen]
    selection.criteria.add(*chosen)
    for seat in seats:
        for candidate in [concept, *others]:
            for criterion in chosen:
                Score.objects.create(
                    selection=selection,
                    seat=seat,
                    concept=candidate,
                    criterion=criterion,
                    value=5 if candidate == concept else 2,
                )
    decision = Decision.objects.create(
        process=process,
        selection=selection,
        concept=concept,
        decided_on=datetime.date(2015, 9, 1),
        participants=f"Päättäjät {tag}",
        rationale=f"Perustelu {tag}",
        is_published=published,
    )
    action = Action.objects.create(
        process=process,
        concept=concept,
        decision=decision,
        title=f"Toimenpide {tag}",
        description=f"Kuvaus {tag}",
        level=ActionLevel.EASY_ENCOUNTERS,
        owner="Kuhmon kaupunki",
        is_published=published,
    )
    return Chain(action, concept, decision, selection, criteria, others, groups, problems, ideas)
