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


@dataclass(frozen=True)
class SeasonTemplate:
    number: int
    name: str
    name_sv: str
    name_en: str
    theme: str
    phases: tuple[str, ...]


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
