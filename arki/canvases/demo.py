"""The canvases tool's part of the Kainuu demo (`arki demo`), run after the core's.

Workshop 2's empathy maps for the four named profiles (the older profile's filled example of
brief §2.4), the dental-care service blueprint and a business model canvas; season 2's
stakeholder map of Arjen pelastajat with its fifteen stakeholders, and a storyboard. All
written through the services, as staff entering the paper canvases.
"""

from __future__ import annotations

from arki.core.demo import DemoContext
from arki.core.models import Workshop

from . import services
from .enums import StakeholderKind as K

#: The canvases' labels in Swedish and English (the personas' names as the analysis demo
#: translates them), so the Swedish and English pages show no Finnish staff text.
LABELS = {
    "Rutinoituneet": ("De rutinmässiga", "Creatures of routine"),
    "Vähään tyytyvät": ("De som nöjer sig med lite", "Content with little"),
    "Me-eläjät": ("Vi-levarna", "Living as a couple"),
    "Yhteisöaktiivit": ("De gemenskapsaktiva", "Community activists"),
    "Hammashoito: Rutinoituneet": (
        "Tandvård: De rutinmässiga",
        "Dental care: Creatures of routine",
    ),
    "Rutinoituneet: kotona asuminen": (
        "De rutinmässiga: att bo hemma",
        "Creatures of routine: living at home",
    ),
    "Arjen pelastajat": ("Arjen pelastajat", "Arjen pelastajat"),
    "Arjen pelastajat: Eino": ("Arjen pelastajat: Eino", "Arjen pelastajat: Eino"),
}


def _canvas(workshop: Workshop, kind: str, label: str, by, group: int = 1):
    sv, en = LABELS[label]
    return services.canvas_create(
        workshop=workshop, kind=kind, label=label, label_sv=sv, label_en=en, group=group, by=by
    )


EMPATHY_MAPS = {
    "Rutinoituneet": {
        "thinks": [
            "Koti ja sen kunto ovat tärkeimpiä",
            "Haluaa päättää itse elämästään ja asumisestaan",
        ],
        "sees": ["Televisio, radio ja paikallislehti; ei internetiä"],
        "says": ["Puhuu resepteistä ja puutarhanhoidosta"],
        "hears": [
            "Läheinen ystävä käy kahvilla kerran viikossa",
            "Sukulaiset käyvät kahdesti kuukaudessa",
        ],
        "pains": [
            "Pelkää joutuvansa muuttamaan pois terveyssyistä",
            "Ei jaksa enää hoitaa kotia ja puutarhaa",
        ],
        "gains": ["Itsemääräämisoikeus säilyy loppuun asti"],
    },
    "Vähään tyytyvät": {
        "thinks": ["Pärjään kyllä, kun on kaverit ja puhelin"],
        "sees": ["Sosiaalinen media, pelit"],
        "says": ["Harrastukset ovat kaukana, kyydit vanhempien varassa"],
        "hears": ["Koulu ja kaverit kertovat, mitä tapahtuu"],
        "pains": ["Julkinen liikenne ei kulje iltaisin"],
        "gains": ["Oma paikka, jossa voi olla kavereiden kanssa"],
    },
    "Me-eläjät": {
        "thinks": ["Perheen arki pitää saada sujumaan"],
        "says": ["Kuljettaa lapsia harrastuksiin"],
        "pains": ["Palvelut ovat auki silloin, kun ollaan töissä"],
        "gains": ["Asiat hoituvat verkossa iltaisin"],
    },
    "Yhteisöaktiivit": {
        "thinks": ["Kylä pysyy elävänä, kun tehdään yhdessä"],
        "says": ["Järjestää kylätalon tapahtumia"],
        "hears": ["Kyläyhdistys ja seurakunta"],
        "pains": ["Vapaaehtoiset väsyvät, tekijöitä on vähän"],
        "gains": ["Nuoret ja vanhat kohtaavat"],
    },
}

#: Dental care (brief §2.4): the path's seven steps and, per step, the other four layers.
BLUEPRINT_STEPS = [
    ("Ajanvaraus puhelimella", "Puhelinpalvelu", "", "Ajanvarausjärjestelmä", ""),
    ("Tekstiviestimuistutus", "", "Tekstiviestin oikea-aikaisuus", "Ajanvarausjärjestelmä", ""),
    ("Saapuminen", "", "Tilat, opasteet ja ohjaus", "", ""),
    ("Ilmoittautuminen", "Ilmoittautumisautomaatti", "Automaatin käyttöliittymä ja ohjeet", "", ""),
    ("Toimenpiteet", "Suuhygienisti", "", "", "Hoitokäytännöt"),
    ("Hoito-ohjeet", "Suuhygienisti", "Hoito-ohjeiden selkeys", "", ""),
    ("Poistuminen", "", "", "", ""),
]
CRITICAL_STEPS = {2, 4}

BUSINESS_MODEL = {
    "value": ["Ikääntyvä asuu omassa kodissaan turvallisesti"],
    "activities": ["Kotiin vietävät palvelut", "Kylän yhteinen kuljetus"],
    "resources": ["Vahvuus: tiivis kyläyhteisö", "Heikkous: pitkät välimatkat"],
    "partners": ["Kunta", "Kyläyhdistys", "Seurakunta", "Yritykset"],
    "segments": ["Rutinoituneet: kotona asuvat ikääntyneet"],
    "channels": ["Puhelin", "Paikallislehti", "Kylätalo"],
    "relationships": ["Tuttu työntekijä"],
    "costs": ["Henkilöstö ja kuljetukset"],
    "revenue": ["Kunta", "Asiakasmaksut", "Hankerahoitus"],
}

#: Arjen pelastajat's stakeholders (brief §3, "Kuva 12"): ring, kind, what they bring.
STAKEHOLDERS = [
    ("core", K.PUBLIC, "Kunnan nuorisopalvelut: nuoret mukaan tekijöiksi"),
    ("core", K.NGO, "Kainuun nuotta: nuorten työllistäminen"),
    ("core", K.PUBLIC, "Kuntouttava työtoiminta: tekijät ja ohjaus"),
    ("close", K.PARISH, "Seurakunta: tilat ja vapaaehtoiset"),
    ("close", K.NGO, "4H-yhdistys: nuorten työt ja koulutus"),
    ("close", K.NGO, "Omaishoitajayhdistys: avun tarvitsijat"),
    ("close", K.NGO, "Muistiyhdistys: muistisairaiden tuki"),
    ("close", K.PUBLIC, "Nuorimieli-hanke: nuorten hyvinvointi"),
    ("close", K.RESIDENTS, "Vanhusneuvosto: ikääntyneiden ääni"),
    ("close", K.RESIDENTS, "Nuorisovaltuusto: nuorten ääni"),
    ("wider", K.PRIVATE, "Destia: tienpito"),
    ("wider", K.PRIVATE, "Posti: postinkanto ja palvelut kotiin"),
    ("wider", K.EDUCATION, "KAMK: opiskelijat ja kehittäminen"),
    ("wider", K.RESIDENTS, "Kyläyhdistykset: paikalliset verkostot"),
    ("wider", K.PUBLIC, "Kylä- ja kaupunginosaohjelma: rahoitus ja yhteistyö"),
]

STORYBOARD = [
    "Eino, 82, ei enää pääse lumitöihin",
    "Eino soittaa Arjen pelastajien numeroon",
    "Nuori Jesse tulee lumitöihin koulun jälkeen",
    "Kahvilla Eino kertoo Jesselle kylän historiaa",
    "Jesse saa todistuksen työkokemuksesta",
]


def _workshop_with(ctx: DemoContext, key: str) -> Workshop | None:
    assert ctx.process is not None
    for workshop in ctx.process.workshops.order_by("position"):
        if key in (workshop.activities or []):
            return workshop
    return None


def _fill(canvas, zones: dict[str, list[str]], by, checker) -> None:
    """Type in a paper canvas; a second person (the planner) confirms each card."""
    for zone, texts in zones.items():
        for text in texts:
            card = services.card_add(canvas=canvas, zone=zone, text=text, by=by, paper_entered=True)
            if checker is not None:
                services.card_confirm(card=card, by=checker)


def load_demo(ctx: DemoContext) -> None:
    if ctx.process is None:
        return
    by = ctx.users.get("fasilitaattori")
    checker = ctx.users.get("suunnittelija")
    workshop2 = _workshop_with(ctx, "canvases.blueprint")
    if workshop2 is not None:
        for number, (persona, zones) in enumerate(EMPATHY_MAPS.items(), start=1):
            canvas = _canvas(workshop2, "empathy_map", persona, by, group=number)
            _fill(canvas, zones, by, checker)
            if persona == "Rutinoituneet" and by is not None and checker is not None:
                services.canvas_publish(canvas=canvas, by=by)
        blueprint = _canvas(workshop2, "blueprint", "Hammashoito: Rutinoituneet", by)
        layers = ["path", "frontstage", "evidence", "backoffice", "support"]
        for step, texts in enumerate(BLUEPRINT_STEPS, start=1):
            for zone, text in zip(layers, texts, strict=True):
                if text:
                    card = services.card_add(
                        canvas=blueprint,
                        zone=zone,
                        text=text,
                        step=step,
                        critical=zone == "path" and step in CRITICAL_STEPS,
                        by=by,
                        paper_entered=True,
                    )
                    if checker is not None:
                        services.card_confirm(card=card, by=checker)
        business = _canvas(workshop2, "business_model", "Rutinoituneet: kotona asuminen", by)
        _fill(business, BUSINESS_MODEL, by, checker)
    stakeholder_ws = _workshop_with(ctx, "canvases.stakeholder_map")
    if stakeholder_ws is not None:
        canvas = _canvas(stakeholder_ws, "stakeholder_map", "Arjen pelastajat", by)
        for zone, kind, text in STAKEHOLDERS:
            services.card_add(canvas=canvas, zone=zone, kind=kind, text=text, by=by)
    storyboard_ws = _workshop_with(ctx, "canvases.storyboard")
    if storyboard_ws is not None:
        canvas = _canvas(storyboard_ws, "storyboard", "Arjen pelastajat: Eino", by)
        _fill(canvas, {"frames": STORYBOARD}, by, checker)
    ctx.log(
        "Canvases: 4 empathy maps, a blueprint, a business model, a stakeholder map, a storyboard"
    )
