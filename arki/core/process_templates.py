"""Process templates: the structure of a proven process, created in one go.

"Kainuu 2014–2016" is the pilot of the brief: two seasons, four phases, ten workshops. Days
are offsets from the first workshop so that a new process can start on any date.

A workshop names its activities by key, ``<tool>.<activity>``: the part before the dot is the
tool the activity belongs to (`activity_tool`). Keys of tools not installed are planned
methods: the workshop screens show them as
"needs the <tool> tool", and `arki check` fails only when the owning tool is installed but
registers no such activity (arki/core/checks.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .enums import PhaseKind, TargetGroup


def activity_tool(key: str) -> str:
    """The tool an activity key belongs to: ``"canvases.blueprint"`` -> ``"canvases"``."""
    return key.split(".", 1)[0]


@dataclass(frozen=True)
class WorkshopTemplate:
    title: str
    title_sv: str
    title_en: str
    phase: str
    day: int
    target_groups: tuple[str, ...]
    activities: tuple[str, ...]
    methods: str
    agenda: str
    region_wide: bool = False
    methods_sv: str = ""
    methods_en: str = ""
    agenda_sv: str = ""
    agenda_en: str = ""


@dataclass(frozen=True)
class SeasonTemplate:
    number: int
    name: str
    name_sv: str
    name_en: str
    theme: str
    phases: tuple[str, ...]
    theme_sv: str = ""
    theme_en: str = ""


@dataclass(frozen=True)
class ProcessTemplate:
    key: str
    label: object
    seasons: tuple[SeasonTemplate, ...]
    workshops: tuple[WorkshopTemplate, ...] = field(default_factory=tuple)

    def activity_keys(self) -> list[str]:
        """Every activity key the template's workshops name, in order, without repeats."""
        return list(dict.fromkeys(key for w in self.workshops for key in w.activities))


RESIDENTS, YOUNG, OLDER = TargetGroup.RESIDENTS, TargetGroup.YOUNG, TargetGroup.OLDER
DECIDERS, PROVIDERS, NGOS = TargetGroup.DECISION_MAKERS, TargetGroup.PROVIDERS, TargetGroup.NGOS
EVERYONE = TargetGroup.EVERYONE

KAINUU = ProcessTemplate(
    key="kainuu-2014-2016",
    label=_("Kainuu 2014–2016 (ten workshops in two seasons)"),
    seasons=(
        SeasonTemplate(
            1,
            "Kausi 1: ideointi ja suunnittelu",
            "Säsong 1: idéer och planering",
            "Season 1: ideation and planning",
            "",
            (PhaseKind.IDEATION, PhaseKind.PLANNING),
        ),
        SeasonTemplate(
            2,
            "Kausi 2: testaus ja toteutus",
            "Säsong 2: testning och genomförande",
            "Season 2: testing and implementation",
            "Asiakaslähtöisyys päätöksenteossa",
            (PhaseKind.TESTING, PhaseKind.IMPLEMENTATION),
            theme_sv="Kundorientering i beslutsfattandet",
            theme_en="Customer focus in decision-making",
        ),
    ),
    workshops=(
        WorkshopTemplate(
            "Asiakasymmärrys",
            "Kundinsikt",
            "Customer insight",
            PhaseKind.IDEATION,
            0,
            (RESIDENTS, YOUNG, OLDER),
            ("insight.service_map", "insight.diary"),
            "Palvelukartta (viimeiset kolme kuukautta), viikon palvelupäiväkirja",
            "Tervetuloa ja prosessin esittely\nPalvelukartan täyttäminen\n"
            "Palvelupäiväkirjan ohjeet kotiin vietäväksi",
            methods_sv="Servicekarta (de senaste tre månaderna), en veckas servicedagbok",
            methods_en="Service map (the last three months), a one-week service diary",
            agenda_sv=(
                "Välkommen och presentation av processen\nIfyllning av servicekartan\n"
                "Anvisningar för servicedagboken att ta hem"
            ),
            agenda_en=(
                "Welcome and introduction to the process\nFilling in the service map\n"
                "Instructions for the service diary to take home"
            ),
        ),
        WorkshopTemplate(
            "Toimintamalli",
            "Verksamhetsmodell",
            "Operating model",
            PhaseKind.PLANNING,
            98,
            (DECIDERS, PROVIDERS, NGOS),
            ("canvases.empathy_map", "canvases.blueprint", "canvases.business_model"),
            "Empatiakartta, palvelukaavio, liiketoimintamallikaavio",
            "Asiakasprofiilien esittely\nEmpatiakartta profiilille\nPalvelukaavio\n"
            "Liiketoimintamalli",
            methods_sv="Empatikarta, serviceritning, affärsmodellkanvas",
            methods_en="Empathy map, service blueprint, business model canvas",
            agenda_sv=(
                "Presentation av kundprofilerna\nEmpatikarta för en profil\nServiceritning\n"
                "Affärsmodell"
            ),
            agenda_en=(
                "Introducing the customer profiles\nEmpathy map for a profile\nService "
                "blueprint\nBusiness model"
            ),
        ),
        WorkshopTemplate(
            "Osallistava budjetointi",
            "Deltagande budgetering",
            "Participatory budgeting",
            PhaseKind.PLANNING,
            126,
            (RESIDENTS, DECIDERS),
            ("budgeting.vouchers",),
            "Hyvinvointisetelit: 10 seteliä jokaiselle",
            "Hyvinvointiseteleiden jako\nPalveluiden ostaminen seteleillä\nTulokset ja keskustelu",
            methods_sv="Välfärdssedlar: 10 sedlar var",
            methods_en="Welfare vouchers: 10 vouchers each",
            agenda_sv=(
                "Utdelning av välfärdssedlarna\nKöp av tjänster med sedlarna\nResultat och "
                "diskussion"
            ),
            agenda_en=(
                "Handing out the welfare vouchers\nBuying services with the vouchers\nResults "
                "and discussion"
            ),
        ),
        WorkshopTemplate(
            "Uudet konseptit",
            "Nya koncept",
            "New concepts",
            PhaseKind.PLANNING,
            161,
            (EVERYONE,),
            ("decisions.problems", "decisions.ideas"),
            "Ongelmat (enintään 15) → 3 haastavinta → 5 ideaa kuhunkin → paras idea",
            "8 ryhmää, kukin yksi profiili ja sen eniten budjetoitu palvelualue\n"
            "Ongelmat, ideat, parhaat ideat ja toteutustavat",
            region_wide=True,
            methods_sv=(
                "Problem (högst 15) → de 3 mest utmanande → 5 idéer för vart och ett → den bästa "
                "idén"
            ),
            methods_en=(
                "Problems (at most 15) → the 3 most challenging → 5 ideas for each → the best idea"
            ),
            agenda_sv=(
                "8 grupper, var och en med en profil och dess mest budgeterade serviceområde\n"
                "Problem, idéer, de bästa idéerna och hur de genomförs"
            ),
            agenda_en=(
                "8 groups, each with one profile and its most budgeted service area\nProblems, "
                "ideas, the best ideas and how to implement them"
            ),
        ),
        WorkshopTemplate(
            "Ajatushautomo – kriteerit ja äänestys",
            "Tankesmedja – kriterier och röstning",
            "Think tank – criteria and voting",
            PhaseKind.TESTING,
            271,
            (DECIDERS,),
            ("decisions.criteria_vote",),
            "Kriteerien määrittely ja äänestys (tärkeä / ei tärkeä)",
            "Mitä asiakasymmärryksen teemat merkitsevät\nMitä hyvinvointi on asukkaan "
            "näkökulmasta\nKriteerit pilotoitavan konseptin valintaan",
            region_wide=True,
            methods_sv="Att fastställa kriterier och rösta (viktigt / inte viktigt)",
            methods_en="Defining the criteria and voting (important / not important)",
            agenda_sv=(
                "Vad teman i kundinsikten betyder\nVad välfärd är ur invånarens synvinkel\n"
                "Kriterier för att välja konceptet som ska pilotas"
            ),
            agenda_en=(
                "What the themes of the customer insight mean\nWhat wellbeing is from the "
                "resident's point of view\nCriteria for choosing the concept to pilot"
            ),
        ),
        WorkshopTemplate(
            "Äänestys ja sidosryhmäkartta",
            "Röstning och intressentkarta",
            "Voting and stakeholder map",
            PhaseKind.TESTING,
            313,
            (DECIDERS,),
            ("decisions.concept_select", "canvases.stakeholder_map"),
            "Konseptin valinta kriteerein, sidosryhmäkartta",
            "Kriteerien kertaus\nPilotoitavan konseptin valinta\nSidosryhmäkartta",
            region_wide=True,
            methods_sv="Val av koncept med kriterierna, intressentkarta",
            methods_en="Choosing the concept by the criteria, stakeholder map",
            agenda_sv=(
                "Repetition av kriterierna\nVal av konceptet som ska pilotas\nIntressentkarta"
            ),
            agenda_en="Recap of the criteria\nChoosing the concept to pilot\nStakeholder map",
        ),
        WorkshopTemplate(
            "Empatiakartta, profiilit ja kuvakäsikirjoitus",
            "Empatikarta, profiler och storyboard",
            "Empathy map, profiles and storyboard",
            PhaseKind.TESTING,
            348,
            (EVERYONE,),
            ("canvases.empathy_map", "canvases.storyboard"),
            "Empatiakartat kohdeprofiileille, kuvakäsikirjoitus",
            "Suunnittelutiimin muodostaminen\nEmpatiakartat\nKuvakäsikirjoitus\n"
            "Odotukset ja toiveet",
            region_wide=True,
            methods_sv="Empatikartor för målprofilerna, storyboard",
            methods_en="Empathy maps for the target profiles, storyboard",
            agenda_sv=(
                "Att bilda planeringsteamet\nEmpatikartor\nStoryboard\nFörväntningar och önskemål"
            ),
            agenda_en="Forming the design team\nEmpathy maps\nStoryboard\nExpectations and wishes",
        ),
        WorkshopTemplate(
            "Mittarit",
            "Mätare",
            "Metrics",
            PhaseKind.TESTING,
            460,
            (DECIDERS,),
            ("decisions.actions", "impact.metric_plan"),
            "Toimenpiteet kolmella tasolla, mittarit kriteereistä",
            "Helpot kohtaamiset, yhteiset toimitilat, yhteisölliset toimintamallit\n"
            "Mittarit ja niiden mittaustapa",
            region_wide=True,
            methods_sv="Åtgärder på tre nivåer, mätare utifrån kriterierna",
            methods_en="Actions at three levels, metrics from the criteria",
            agenda_sv=(
                "Enkla möten, gemensamma lokaler, gemenskapliga verksamhetsmodeller\nMätarna och "
                "hur de mäts"
            ),
            agenda_en=(
                "Easy encounters, shared premises, communal operating models\nThe metrics and "
                "how they are measured"
            ),
        ),
        WorkshopTemplate(
            "Käyttäjätestaus",
            "Användartestning",
            "User testing",
            PhaseKind.TESTING,
            516,
            (YOUNG, OLDER, PROVIDERS, NGOS),
            ("decisions.user_testing",),
            "Konseptin ja toteutusmallien testaus käyttäjillä",
            "Konseptin esittely\nKehittämisehdotukset ja välivaiheet\nToteutettavuus, "
            "esteet ja mahdollisuudet",
            region_wide=True,
            methods_sv="Test av konceptet och genomförandemodellerna med användare",
            methods_en="Testing the concept and its implementation models with users",
            agenda_sv=(
                "Presentation av konceptet\nUtvecklingsförslag och mellansteg\nGenomförbarhet, "
                "hinder och möjligheter"
            ),
            agenda_en=(
                "Introducing the concept\nDevelopment proposals and intermediate steps\n"
                "Feasibility, obstacles and opportunities"
            ),
        ),
        WorkshopTemplate(
            "Toimenpiteiden yhteissuunnittelu",
            "Gemensam planering av åtgärder",
            "Co-planning of actions",
            PhaseKind.IMPLEMENTATION,
            614,
            (EVERYONE,),
            ("decisions.action_pick",),
            "Jokainen valitsee vähintään yhden toimenpiteen vietäväksi eteenpäin",
            "Toimenpiteiden esittely\nTyöskentely\nKukin taho esittelee toimenpiteensä",
            region_wide=True,
            methods_sv="Var och en väljer minst en åtgärd att föra vidare",
            methods_en="Everyone chooses at least one action to take forward",
            agenda_sv=(
                "Presentation av åtgärderna\nArbete i grupper\nVarje aktör presenterar sina "
                "åtgärder"
            ),
            agenda_en="Introducing the actions\nWorking on them\nEach party presents its actions",
        ),
    ),
)

TEMPLATES = {KAINUU.key: KAINUU}
PHASE_ORDER: list[str] = [
    PhaseKind.IDEATION,
    PhaseKind.PLANNING,
    PhaseKind.TESTING,
    PhaseKind.IMPLEMENTATION,
]
