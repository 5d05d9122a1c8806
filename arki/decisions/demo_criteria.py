"""The Kainuu demo's criteria vote (workshop 5) and concept selection (workshop 6).

Season 2's think tank voted on eight criteria (brief §3 item 1, the seed's "Kuva 10"); the
17 decision-makers' ballots are cast here through the same service as a live vote, so the
table has exactly the seed's counts: 17/0, 16/0, 12/1, 7/0, 5/0, 3/0, 3/0, 3/0. The criteria
with at least five "important" marks carry on. In workshop 6 five decision-makers score
Arjen pelastajat and another concept against them, and the recorded, published decision
chooses Arjen pelastajat.
"""

from __future__ import annotations

import datetime

from arki.core.demo import DemoContext
from arki.core.models import Workshop
from arki.core.services import live as live_services
from arki.core.services.writes import create_clean

from .enums import WeightSource
from .models import Concept
from .services import criteria as criteria_services
from .services import selection as selection_services

#: (Finnish, Swedish, English) and the seed's counts: (important, not important).
CRITERIA = [
    (
        "Tukee yhteisöllisyyttä ja yhdessä tekemistä",
        "Stöder gemenskap och att göra saker tillsammans",
        "Supports communality and doing together",
        17,
        0,
    ),
    ("Kohderyhmä ja sen tarpeet", "Målgruppen och dess behov", "Target group and its needs", 16, 0),
    (
        "Monituottajamalli (mukana kuntayhtymä, kunta, järjestö, yritys, kuntalainen)",
        "Flerproducentmodell (samkommun, kommun, organisation, företag, invånare)",
        "Multi-producer model (joint authority, municipality, NGO, company, resident)",
        12,
        1,
    ),
    ("Lisäarvo (hyödyllisyys)", "Mervärde (nytta)", "Added value (usefulness)", 7, 0),
    ("Palvelun vaikuttavuus", "Tjänstens verkningsfullhet", "Impact of the service", 5, 0),
    (
        "Kunta, sote-kuntayhtymä ja maakunta strategian mukainen",
        "I linje med kommunens, samkommunens och landskapets strategi",
        "In line with municipality, joint-authority and region strategy",
        3,
        0,
    ),
    ("Lähipalvelu", "Närservice", "Local service", 3, 0),
    (
        "Heti toteutettavissa oleva konsepti (2015 budjetissa)",
        "Ett koncept som kan genomföras genast (inom 2015 års budget)",
        "Concept implementable at once (within the 2015 budget)",
        3,
        0,
    ),
]
VOTERS = 17
CHOSEN_THRESHOLD = 5
CHOSEN_CONCEPT = "Arjen pelastajat"
OTHER_CONCEPT = "Kylätalo kohtaamispaikkana"
#: Five decision-makers' scores (1–5) of the two concepts, one row per chosen criterion.
SCORES = {
    CHOSEN_CONCEPT: [
        (5, 5, 4, 5, 5),
        (5, 4, 5, 5, 4),
        (4, 4, 5, 4, 4),
        (5, 4, 4, 5, 4),
        (4, 4, 4, 3, 4),
    ],
    OTHER_CONCEPT: [
        (4, 3, 4, 4, 3),
        (3, 3, 4, 3, 3),
        (3, 2, 3, 3, 2),
        (3, 4, 3, 3, 3),
        (3, 3, 2, 3, 3),
    ],
}


def ballots() -> list[dict[int, bool]]:
    """Seventeen ballots (criterion index -> important?) that add up to the seed's table:
    voter i marks criterion c important when i < its count, and the voters after those mark
    "not important" as many times as the seed says; the rest leave it blank."""
    result: list[dict[int, bool]] = [{} for _ in range(VOTERS)]
    for index, (*_texts, important, not_important) in enumerate(CRITERIA):
        # Spread the small counts over different voters, as a real room would.
        offset = (index * 3) % VOTERS if important < VOTERS - 4 else 0
        voters = [(offset + n) % VOTERS for n in range(important + not_important)]
        for n, voter in enumerate(voters):
            result[voter][index] = n < important
    return result


def _workshop_with(ctx: DemoContext, key: str) -> Workshop | None:
    assert ctx.process is not None
    for workshop in ctx.process.workshops.order_by("position"):
        if key in (workshop.activities or []):
            return workshop
    return None


def _concept(ctx: DemoContext, name: str, aim: str) -> Concept:
    """The concept engineer's demo makes the concepts; one missing is made here."""
    assert ctx.process is not None
    found = Concept.objects.filter(process=ctx.process, name=name).first()
    if found is not None:
        return found
    return create_clean(
        Concept, by=ctx.users.get("fasilitaattori"), process=ctx.process, name=name, aim=aim
    )


def load_criteria(ctx: DemoContext) -> None:
    if ctx.process is None:
        return
    facilitator = ctx.users.get("fasilitaattori")
    workshop5 = _workshop_with(ctx, criteria_services.CRITERIA_VOTE)
    workshop6 = _workshop_with(ctx, selection_services.CONCEPT_SELECT)
    if workshop5 is None or workshop6 is None:
        return
    session = live_services.session_open(workshop=workshop5, by=facilitator)
    vote = live_services.activity_add(
        session=session,
        kind=criteria_services.CRITERIA_VOTE,
        title="Kriteerit pilotoitavan konseptin valintaan",
        config={"title": "Kriteerit", "participants_propose": False},
        by=facilitator,
    )
    criteria = [
        criteria_services.criterion_propose(
            activity=vote, text=fi, text_sv=sv, text_en=en, by=facilitator
        )
        for fi, sv, en, _important, _not in CRITERIA
    ]
    live_services.activity_set_state(activity=vote, state="open", by=facilitator)
    for number, ballot in enumerate(ballots(), start=1):
        seat, _secret = live_services.seat_join(
            session=session, label=f"Päättäjä {number}", channel="paper", by=facilitator
        )
        criteria_services.ballot_cast(
            activity=vote,
            seat=seat,
            marks={criteria[index].pk: mark for index, mark in ballot.items()},
            entered_by=facilitator,
        )
    chosen = criteria_services.criteria_choose_by_threshold(
        activity=vote, min_important=CHOSEN_THRESHOLD, by=facilitator
    )
    live_services.session_close(session=session, by=facilitator)

    arjen = _concept(
        ctx,
        CHOSEN_CONCEPT,
        "Parantaa heikommassa asemassa olevien nuorten, syrjäytyneiden ja ikääntyneiden "
        "sosiaalisia taitoja, työelämävalmiuksia ja hyvinvointia sekä täydentää julkisia "
        "palveluja.",
    )
    other = Concept.objects.filter(process=ctx.process).exclude(pk=arjen.pk).first() or _concept(
        ctx, OTHER_CONCEPT, "Kylätalosta kaikenikäisten yhteinen kohtaamispaikka."
    )
    selection = selection_services.selection_create(
        process=ctx.process,
        title="Pilotoitavan konseptin valinta",
        title_sv="Val av konceptet som pilotas",
        title_en="Choosing the concept to pilot",
        concepts=[arjen, other],
        criteria=chosen,
        scale_min=1,
        scale_max=5,
        weights=WeightSource.VOTE,
        by=facilitator,
    )
    session6 = live_services.session_open(workshop=workshop6, by=facilitator)
    scoring = live_services.activity_add(
        session=session6,
        kind=selection_services.CONCEPT_SELECT,
        title=selection.title,
        title_sv=selection.title_sv,
        title_en=selection.title_en,
        config={"selection": selection.pk, "title": selection.title},
        by=facilitator,
    )
    live_services.activity_set_state(activity=scoring, state="open", by=facilitator)
    ordered = sorted(chosen, key=lambda c: (c.position, c.pk))
    for voter in range(5):
        seat, _secret = live_services.seat_join(
            session=session6, label=f"Päättäjä {voter + 1}", channel="paper", by=facilitator
        )
        scores = {}
        for concept, rows in ((arjen, SCORES[CHOSEN_CONCEPT]), (other, SCORES[OTHER_CONCEPT])):
            for criterion, row in zip(ordered, rows, strict=False):
                scores[(concept.pk, criterion.pk)] = row[voter]
        selection_services.scores_submit(
            selection=selection,
            activity=scoring,
            seat=seat,
            scores=scores,
            entered_by=facilitator,
        )
    live_services.session_close(session=session6, by=facilitator)
    decision = selection_services.decision_record(
        process=ctx.process,
        selection=selection,
        concept=arjen,
        decided_on=workshop6.date or datetime.date(2015, 3, 1),
        participants="Kainuun maakunnan ja sote-kuntayhtymän päättäjät (5)",
        rationale=(
            "Arjen pelastajat sai parhaat pisteet yhteisöllisyyden, kohderyhmän tarpeiden ja "
            "monituottajamallin kriteereillä: nuoret ja ikääntyneet kohtaavat harvoin, ja "
            "konsepti tuo heidät yhteen."
        ),
        rationale_sv=(
            "Arjen pelastajat fick de högsta poängen för gemenskap, målgruppens behov och "
            "flerproducentmodellen: unga och äldre möts sällan, och konceptet för dem samman."
        ),
        rationale_en=(
            "Arjen pelastajat scored highest on communality, the target group's needs and the "
            "multi-producer model: young and old people rarely meet, and the concept brings "
            "them together."
        ),
        by=facilitator,
    )
    selection_services.decision_publish(decision=decision, by=facilitator)
    ctx.log(
        f"Decisions: criteria vote of {VOTERS} voters on {len(criteria)} criteria "
        f"({len(chosen)} carry on), a concept selection and the decision for {CHOSEN_CONCEPT}"
    )
