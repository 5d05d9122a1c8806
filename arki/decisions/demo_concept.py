"""The concept workshop's part of the Kainuu demo: workshop 4 and the concept Arjen pelastajat.

Eight groups, each given a persona and its top-budgeted service area (set up from the
suggestion, as a facilitator would), with the seed's example problems and solutions (brief
§2.6), typed in from the groups' paper sheets; the three picked problems, five ideas for
each, the best idea and how to implement it. The concept "Arjen pelastajat" gathers best ideas
of several groups; later parts of the demo (criteria, selection, actions) find it by name.
"""

from __future__ import annotations

from arki.core.demo import DemoContext
from arki.core.enums import TargetGroup
from arki.core.models import Workshop

from .services import concept as services

CONCEPT_NAME = "Arjen pelastajat"

#: The seed's example problems (brief §2.6), each with five solution ideas; the first idea is
#: the best and comes with how to implement it.
PROBLEMS: dict[str, tuple[list[str], str]] = {
    "Palveluiden sähköistyminen": (
        [
            "Perinteinen vaihtoehto jokaiselle sähköiselle palvelulle",
            "Laite- ja käyttötukea kirjastossa ja kunnan palvelupisteissä",
            "Nuoret opastavat ikääntyneitä älylaitteiden käytössä",
            "Selkeät paperiohjeet verkkopalveluihin",
            "Puhelinpalvelu, jossa vastaa ihminen",
        ],
        "Kunnan palvelupisteisiin viikoittainen laitetukivuoro; nuoret opastajat kesätöinä.",
    ),
    "Liikkuminen palveluiden piiriin": (
        [
            "Kylän yhteinen kuljetusrengas naapureille",
            "Asiointiliikenne kerran viikossa kirkonkylään",
            "Palvelut kotiin: liikkuva palvelupiste",
            "Kimppakyydit sovelluksella ja puhelimella",
            "Taksiseteli ikääntyneille",
        ],
        "Kyläyhdistys kokoaa vapaaehtoiset kuljettajat; kunta maksaa polttoainekulut.",
    ),
    "Aika ja raha": (
        [
            "Palvelut auki myös iltaisin",
            "Perhelippu liikuntapaikkoihin",
            "Yhdistetty asiointi: useampi palvelu samalla käynnillä",
            "Ilmaiset harrastukset nuorille",
            "Vertaistukea talouden hallintaan",
        ],
        "Liikuntapaikkojen perhelippu kokeiluun yhdeksi vuodeksi kaikissa kunnissa.",
    ),
    "Palvelukulttuuri": (
        [
            "Asiakkaat huomioon ottava palvelualttius matkapalveluissa",
            "Asiakaspalautteen kerääminen jokaisesta käynnistä",
            "Tuttu työntekijä, joka tuntee asiakkaan",
            "Henkilöstön koulutus asiakaslähtöisyyteen",
            "Selkokieliset asiakaskirjeet",
        ],
        "Matkapalveluiden henkilöstölle koulutus ja asiakasraati, joka kokoontuu kahdesti "
        "vuodessa.",
    ),
    "Terveydelliset rajoitteet": (
        [
            "Kotiin vietävät terveyspalvelut",
            "Etävastaanotto tuetusti kylätalolla",
            "Esteettömät reitit ja tilat",
            "Liikuntaryhmät ikääntyneille",
            "Omaishoitajien vertaistuki",
        ],
        "Kylätalolle etävastaanottopiste, jossa vapaaehtoinen auttaa yhteyden muodostamisessa.",
    ),
    "Kaverien puute": (
        [
            "Nuoret ja ikääntyneet kohtaavat arjen askareissa",
            "Järjestöjen tukea kaverien etsintään",
            "Kylätalon avoimet illat",
            "Kaveripankki: apua ja seuraa vastavuoroisesti",
            "Harrastusryhmät sukupolvien yli",
        ],
        "Nuoret auttavat ikääntyneitä pienissä arjen askareissa: kunta, 4H ja seurakunta "
        "kokoavat joukon ja välittävät pyynnöt.",
    ),
    "VR:n lipunmyynnin loppuminen": (
        [
            "Lipunmyynti kirjastossa tai kaupassa",
            "Opastus junalippujen ostamiseen verkossa",
            "Puhelinmyynti ilman lisämaksua",
            "Matkapalvelu, joka varaa liput asiakkaan puolesta",
            "Asemalle vapaaehtoinen neuvoja",
        ],
        "Kirjastot myyvät ja tulostavat junalippuja; henkilöstö opastaa verkko-ostossa.",
    ),
    "Tiedonsaanti": (
        [
            "Paikallislehteen palvelusivu",
            "Kylän ilmoitustaulu ja puhelinrinki",
            "Yksi numero, josta saa tietoa kaikista palveluista",
            "Tiedotteet myös paperisena kotiin",
            "Nuoret tiedottajat somessa",
        ],
        "Kunnan palvelunumero, johon vastaa ihminen, ja palvelusivu paikallislehdessä.",
    ),
    "Liikuntapaikkojen ylläpito": (
        [
            "Yhdistykset tukevat liikuntapaikkojen ylläpitoa",
            "Talkoot kylän kentälle ja laduille",
            "Kunnan ja kylien ylläpitosopimukset",
            "Nuoret kesätyöntekijät kunnostamaan",
            "Yritysten sponsorointi",
        ],
        "Kunta tekee kyläyhdistysten kanssa ylläpitosopimukset ja maksaa tarvikkeet.",
    ),
}

#: Extra problems the groups listed (not picked): the seed's "at most 15" as a long list.
MORE_PROBLEMS = [
    "Pitkät välimatkat",
    "Julkinen liikenne ei kulje iltaisin",
    "Palvelut ovat auki työaikana",
    "Lumityöt ja pihan hoito",
]

#: Which example problems each group picked (by index into PROBLEMS), in group order.
PICKS = [
    (5, 0, 4),
    (1, 5, 7),
    (2, 8, 3),
    (0, 6, 7),
    (5, 1, 3),
    (8, 2, 4),
    (6, 7, 0),
    (5, 4, 1),
]
#: Fallback themes when no tool provides personas (the seed's named profiles).
PROFILES = ["Rutinoituneet", "Vähään tyytyvät", "Me-eläjät", "Yhteisöaktiivit"]


def _concept_workshop(ctx: DemoContext) -> Workshop | None:
    assert ctx.process is not None
    for workshop in ctx.process.workshops.order_by("position"):
        if services.PROBLEMS_KEY in (workshop.activities or []):
            return workshop
    return None


def load_concept(ctx: DemoContext) -> None:
    if ctx.process is None:
        return
    workshop = _concept_workshop(ctx)
    if workshop is None:
        return
    by = ctx.users.get("fasilitaattori")
    if services.suggested_groups(ctx.process):
        groups = services.groups_set_up(workshop=workshop, by=by)
    else:
        groups = [
            services.group_create(
                workshop=workshop,
                number=number,
                label=PROFILES[(number - 1) % len(PROFILES)],
                by=by,
            )
            for number in range(1, services.DEFAULT_GROUPS + 1)
        ]
    examples = list(PROBLEMS.items())
    best_ideas: dict[str, list] = {}
    for index, group in enumerate(groups):
        picks = PICKS[index % len(PICKS)]
        order = [*picks, *(i for i in range(len(examples)) if i not in picks)]
        texts = [examples[i][0] for i in order] + MORE_PROBLEMS[: 1 + index % 3]
        problems = services.problems_add_lines(group=group, lines=texts, by=by)
        for problem, pick in zip(problems[: len(picks)], picks, strict=True):
            services.problem_pick(problem=problem, picked=True, by=by)
            ideas_texts, how = examples[pick][1]
            ideas = services.ideas_add_lines(problem=problem, lines=ideas_texts, by=by)
            best = services.idea_best(idea=ideas[0], by=by, implementation=how)
            best_ideas.setdefault(examples[pick][0], []).append(best)
    # Arjen pelastajat gathers the best ideas on lacking friends, getting to services and the
    # digitalisation of services, from every group that picked them.
    gathered = [
        idea
        for problem in (
            "Kaverien puute",
            "Liikkuminen palveluiden piiriin",
            "Palveluiden sähköistyminen",
        )
        for idea in best_ideas.get(problem, [])
    ]
    concept = services.concept_create(
        process=ctx.process,
        name=CONCEPT_NAME,
        name_sv="Vardagens räddare",
        name_en="Everyday rescuers",
        aim=(
            "Nuorista kootaan kuntaan tai yhteisöön joukko, joka auttaa vanhempia ihmisiä "
            "pienissä arjen askareissa – kauppakassin kantamisesta postin hakemiseen ja "
            "iltapäiväkävelyseuraan. Nuoret saavat kokemusta ja itsetuntoa, ikääntyneet apua "
            "ja seuraa."
        ),
        aim_sv=(
            "Unga i kommunen hjälper äldre med små vardagssysslor, från att bära matkassen "
            "till att hämta posten och gå på eftermiddagspromenad."
        ),
        aim_en=(
            "Young people of the municipality help older people with small everyday chores, "
            "from carrying the shopping to fetching the post and an afternoon walk."
        ),
        target_groups=[TargetGroup.YOUNG, TargetGroup.OLDER],
        ideas=gathered,
        by=by,
    )
    services.concept_publish(concept=concept, by=by)
    second = services.concept_create(
        process=ctx.process,
        name="Palvelut lähelle",
        name_en="Services close by",
        aim="Liikkuva palvelupiste ja laitetuki kyliin.",
        target_groups=[TargetGroup.RESIDENTS, TargetGroup.OLDER],
        ideas=best_ideas.get("Terveydelliset rajoitteet", [])[:2],
        by=by,
    )
    ctx.log(
        f"    decisions: workshop 4 with {len(groups)} groups, concepts "
        f"{concept.name} (published, {len(gathered)} best ideas) and {second.name}"
    )
