"""A synthetic population of diary keepers for the demo, the tests and the benchmark.

`generate_population(n, rng)` is pure (no database): each person carries a life pattern —
one of the four customer profiles of the Kainuu pilot (brief §2.3) — that shapes their
services, trips, helpers and the Finnish text of their week. The label is returned here so
that the analysis tool's tests can check that clustering finds the patterns, but the demo
loader never stores it: analysts must discover the profiles from the data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

VAHAAN, ME, RUTIINI, YHTEISO = "vahaan_tyytyvat", "me_elajat", "rutinoituneet", "yhteisoaktiivit"
PERSONAS = {
    VAHAAN: "Vähään tyytyvät",
    ME: "Me-eläjät",
    RUTIINI: "Rutinoituneet",
    YHTEISO: "Yhteisöaktiivit",
}
PERSONAS_SV = {
    VAHAAN: "De som nöjer sig med lite",
    ME: "Vi-levarna",
    RUTIINI: "De rutinmässiga",
    YHTEISO: "De gemenskapsaktiva",
}
PERSONAS_EN = {
    VAHAAN: "Content with little",
    ME: "Living as a couple",
    RUTIINI: "Creatures of routine",
    YHTEISO: "Community activists",
}
#: Older people were much easier to recruit than the young (brief §2.2).
PERSONA_WEIGHTS = {VAHAAN: 0.22, ME: 0.24, RUTIINI: 0.30, YHTEISO: 0.24}
AGE_BANDS = {
    VAHAAN: ["13-17", "13-17", "18-29"],
    ME: ["30-64", "65-74", "65-74"],
    RUTIINI: ["75-84", "75-84", "85+"],
    YHTEISO: ["65-74", "75-84", "75-84"],
}
PILOT_CODES = ["105", "205", "290", "578", "697", "765", "777"]
#: Kajaani is the town; the others are rural and far from the central hospital.
TOWN = "205"


@dataclass(frozen=True)
class Usage:
    service: str  # Finnish catalogue name (or a free-text name not in the catalogue)
    channel: str
    frequencies: tuple[str, ...]
    modes: tuple[str, ...]
    km: tuple[float, float]


def _u(service: str, channel: str, freq: str, modes: str, km: tuple[float, float]) -> Usage:
    return Usage(service, channel, tuple(freq.split()), tuple(modes.split()), km)


USAGES: dict[str, list[Usage]] = {
    VAHAAN: [
        _u("Koulu tai oppilaitos", "on_site", "daily", "bus bicycle walk", (1, 25)),
        _u("Verkkokauppa", "electronic", "monthly weekly", "none", (0, 0)),
        _u("Verkkopankki", "electronic", "weekly monthly", "none", (0, 0)),
        _u("Ruokakauppa", "on_site", "weekly", "bicycle walk lift", (0.5, 8)),
        _u("Nuorisotalo", "on_site", "weekly", "bicycle walk", (0.5, 5)),
        _u("Linja-auto", "on_site", "daily weekly", "walk", (0.2, 2)),
        _u("Terveysasema", "both", "less", "lift bus", (2, 40)),
        _u("Kahvila tai ravintola", "on_site", "monthly", "lift bicycle", (1, 30)),
    ],
    ME: [
        _u("Uimahalli", "on_site", "weekly", "car", (3, 40)),
        _u("Kuntosali (yksityinen)", "on_site", "weekly", "car bicycle", (1, 30)),
        _u("Latu ja ulkoilureitit", "on_site", "weekly daily", "walk car", (0.2, 5)),
        _u("Ruokakauppa", "on_site", "weekly", "car", (1, 25)),
        _u("Verkkopankki", "electronic", "weekly", "none", (0, 0)),
        _u("Terveysasema", "both", "monthly less", "car", (2, 40)),
        _u("Huoltoasema", "on_site", "weekly", "car", (1, 25)),
        _u("Kampaamo", "on_site", "monthly less", "car", (2, 40)),
        _u("Hammashoitola", "on_site", "less", "car", (2, 40)),
    ],
    RUTIINI: [
        _u("Terveysasema", "on_site", "monthly", "lift taxi service", (3, 60)),
        _u("Apteekki", "on_site", "monthly", "lift taxi", (3, 60)),
        _u("Laboratorio", "on_site", "monthly less", "service taxi lift", (3, 60)),
        _u("Kotihoito", "on_site", "daily weekly", "none", (0, 0)),
        _u("Ateriapalvelu", "on_site", "daily", "none", (0, 0)),
        _u("Kauppa-auto", "on_site", "weekly", "walk", (0, 1)),
        _u("Ruokakauppa", "on_site", "weekly", "lift service", (3, 60)),
        _u("Pankki", "on_site", "monthly less", "lift taxi", (3, 60)),
        _u("Seurakunnan toiminta", "on_site", "weekly monthly", "lift service", (1, 30)),
        _u("Kirjasto", "on_site", "monthly", "lift bus", (1, 30)),
    ],
    YHTEISO: [
        _u("Kyläyhdistys", "on_site", "weekly", "walk bicycle car", (0.2, 6)),
        _u("Seurakunnan toiminta", "on_site", "weekly", "car lift", (1, 25)),
        _u("Eläkeläisjärjestö", "on_site", "weekly", "car lift", (1, 30)),
        _u("Kirjasto", "on_site", "weekly", "car bus walk", (1, 30)),
        _u("Kansalaisopisto", "on_site", "weekly", "car bus", (1, 30)),
        _u("Eläkeläisten jumppa", "on_site", "weekly", "car lift walk", (0.5, 15)),
        _u("Terveysasema", "on_site", "monthly less", "car", (2, 40)),
        _u("Ruokakauppa", "on_site", "weekly", "car", (1, 25)),
        _u("Verkkopankki", "electronic", "monthly", "none", (0, 0)),
        _u("Kyläkauppa", "on_site", "weekly", "walk bicycle", (0.2, 5)),
    ],
}
SPEED_KMH = {
    "walk": 4.5,
    "bicycle": 15,
    "car": 60,
    "lift": 55,
    "bus": 40,
    "taxi": 55,
    "service": 35,
}

DAY_NAMES = [
    "maanantaina",
    "tiistaina",
    "keskiviikkona",
    "torstaina",
    "perjantaina",
    "lauantaina",
    "sunnuntaina",
]

TEXTS: dict[str, dict[str, list[str]]] = {
    VAHAAN: {
        "did": [
            "Olin koulussa ja illalla pelasin kavereiden kanssa netissä.",
            "Koulun jälkeen kävin nuorisotalolla ja sitten kotona tein läksyt.",
            "Nukuin pitkään ja katsoin sarjoja. Illalla kävin pyöräilemässä.",
            "Kävin koulussa, illalla treeneissä ja sen jälkeen kotona.",
            "Oltiin kavereiden kanssa kylillä ja syötiin pizzaa.",
        ],
        "where": [
            "Koulussa ja nuorisotalolla.",
            "Kaupassa ja kaverilla.",
            "Kotona, kävin vain kaupassa.",
            "Koulussa.",
        ],
        "whom": [
            "Kavereiden kanssa.",
            "Yksin ja perheen kanssa.",
            "Luokkakavereiden kanssa.",
            "Siskon kanssa.",
        ],
        "served": ["Ihan hyvin, ei valittamista.", "Bussi oli myöhässä, muuten ok.", "Hyvin."],
        "help": ["Äiti vei autolla treeneihin.", "Kaveri auttoi läksyissä.", ""],
        "need": ["En oikeastaan.", "Kyyti kaupunkiin olisi ollut kiva.", "En tarvinnut apua."],
        "wish": [
            "Toivoisin että bussi kulkisi myös iltaisin.",
            "Haaveilen ajokortista ja omasta autosta.",
            "Kesätyöpaikka olisi hyvä saada omasta kunnasta.",
            "Oma asunto joskus.",
        ],
    },
    ME: {
        "did": [
            "Kävimme vaimon kanssa uimahallissa ja sen jälkeen kaupassa.",
            "Aamulla lenkki puolison kanssa, iltapäivällä pihatöitä.",
            "Ajoimme kaupunkiin hoitamaan asioita ja kävimme kahvilla.",
            "Hiihdimme yhdessä ladulla, illalla saunottiin.",
            "Kuntosalin jälkeen laitoimme yhdessä ruokaa ja soitimme lapsille.",
        ],
        "where": [
            "Uimahallissa ja kaupassa.",
            "Ladulla ja kotona.",
            "Kaupungissa pankissa ja kaupassa.",
            "Kuntosalilla.",
        ],
        "whom": [
            "Puolison kanssa.",
            "Mieheni kanssa.",
            "Vaimon kanssa, illalla lapsenlapset kävivät.",
            "Yhdessä puolison kanssa.",
        ],
        "served": [
            "Hyvin, henkilökunta ystävällistä.",
            "Uimahallin aukioloajat ovat liian lyhyet.",
            "Hyvin.",
        ],
        "help": ["Naapuri lainasi peräkärryä.", "", "Poika auttoi tietokoneen kanssa."],
        "need": ["Ei tarvinnut.", "Uimahallin kausikortin voisi maksaa pienemmissä erissä.", "Ei."],
        "wish": [
            "Toivomme, että uimahalli pysyy auki.",
            "Haaveilemme matkasta lämpimään.",
            "Lapsenlapset voisivat käydä useammin.",
            "Liikuntapaikkojen kunnossapitoon lisää rahaa.",
        ],
    },
    RUTIINI: {
        "did": [
            "Aamulla kotihoitaja kävi, sitten luin lehden ja katsoin televisiota.",
            "Kävin kaupassa kauppa-autolla, muuten olin kotona.",
            "Tavallinen päivä: aamupuuro, radio, päiväunet ja iltauutiset.",
            "Kävin terveysasemalla laboratoriossa, naapuri vei autolla.",
            "Tein ristikoita ja soitin tyttärelle.",
        ],
        "where": [
            "Kotona.",
            "Terveysasemalla ja apteekissa.",
            "Kauppa-autolla pihassa.",
            "En käynyt missään.",
        ],
        "whom": ["Yksin.", "Kotihoitajan kanssa.", "Naapurin kanssa.", "Tytär kävi kylässä."],
        "served": [
            "Hyvin, mutta jonottaa piti pitkään.",
            "Kotihoitajalla oli kiire.",
            "Ajanvaraus puhelimella oli hankala.",
            "Hyvin palveltiin.",
        ],
        "help": [
            "Naapuri toi postin.",
            "Poika kolasi pihan.",
            "Tytär kävi kaupassa puolestani.",
            "Naapuri vei kaupalle.",
        ],
        "need": [
            "Lumitöihin tarvitsisin apua.",
            "Ikkunoiden pesuun ja verhojen vaihtoon.",
            "Kyytiä terveyskeskukseen.",
            "Pankkiasioissa, kun konttori meni kiinni.",
        ],
        "wish": [
            "Toivon, että saan asua omassa kodissa loppuun asti.",
            "Joku voisi käydä juttelemassa.",
            "Toivoisin, että pankki olisi vielä kylällä.",
            "Että jaksaisi hoitaa pihaa ja kukkia.",
        ],
    },
    YHTEISO: {
        "did": [
            "Olin kyläyhdistyksen kokouksessa ja keitin kahvit.",
            "Kävin eläkeläisten jumpassa ja sitten kirjastossa.",
            "Seurakunnan kerhossa leivottiin myyjäisiin.",
            "Vein naapurin rouvan kauppaan ja kävimme samalla kahvilla.",
            "Kansalaisopiston laulupiiri ja illalla talkoot kylätalolla.",
        ],
        "where": [
            "Kylätalolla.",
            "Seurakuntatalolla ja kirjastossa.",
            "Kansalaisopistolla.",
            "Kaupassa naapurin kanssa.",
        ],
        "whom": [
            "Kyläläisten kanssa.",
            "Ystävien kanssa.",
            "Naapurin kanssa.",
            "Kerholaisten kanssa.",
        ],
        "served": [
            "Kirjastossa palveltiin hyvin.",
            "Hyvin.",
            "Kirjastoauton vuoro lopetettiin, harmittaa.",
        ],
        "help": ["Ystävä antoi kyydin kerhoon.", "Naapurit auttoivat talkoissa.", ""],
        "need": [
            "Kylätalon remonttiin tarvittaisiin tukea.",
            "Tietokoneen käytössä tarvitsisin opastusta.",
            "Ei tänään.",
        ],
        "wish": [
            "Toivoisin, että nuoret ja vanhat tapaisivat useammin.",
            "Yhteinen kokoontumistila kylälle.",
            "Haaveilen laulukerhosta koululaisten kanssa.",
            "Että kylä pysyisi elävänä.",
        ],
    },
}
HELPERS = {
    VAHAAN: ["relative", "friend"],
    ME: ["neighbour", "relative"],
    RUTIINI: ["neighbour", "relative", "relative"],
    YHTEISO: ["friend", "neighbour"],
}
SERVED = {
    VAHAAN: ["well", "well", "mixed"],
    ME: ["well", "well", "mixed"],
    RUTIINI: ["well", "mixed", "badly"],
    YHTEISO: ["well", "well", "mixed"],
}
FIRST_NAMES = [
    "Aino",
    "Eino",
    "Helmi",
    "Toivo",
    "Lempi",
    "Veikko",
    "Sanni",
    "Onni",
    "Elli",
    "Niilo",
    "Iida",
    "Aatu",
]
LAST_NAMES = [
    "Heikkinen",
    "Komulainen",
    "Karppinen",
    "Huusko",
    "Kemppainen",
    "Pulkkinen",
    "Moilanen",
    "Tolonen",
]


def _pick_persona(rng: random.Random) -> str:
    return rng.choices(list(PERSONA_WEIGHTS), weights=list(PERSONA_WEIGHTS.values()))[0]


def _map_rows(persona: str, municipality: str, rng: random.Random) -> list[dict[str, Any]]:
    pool = USAGES[persona]
    rows = []
    far = 1.0 if municipality == TOWN else 1.6
    for usage in rng.sample(pool, k=min(len(pool), rng.randint(4, 7))):
        mode = rng.choice(usage.modes)
        low, high = usage.km
        km = round(min(high, rng.uniform(low, high) * far), 1) if mode != "none" else 0.0
        minutes = (
            0 if mode == "none" else max(1, round(km / SPEED_KMH[mode] * 60 + rng.randint(2, 10)))
        )
        rows.append(
            {
                "service": usage.service,
                "frequency": rng.choice(usage.frequencies),
                "channel": usage.channel,
                "distance_km": km,
                "travel_minutes": minutes,
                "travel_mode": mode if usage.channel != "electronic" else "none",
            }
        )
    return rows


def _diary(
    persona: str, rows: list[dict[str, Any]], rng: random.Random
) -> dict[int, dict[str, Any]]:
    texts = TEXTS[persona]
    used = [row["service"] for row in rows]
    week: dict[int, dict[str, Any]] = {}
    for day in range(1, 8):
        if rng.random() < 0.08:
            continue  # a forgotten day
        services = rng.sample(used, k=min(len(used), rng.randint(0, 2)))
        helped = rng.random() < (0.55 if persona == RUTIINI else 0.25)
        help_text = rng.choice(texts["help"]) if helped else ""
        did = rng.choice(texts["did"])
        if day >= 6 and persona in (RUTIINI, YHTEISO):
            did = f"{DAY_NAMES[day - 1].capitalize()} kävin kirkossa. {did}"
        week[day] = {
            "did_today": did,
            "where_went": rng.choice(texts["where"]),
            "with_whom": rng.choice(texts["whom"]),
            "services": services,
            "services_text": ", ".join(services),
            "served": rng.choice(SERVED[persona]) if services else "",
            "served_text": rng.choice(texts["served"]) if services else "",
            "help_from": [rng.choice(HELPERS[persona])] if help_text else [],
            "help_received_text": help_text,
            "help_needed_text": rng.choice(texts["need"]),
            "wishes_text": rng.choice(texts["wish"]) if rng.random() < 0.6 else "",
        }
    return week


def generate_population(
    n: int, rng: random.Random, returned_share: float = 110 / 160
) -> list[dict[str, Any]]:
    """`n` synthetic participants; round(n × returned_share) of them returned a diary.

    Each dict has: persona (the planted label), age_band, municipality_code, language,
    full_name, email, phone, reminders (consented), channel ("online"/"paper"), map (rows),
    returned (bool) and diary ({day: answers}, empty when not returned).
    """
    returned = set(rng.sample(range(n), k=round(n * returned_share)))
    people = []
    for index in range(n):
        persona = _pick_persona(rng)
        municipality = rng.choice(PILOT_CODES)
        rows = _map_rows(persona, municipality, rng)
        older = persona in (RUTIINI, YHTEISO)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        has_email = persona in (VAHAAN, ME) and rng.random() < 0.7
        people.append(
            {
                "persona": persona,
                "age_band": rng.choice(AGE_BANDS[persona]),
                "municipality_code": municipality,
                "language": "sv" if rng.random() < 0.03 else "fi",
                "full_name": f"{first} {last}",
                "email": f"{first.lower()}.{last.lower()}{index}@example.invalid"
                if has_email
                else "",
                "phone": f"040 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
                if rng.random() < 0.8
                else "",
                "reminders": rng.random() < 0.6,
                "channel": "paper" if older and rng.random() < 0.75 else "online",
                "map": rows,
                "returned": index in returned,
                "diary": _diary(persona, rows, rng) if index in returned else {},
            }
        )
    return people
