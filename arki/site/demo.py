"""News posts of the Kainuu demo: results after each published workshop, invitations before.

Runs after the core's demo step (which builds the process and publishes workshops 1–6), so
every post links to a real workshop and is dated from that workshop's date (2014–2016).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from .services import news_post_create

if TYPE_CHECKING:
    from arki.core.demo import DemoContext

# position -> (title fi/sv/en, body fi/sv/en); posted ten days after a published workshop.
RESULTS: dict[int, tuple[tuple[str, str, str], tuple[str, str, str]]] = {
    1: (
        (
            "Työpajan 1 tulokset: 110 palvelupäiväkirjaa palautettiin",
            "Resultat från workshop 1: 110 servicedagböcker lämnades in",
            "Workshop 1 results: 110 service diaries returned",
        ),
        (
            "Asiakasymmärryksen työpajoihin osallistui noin 160 nuorta ja ikäihmistä "
            "seitsemästä kunnasta. He täyttivät palvelukartan viimeisen kolmen kuukauden "
            "palveluistaan, ja 110 heistä piti viikon ajan palvelupäiväkirjaa. Kiitos kaikille "
            "osallistujille ja kuntien yhteyshenkilöille! Seuraavaksi projektiryhmä ja "
            "Tampereen yliopiston opiskelijat analysoivat päiväkirjat asiakasprofiileiksi.",
            "Cirka 160 unga och äldre från sju kommuner deltog i workshopparna om kundinsikt. "
            "De fyllde i en servicekarta över de tjänster de använt de senaste tre månaderna, "
            "och 110 av dem förde servicedagbok i en vecka. Tack till alla deltagare och "
            "kommunernas kontaktpersoner! Nu analyserar projektgruppen och studerande vid "
            "Tammerfors universitet dagböckerna till kundprofiler.",
            "About 160 young and older people from seven municipalities took part in the "
            "customer insight workshops. They filled a service map of the services they used "
            "in the last three months, and 110 of them kept a service diary for a week. "
            "Thank you to every participant and to the municipal contact persons! Next, the "
            "project group and students of the University of Tampere analyse the diaries "
            "into customer profiles.",
        ),
    ),
    2: (
        (
            "Työpajan 2 tulokset: 150 päättäjää ja palveluntuottajaa asiakasprofiilien äärellä",
            "Resultat från workshop 2: 150 beslutsfattare och serviceproducenter "
            "arbetade med kundprofilerna",
            "Workshop 2 results: 150 decision-makers and providers worked on the profiles",
        ),
        (
            "Toimintamallityöpajoissa noin 150 kuntien viranhaltijaa sekä järjestöjen ja "
            "yritysten edustajaa tutustui 24 asiakasprofiiliin. Ryhmät tekivät profiileille "
            "empatiakartat, palvelukaaviot ja liiketoimintamallit. Moni tunnisti profiileista "
            "tuttuja ihmisiä – merkki siitä, että profiilit kuvaavat todellista arkea.",
            "I workshopparna om verksamhetsmodellen bekantade sig cirka 150 tjänstemän samt "
            "representanter för organisationer och företag med 24 kundprofiler. Grupperna "
            "gjorde empatikartor, serviceritningar och affärsmodeller för profilerna. Många "
            "kände igen bekanta människor i profilerna – ett tecken på att de beskriver "
            "verklig vardag.",
            "In the operating model workshops about 150 municipal officials and "
            "representatives of NGOs and companies studied 24 customer profiles. The groups "
            "made empathy maps, service blueprints and business model canvases for them. "
            "Many recognised people they knew in the profiles – a sign that the profiles "
            "describe real everyday life.",
        ),
    ),
    3: (
        (
            "Työpajan 3 tulokset: hyvinvointiseteleillä ostettiin eniten terveyspalveluja",
            "Resultat från workshop 3: välfärdssedlarna gick främst till hälsotjänster",
            "Workshop 3 results: welfare vouchers went to health services first",
        ),
        (
            "Osallistavassa budjetoinnissa jokainen osallistuja sai kymmenen "
            "hyvinvointiseteliä. Eniten seteleitä saivat terveyspalvelut, seuraavaksi "
            "liikuntapalvelut, muut palvelut sekä kulttuuri- ja koulutuspalvelut. "
            "Keskustelussa nousi esiin liikenne: joukkoliikenne, teiden kunnossapito ja "
            "lumityöt ovat edellytys kaikkien muiden palvelujen käytölle.",
            "I den deltagande budgeteringen fick varje deltagare tio välfärdssedlar. Flest "
            "sedlar fick hälsotjänsterna, därefter motionstjänster, andra tjänster samt "
            "kultur- och utbildningstjänster. I diskussionen lyftes trafiken fram: "
            "kollektivtrafik, vägunderhåll och snöröjning är en förutsättning för att kunna "
            "använda alla andra tjänster.",
            "In participatory budgeting every participant received ten welfare vouchers. "
            "Health services got the most vouchers, followed by sports and exercise, other "
            "services, and culture and education. The discussion raised transport: public "
            "transport, road maintenance and snow ploughing are a precondition for using "
            "every other service.",
        ),
    ),
    4: (
        (
            "Työpajan 4 tulokset: kahdeksan ryhmää ja 24 parasta ideaa",
            "Resultat från workshop 4: åtta grupper och 24 bästa idéer",
            "Workshop 4 results: eight groups and 24 best ideas",
        ),
        (
            "Yhteiseen talvipäivään Kajaanissa osallistui yli 30 asukasta, päättäjää sekä "
            "yritysten ja järjestöjen edustajaa. Kahdeksan ryhmää valitsi profiilinsa kolme "
            "haastavinta ongelmaa ja keksi kuhunkin parhaan ratkaisun. Ideoissa toistui "
            "asukkaiden valmius auttaa naapuria: kyydit, lumityöt ja kauppa-asiat.",
            "Över 30 invånare, beslutsfattare samt representanter för företag och "
            "organisationer deltog i den gemensamma vinterdagen i Kajana. Åtta grupper valde "
            "de tre svåraste problemen för sin profil och kom på den bästa lösningen för "
            "vart och ett. I idéerna återkom invånarnas vilja att hjälpa grannen: skjutsar, "
            "snöröjning och matinköp.",
            "Over 30 residents, decision-makers and representatives of companies and NGOs "
            "came to the joint winter day in Kajaani. Eight groups chose the three hardest "
            "problems of their profile and found the best solution for each. A theme kept "
            "returning: residents are ready to help their neighbours with rides, snow "
            "ploughing and shopping.",
        ),
    ),
    5: (
        (
            "Työpajan 5 tulokset: yhteisöllisyys tärkein valintakriteeri",
            "Resultat från workshop 5: gemenskap viktigaste kriteriet",
            "Workshop 5 results: communality is the most important criterion",
        ),
        (
            "Ajatushautomossa alueen päättäjät määrittelivät kriteerit pilotoitavan konseptin "
            "valintaan ja äänestivät niistä. Kaikki 17 äänestäjää pitivät tärkeänä, että "
            "konsepti tukee yhteisöllisyyttä ja yhdessä tekemistä. Seuraavina tulivat "
            "kohderyhmä ja sen tarpeet (16 ääntä) sekä monituottajamalli (12 ääntä).",
            "I tankesmedjan definierade regionens beslutsfattare kriterierna för att välja "
            "det koncept som ska piloteras och röstade om dem. Alla 17 röstande ansåg det "
            "viktigt att konceptet stöder gemenskap och att göra saker tillsammans. Därefter "
            "kom målgruppen och dess behov (16 röster) och en flerproducentmodell (12 röster).",
            "In the think tank the region's decision-makers defined the criteria for choosing "
            "the concept to pilot and voted on them. All 17 voters found it important that "
            "the concept supports communality and doing things together. Next came the "
            "target group and its needs (16 votes) and a multi-producer model (12 votes).",
        ),
    ),
    6: (
        (
            "Työpajan 6 tulokset: Arjen pelastajat valittiin pilotoitavaksi",
            "Resultat från workshop 6: Arjen pelastajat valdes för pilotering",
            "Workshop 6 results: Arjen pelastajat chosen for the pilot",
        ),
        (
            "Päättäjät valitsivat kriteerien perusteella pilotoitavaksi konseptiksi Arjen "
            "pelastajat: nuoret auttavat lähiseudun ikäihmisiä pienissä arjen askareissa. "
            "Työpajassa koottiin myös sidosryhmäkartta tahoista, joita konseptin "
            "toteuttaminen tarvitsee – seurakunnasta kyläyhdistyksiin.",
            "Beslutsfattarna valde utifrån kriterierna Arjen pelastajat som det koncept som "
            "ska piloteras: unga hjälper äldre i närheten med små vardagssysslor. I "
            "workshoppen gjordes också en intressentkarta över dem som behövs för att "
            "genomföra konceptet – från församlingen till byaföreningarna.",
            "By the criteria, the decision-makers chose Arjen pelastajat as the concept to "
            "pilot: young people help older people nearby with small everyday tasks. The "
            "workshop also drew a stakeholder map of everyone the concept needs – from the "
            "parish to the village associations.",
        ),
    ),
}

# position -> (title fi/sv/en, body fi/sv/en); posted two weeks before the workshop.
INVITATIONS: dict[int, tuple[tuple[str, str, str], tuple[str, str, str]]] = {
    1: (
        (
            "Tervetuloa mukaan: lähipalveluja kehitetään nyt asukkaiden kanssa",
            "Välkommen med: närservicen utvecklas nu tillsammans med invånarna",
            "Join us: local services are now developed with residents",
        ),
        (
            "Ensimmäisessä työpajassa täytetään palvelukartta ja saadaan kotiin viikon "
            "palvelupäiväkirja. Mukaan toivotaan erityisesti nuoria ja ikäihmisiä. "
            "Lisätietoja saat oman kuntasi yhteyshenkilöltä.",
            "I den första workshoppen fyller vi i en servicekarta och du får med dig en "
            "servicedagbok för en vecka hem. Vi hoppas särskilt att unga och äldre deltar. "
            "Mer information får du av kontaktpersonen i din kommun.",
            "In the first workshop we fill a service map and you take home a one-week service "
            "diary. We especially hope young and older people will take part. Your "
            "municipality's contact person tells you more.",
        ),
    ),
    4: (
        (
            "Kutsu yhteiseen talvipäivään: ideoidaan uusia palveluja",
            "Inbjudan till den gemensamma vinterdagen: vi hittar på nya tjänster",
            "Invitation to the joint winter day: let's invent new services",
        ),
        (
            "Kaikki ovat tervetulleita Kajaaniin ideoimaan uusia palveluja "
            "asiakasprofiilien pohjalta. Kukin ryhmä saa yhden profiilin ja sen eniten "
            "budjetoidun palvelualueen.",
            "Alla är välkomna till Kajana för att hitta på nya tjänster utifrån "
            "kundprofilerna. Varje grupp får en profil och det serviceområde som fick mest "
            "sedlar av den.",
            "Everyone is welcome in Kajaani to invent new services from the customer "
            "profiles. Each group gets one profile and its top-budgeted service area.",
        ),
    ),
    7: (
        (
            "Tule mukaan Arjen pelastajien suunnittelutiimiin",
            "Gå med i planeringsteamet för Arjen pelastajat",
            "Join the Arjen pelastajat design team",
        ),
        (
            "Seuraavassa työpajassa kootaan suunnittelutiimi, joka kehittää Arjen "
            "pelastajien toimintaa. Työpaja on avoin kaikille: yksityishenkilöille, "
            "seurakunnalle, järjestöille ja kuntien työntekijöille.",
            "I nästa workshop samlas det team som utvecklar Arjen pelastajat. Workshoppen är "
            "öppen för alla: privatpersoner, församlingen, organisationer och kommunernas "
            "anställda.",
            "The next workshop forms the design team that develops Arjen pelastajat. It is "
            "open to everyone: private persons, the parish, NGOs and municipal staff.",
        ),
    ),
    9: (
        (
            "Käyttäjätestaus: kerro mielipiteesi Arjen pelastajista",
            "Användartestning: säg vad du tycker om Arjen pelastajat",
            "User testing: tell us what you think of Arjen pelastajat",
        ),
        (
            "Nuoret ja ikäihmiset sekä julkisen ja järjestösektorin toimijat kutsutaan "
            "testaamaan Arjen pelastajien toteutusmalleja. Kerro, mikä toimii ja mikä "
            "estää toteutuksen.",
            "Unga och äldre samt aktörer inom den offentliga sektorn och "
            "organisationssektorn bjuds in att testa modellerna för Arjen pelastajat. Berätta "
            "vad som fungerar och vad som hindrar genomförandet.",
            "Young and older people and public-sector and NGO practitioners are invited to "
            "test the ways to run Arjen pelastajat. Tell us what works and what stands in "
            "the way.",
        ),
    ),
    10: (
        (
            "Viimeinen työpaja: valitse toimenpide, jonka viet eteenpäin",
            "Sista workshoppen: välj en åtgärd som du för vidare",
            "The last workshop: pick an action to take forward",
        ),
        (
            "Prosessin viimeisessä työpajassa jokainen osallistuja valitsee vähintään yhden "
            "toimenpiteen vietäväksi eteenpäin. Tervetuloa suunnittelemaan yhdessä!",
            "I processens sista workshop väljer varje deltagare minst en åtgärd att föra "
            "vidare. Välkommen att planera tillsammans!",
            "In the last workshop of the process every participant picks at least one action "
            "to take forward. Welcome to plan together!",
        ),
    ),
}

RESULTS_DELAY = datetime.timedelta(days=10)
INVITATION_LEAD = datetime.timedelta(days=14)


def _at_noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def load_site_demo(ctx: DemoContext) -> None:
    """Post the results of every published workshop and invitations to some coming ones."""
    assert ctx.process is not None, "the core demo step creates the process first"
    author = ctx.users.get("fasilitaattori")
    for workshop in ctx.process.workshops.order_by("position"):
        plans = [(INVITATIONS, -INVITATION_LEAD, "kutsu")]
        if workshop.is_published:
            plans.append((RESULTS, RESULTS_DELAY, "tulokset"))
        for texts, offset, suffix in plans:
            if workshop.position not in texts or workshop.date is None:
                continue
            (title, title_sv, title_en), (body, body_sv, body_en) = texts[workshop.position]
            news_post_create(
                process=ctx.process,
                workshop=workshop,
                slug=f"tyopaja-{workshop.position}-{suffix}",
                title=title,
                title_sv=title_sv,
                title_en=title_en,
                body=body,
                body_sv=body_sv,
                body_en=body_en,
                published_at=_at_noon(workshop.date + offset),
                by=author,
            )
