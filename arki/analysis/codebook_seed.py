"""The starting codebook (Finnish, with Swedish and English), from the diary prompts' themes.

Domain content, like the diary prompts: the themes the Kainuu analysis and workshop 4's
problem list kept returning to (brief §2.3, §2.6).
"""

from __future__ import annotations

# (name fi, sv, en, description, children)
SEED: list[tuple[str, str, str, str, list[tuple[str, str, str, str]]]] = [
    (
        "Arki ja yhteisö",
        "Vardag och gemenskap",
        "Everyday life and community",
        "Miten päivät kuluvat ja kenen kanssa.",
        [
            (
                "Yksinäisyys",
                "Ensamhet",
                "Loneliness",
                "Yksin oleminen, kaipuu seuraan, kukaan ei käy.",
            ),
            (
                "Harrastukset",
                "Fritidsintressen",
                "Hobbies",
                "Liikunta, kerhot, kulttuuri, käsityöt ja muu oma tekeminen.",
            ),
            (
                "Yhteisöllisyys",
                "Gemenskap",
                "Community life",
                "Kylä, yhdistykset, seurakunta, talkoot ja yhdessä tekeminen.",
            ),
        ],
    ),
    (
        "Apu",
        "Hjälp",
        "Help",
        "Apu arjessa: saatu, annettu ja puuttuva.",
        [
            (
                "Avun tarve",
                "Behov av hjälp",
                "Help needed",
                "Asiat, joihin olisi tarvinnut apua (lumityöt, kyydit, asiointi).",
            ),
            (
                "Saatu apu",
                "Fått hjälp",
                "Help received",
                "Apu ystävältä, naapurilta, sukulaiselta tai muulta.",
            ),
            ("Annettu apu", "Gett hjälp", "Help given", "Kun kirjoittaja auttoi itse jotakuta."),
        ],
    ),
    (
        "Palvelut",
        "Tjänster",
        "Services",
        "Palvelujen käyttö ja kokemukset.",
        [
            (
                "Liikkuminen ja kyydit",
                "Resor och skjuts",
                "Transport",
                "Matkat palveluihin, joukkoliikenne, kyydit, tiestö ja aurat.",
            ),
            (
                "Sähköiset palvelut",
                "Digitala tjänster",
                "Digital services",
                "Verkkopankki, verkkokauppa, ajanvaraus netissä ja laitteiden käyttö.",
            ),
            (
                "Palvelun laatu",
                "Tjänstens kvalitet",
                "Service quality",
                "Palveltiinko hyvin vai huonosti: jonot, kiire, ystävällisyys.",
            ),
            ("Terveys", "Hälsa", "Health", "Terveys, sairaudet, terveyspalvelut ja jaksaminen."),
        ],
    ),
    ("Raha", "Pengar", "Money", "Rahan riittäminen, maksut ja hinnat.", []),
    (
        "Toiveet ja haaveet",
        "Önskemål och drömmar",
        "Wishes and dreams",
        "Mitä kirjoittaja toivoo omaan arkeensa tai kuntaansa.",
        [],
    ),
]
