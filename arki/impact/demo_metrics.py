"""The Kainuu metric plan in the demo: the metrics workshop's table ("Kuva 15", brief §3
item 4) with baselines and targets, and example statistics (alcohol sales, out-migration)
imported from arki/impact/fixtures/ through the same import service staff use."""

from __future__ import annotations

import datetime
from pathlib import Path

from arki.core.demo import DemoContext
from arki.core.registry import registry

from .enums import Direction, SourceKind
from .models import Metric
from .services import metrics as metric_services
from .services import statistics as statistics_services

FIXTURES = Path(__file__).resolve().parent / "fixtures"
D = datetime.date
EXAMPLE_SOURCE = "Esimerkkidata (ei virallinen tilasto), arki/impact/fixtures/README.md"

#: How a metric is measured and its unit, in Swedish and English.
HOW_MEASURED = {
    "Kokemustieto: avun saajien palaute": (
        "Erfarenhetsdata: respons från dem som fått hjälp",
        "Experience data: feedback from the people helped",
    ),
    "Tehdyt palvelukset kuukaudessa": (
        "Utförda tjänster per månad",
        "Favours done per month",
    ),
    "Avunpyyntöjen määrä": ("Antalet hjälpförfrågningar", "Number of help requests"),
    "Koordinaattorin käsin yhdistämien pyyntöjen osuus": (
        "Andelen förfrågningar som koordinatorn parat ihop för hand",
        "Share of requests the coordinator matched by hand",
    ),
    "Tilasto: alkoholin myynti asukasta kohden": (
        "Statistik: alkoholförsäljning per invånare",
        "Statistics: alcohol sales per resident",
    ),
    "Poismuuttavien määrä vuodessa": (
        "Antalet personer som flyttar bort per år",
        "Number of people moving away per year",
    ),
    "Haastattelut ja päiväkirjat": ("Intervjuer och dagböcker", "Interviews and diaries"),
    "Kysely ja päiväkirjat": ("Enkät och dagböcker", "Survey and diaries"),
    "Haastattelut": ("Intervjuer", "Interviews"),
}
UNITS = {"%": ("%", "%"), "kpl": ("st.", "no."), "l": ("l", "l"), "henkeä": ("personer", "people")}

#: (metric fi, sv, en, how measured, source, ref, unit, direction, baseline, target)
ROWS = [
    (
        "Arki helpottuu",
        "Vardagen blir lättare",
        "Everyday life gets easier",
        "Kokemustieto: avun saajien palaute",
        SourceKind.ARKI,
        "help.day_easier",
        "%",
        Direction.UP,
        60.0,
        80.0,
    ),
    (
        "Uusien toimintatapojen määrä",
        "Antalet nya verksamhetssätt",
        "Number of new practices",
        "Tehdyt palvelukset kuukaudessa",
        SourceKind.ARKI,
        "help.tasks_per_month",
        "kpl",
        Direction.UP,
        10.0,
        40.0,
    ),
    (
        "Luotettavuus: kysyntä ja tarjonta kasvavat",
        "Tillförlitlighet: efterfrågan och utbud växer",
        "Reliability: demand and supply grow",
        "Avunpyyntöjen määrä",
        SourceKind.ARKI,
        "help.requests",
        "kpl",
        Direction.UP,
        20.0,
        60.0,
    ),
    (
        "Koordinoinnin tarve vähenee",
        "Behovet av samordning minskar",
        "Need for coordination decreases",
        "Koordinaattorin käsin yhdistämien pyyntöjen osuus",
        SourceKind.ARKI,
        "help.manual_share",
        "%",
        Direction.DOWN,
        50.0,
        20.0,
    ),
    (
        "Alkoholin kulutus",
        "Alkoholkonsumtion",
        "Alcohol consumption",
        "Tilasto: alkoholin myynti asukasta kohden",
        SourceKind.STATISTICS,
        "alcohol",
        "l",
        Direction.DOWN,
        10.5,
        9.5,
    ),
    (
        "Poismuutto",
        "Utflyttning",
        "Out-migration",
        "Poismuuttavien määrä vuodessa",
        SourceKind.STATISTICS,
        "migration",
        "henkeä",
        Direction.DOWN,
        1150.0,
        1000.0,
    ),
    (
        "Sosiaaliset taidot kasvavat",
        "Sociala färdigheter växer",
        "Social skills grow",
        "Haastattelut ja päiväkirjat",
        SourceKind.DIARY,
        "",
        "",
        Direction.UP,
        None,
        None,
    ),
    (
        "Aktiivisuus lisääntyy",
        "Aktiviteten ökar",
        "Activity increases",
        "Haastattelut ja päiväkirjat",
        SourceKind.DIARY,
        "",
        "",
        Direction.UP,
        None,
        None,
    ),
    (
        "Yksinäisyys ja passiivisuus vähenevät",
        "Ensamhet och passivitet minskar",
        "Loneliness and passivity decrease",
        "Kysely ja päiväkirjat",
        SourceKind.SURVEY,
        "",
        "",
        Direction.DOWN,
        None,
        None,
    ),
    (
        "Nuori yhteisön äänenä",
        "Den unga som gemenskapens röst",
        "The young person as the community's voice",
        "Haastattelut",
        SourceKind.SURVEY,
        "",
        "",
        Direction.UP,
        None,
        None,
    ),
]


def load_metrics(ctx: DemoContext) -> None:
    process = ctx.process
    if process is None or Metric.objects.filter(process=process).exists():
        return
    staff = ctx.users.get("fasilitaattori")
    series = {}
    for key, (name, name_sv, name_en), filename, kind, unit in (
        (
            "alcohol",
            (
                "Alkoholin myynti asukasta kohden (esimerkki)",
                "Alkoholförsäljning per invånare (exempel)",
                "Alcohol sales per inhabitant (example)",
            ),
            "kainuu-alcohol-example.json",
            statistics_services.JSONSTAT,
            "l",
        ),
        (
            "migration",
            ("Poismuutto (esimerkki)", "Utflyttning (exempel)", "Out-migration (example)"),
            "kainuu-out-migration-example.csv",
            statistics_services.CSV,
            "henkeä",
        ),
    ):
        text = (FIXTURES / filename).read_text(encoding="utf-8")
        parsed = statistics_services.parse_upload(text, kind=kind, process=process)
        series[key] = statistics_services.statistics_import(
            process=process,
            parsed=parsed,
            name=name,
            name_sv=name_sv,
            name_en=name_en,
            source=EXAMPLE_SOURCE,
            licence="CC BY 4.0",
            unit=unit,
            by=staff,
        )
    criteria = metric_services.chosen_criteria(process) or []
    criterion = next((c for c in criteria if "vaikut" in c[1].lower()), None)
    figures = {m.key for m in registry.metrics()}
    for name, sv, en, how, source, ref, unit, direction, base, target in ROWS:
        if source == SourceKind.STATISTICS:
            ref = str(series[ref].pk)
        elif source == SourceKind.ARKI and ref not in figures:
            ref = ""
        metric = metric_services.metric_create(
            process=process,
            by=staff,
            criterion_id=criterion[0] if criterion else None,
            criterion_text=criterion[1] if criterion else "Vaikuttavuus",
            criterion_text_sv="" if criterion else "Effekt",
            criterion_text_en="" if criterion else "Impact",
            name=name,
            name_sv=sv,
            name_en=en,
            how_measured=how,
            how_measured_sv=HOW_MEASURED[how][0],
            how_measured_en=HOW_MEASURED[how][1],
            source=source,
            source_ref=ref,
            unit=unit,
            unit_sv=UNITS[unit][0] if unit else "",
            unit_en=UNITS[unit][1] if unit else "",
            direction=direction,
            baseline=base,
            baseline_on=D(2014, 1, 1) if base is not None else None,
            target=target,
            target_on=D(2018, 1, 1) if target is not None else None,
            follow_up_dates=[D(2016, 1, 1), D(2017, 1, 1)],
        )
        if source in (SourceKind.ARKI, SourceKind.STATISTICS):
            metric_services.metric_publish(metric=metric, publish=True, by=staff)
    ctx.log(f"Impact: a metric plan of {len(ROWS)} rows and {len(series)} example statistics")
