"""The Kainuu demo's workshop 3: a welfare-voucher round whose results reproduce the brief (§2.5).

Every participant's ballot follows their persona's needs (the personas the analysis demo
published): health comes first for everyone; *Me-eläjät* put as much on sports and exercise;
*Rutinoituneet* and *Yhteisöaktiivit* put culture and education clearly second. Decision-makers
took part too (brief: "residents and decision-makers"); their ballots follow the overall
ranking. All ballots go through the same services as live ones, on phones, a table tablet and
paper, with a few gifts, so the demo also shows every channel.
"""

from __future__ import annotations

import itertools
from collections import Counter

from arki.core.demo import DemoContext
from arki.core.enums import Channel
from arki.core.models import Person
from arki.core.services import live as live_services
from arki.insight.models import Service

from . import services
from .enums import RoundKind
from .selectors import personas_of

HEALTH, SPORTS, OTHER, CULTURE, TRANSPORT = "health", "sports", "everyday", "culture", "transport"

#: (catalogue name, category counted under in this round). Kainuu read "other services" as
#: electricity, water, hairdresser, car service and restaurants (brief §2.5), so the café
#: and the car repair shop are counted there rather than under commerce and transport.
ITEMS = [
    ("Terveysasema", HEALTH),
    ("Hammashoitola", HEALTH),
    ("Apteekki", HEALTH),
    ("Fysioterapia", HEALTH),
    ("Uimahalli", SPORTS),
    ("Kuntosali (kunnan)", SPORTS),
    ("Latu ja ulkoilureitit", SPORTS),
    ("Eläkeläisten jumppa", SPORTS),
    ("Sähkö ja vesi", OTHER),
    ("Kampaamo", OTHER),
    ("Autokorjaamo", OTHER),
    ("Kahvila tai ravintola", OTHER),
    ("Kirjasto", CULTURE),
    ("Kansalaisopisto", CULTURE),
    ("Musiikkiopisto", CULTURE),
    ("Linja-auto", TRANSPORT),
    ("Palveluliikenne", TRANSPORT),
    ("Tienhoito ja auraus", TRANSPORT),
]

#: Vouchers per category for each kind of participant (10 each).
PATTERNS: dict[str, list[dict[str, int]]] = {
    "me_elajat": [{HEALTH: 4, SPORTS: 4, OTHER: 1, CULTURE: 1}],
    "rutinoituneet": [{HEALTH: 4, CULTURE: 3, OTHER: 2, TRANSPORT: 1}],
    "yhteisoaktiivit": [{HEALTH: 4, CULTURE: 3, SPORTS: 2, OTHER: 1}],
    "vahaan_tyytyvat": [{HEALTH: 4, SPORTS: 3, TRANSPORT: 2, OTHER: 1}],
    # Decision-makers and residents without a persona alternate two ballots.
    "other": [
        {HEALTH: 4, SPORTS: 3, OTHER: 2, CULTURE: 1},
        {HEALTH: 4, SPORTS: 3, OTHER: 3},
    ],
}
KIND_OF_NAME = [
    ("me-eläj", "me_elajat"),
    ("rutinoitu", "rutinoituneet"),
    ("yhteisöakt", "yhteisoaktiivit"),
    ("vähään", "vahaan_tyytyvat"),
]
#: Two tables voted with paper vouchers (counted, entered, confirmed by a second person).
TALLIES = [
    ("Pöytä 1 (Kuhmo)", 4, {HEALTH: 16, SPORTS: 11, OTHER: 8, CULTURE: 4, TRANSPORT: 1}),
    ("Pöytä 2 (Suomussalmi)", 3, {HEALTH: 12, SPORTS: 8, OTHER: 6, CULTURE: 3, TRANSPORT: 1}),
]
#: A second, real-budget round (brief §2.5: "participatory budgeting can also allocate a real
#: municipal or project budget"): the same people put ten vouchers on costed proposals.
BUDGET = 60_000
PROJECTS = [
    ("kyyti", "Kyläkyyti kahdesti viikossa", 30_000, TRANSPORT, "public"),
    ("uima", "Uimahallin senioriaamut", 12_000, SPORTS, "public"),
    ("kirjastoauto", "Kirjastoauton lisäreitti syrjäkylille", 18_000, CULTURE, "public"),
    ("ilta", "Terveysaseman iltavastaanotto", 25_000, HEALTH, "public"),
    ("digi", "Digituki kirjastossa", 8_000, CULTURE, "third"),
    ("lumi", "Lumitöiden apuringit", 10_000, OTHER, "third"),
]
PROJECT_PATTERNS = {
    "me_elajat": {"uima": 7, "ilta": 3},
    "rutinoituneet": {"kyyti": 5, "lumi": 5},
    "yhteisoaktiivit": {"kirjastoauto": 6, "digi": 4},
    "vahaan_tyytyvat": {"kyyti": 6, "ilta": 4},
    "other": {"ilta": 6, "kyyti": 4},
}
DISCUSSION = (
    "Laskennan jälkeen keskusteltiin tuloksista. Liikenne – joukkoliikenne, teiden kunnossapito "
    "ja lumen auraus – sai seteleistä vähän painoa, mutta osallistujat nostivat sen esiin "
    "kaikkien muiden palvelujen käytön edellytyksenä: ilman kyytiä tai aurattua tietä ei pääse "
    "terveysasemalle eikä uimahalliin. Esiin nousivat myös vapaa-aika ja matkustaminen. "
    "Keskustelu vietiin seuraavaan työpajaan uusien konseptien pohjaksi."
)


def kind_of(persona_name: str | None) -> str:
    name = (persona_name or "").lower()
    return next((kind for marker, kind in KIND_OF_NAME if marker in name), "other")


def decision_makers_needed(kinds: Counter[str]) -> int:
    """How many decision-makers' ballots the room had: enough that the overall order is the
    brief's (health, sports, other, culture, transport) with a clear margin."""
    for extra in range(8, 400):
        totals: Counter[str] = Counter()
        for kind, count in {**kinds, "other": kinds["other"] + extra}.items():
            patterns = PATTERNS[kind]
            for k in range(count):
                totals.update(patterns[k % len(patterns)])
        order = [totals[c] for c in (HEALTH, SPORTS, OTHER, CULTURE, TRANSPORT)]
        if all(a > b * 1.05 for a, b in itertools.pairwise(order)):
            return extra
    raise RuntimeError("No mix of ballots reproduces the brief's ranking.")


def load_demo(ctx: DemoContext) -> None:
    process = ctx.process
    if process is None:
        raise RuntimeError("The budgeting demo needs the core demo's process; load it first.")
    facilitator = ctx.users["fasilitaattori"]
    checker = ctx.users["suunnittelija"]
    workshop = process.workshops.get(position=3)
    catalogue = {s.name: s for s in Service.objects.filter(process__isnull=True)}
    round_ = services.round_create(
        workshop=workshop,
        title="Hyvinvointisetelit: mitä palveluja arjessa tarvitaan?",
        title_sv="Välfärdssedlar: vilka tjänster behövs i vardagen?",
        title_en="Welfare vouchers: which services does everyday life need?",
        vouchers_per_participant=10,
        by=facilitator,
    )
    for name, category in ITEMS:
        services.item_add_service(
            round_=round_, service=catalogue[name], category=category, by=facilitator
        )
    by_category: dict[str, list] = {}
    for item in round_.items.all():
        by_category.setdefault(item.category, []).append(item)

    session = live_services.session_open(workshop=workshop, by=facilitator)
    services.round_start_live(round_=round_, session=session, by=facilitator)

    people = list(Person.objects.filter(process=process).order_by("code"))
    personas = personas_of(process, [p.pk for p in people]) or {}
    participants: list[tuple[Person | None, str]] = [
        (p, kind_of(personas[p.pk].name if p.pk in personas else None)) for p in people
    ]
    kinds = Counter(kind for _person, kind in participants)
    participants += [(None, "other")] * decision_makers_needed(kinds)
    rng = ctx.rng
    seen: Counter[str] = Counter()
    seats = []
    for index, (person, kind) in enumerate(participants):
        channel = Channel.TABLET if index % 7 == 3 else Channel.ONLINE
        label = "" if person is not None else f"Päättäjä {index - len(people) + 1}"
        seat, _secret = live_services.seat_join(
            session=session, label=label, channel=channel, person=person, by=facilitator
        )
        pattern = PATTERNS[kind][seen[kind] % len(PATTERNS[kind])]
        seen[kind] += 1
        seats.append((seat, pattern))

    def allocations(pattern: dict[str, int], extra_health: int = 0) -> dict[int, int]:
        chosen: Counter[int] = Counter()
        for category, vouchers in pattern.items():
            count = vouchers + (extra_health if category == HEALTH else 0)
            for _ in range(count):
                chosen[rng.choice(by_category[category]).pk] += 1
        return dict(chosen)

    # Three decision-makers give two vouchers each to a colleague, who buys health with them.
    gifts = seats[len(people) : len(people) + 6]
    for (giver, _pattern), (receiver, _other) in zip(gifts[::2], gifts[1::2], strict=True):
        services.voucher_gift(round_=round_, giver=giver, receiver=receiver, vouchers=2)
    givers = {giver.pk for giver, _p in gifts[::2]}
    receivers = {receiver.pk for receiver, _p in gifts[1::2]}
    for seat, pattern in seats:
        if seat.pk in givers:
            pattern = {**pattern, HEALTH: pattern[HEALTH] - 2}
        services.ballot_cast(
            round_=round_,
            seat=seat,
            allocations=allocations(pattern, 2 if seat.pk in receivers else 0),
            channel=seat.channel,
            entered_by=facilitator if seat.channel == Channel.TABLET else None,
        )
    for table, ballots, counts in TALLIES:
        tally = services.tally_save(
            round_=round_,
            table=table,
            ballots=ballots,
            counts={by_category[c][0].pk: n for c, n in counts.items()},
            by=facilitator,
        )
        services.tally_confirm(tally=tally, by=checker)
    services.round_close(round_=round_, by=facilitator)
    live_services.session_close(session=session, by=facilitator)
    services.discussion_save(round_=round_, text=DISCUSSION, by=facilitator)
    services.round_publish(round_=round_, publish=True, by=facilitator)
    load_budget_round(workshop, facilitator, participants)
    ctx.log(
        f"    budgeting: {len(seats)} ballots ({len(personas)} with a persona), "
        f"{len(TALLIES)} paper tables, {len(gifts) // 2} gifts; a {BUDGET} € project round"
    )


def load_budget_round(workshop, facilitator, participants) -> None:
    """The same people allocate a real budget; greedy and Equal Shares fund different sets."""
    round_ = services.round_create(
        workshop=workshop,
        title="Lähipalvelubudjetti 60 000 €",
        title_sv="Budget för närservice 60 000 €",
        title_en="Local services budget €60,000",
        kind=RoundKind.PROJECTS,
        budget=BUDGET,
        by=facilitator,
    )
    items = {
        key: services.item_add_project(
            round_=round_, name=name, cost=cost, category=category, sector=sector, by=facilitator
        )
        for key, name, cost, category, sector in PROJECTS
    }
    session = live_services.session_open(workshop=workshop, by=facilitator)
    services.round_start_live(round_=round_, session=session, by=facilitator)
    for person, kind in participants:
        seat, _secret = live_services.seat_join(session=session, person=person, by=facilitator)
        ballot = {items[key].pk: n for key, n in PROJECT_PATTERNS[kind].items()}
        services.ballot_cast(round_=round_, seat=seat, allocations=ballot)
    services.round_close(round_=round_, by=facilitator)
    live_services.session_close(session=session, by=facilitator)
