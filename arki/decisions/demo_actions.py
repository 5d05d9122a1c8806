"""Actions, user testing and co-planning of the Kainuu demo (brief §3 items 4–6).

Arjen pelastajat's actions at the three levels, "new housing arrangements" among them
(Kuva 16), with statuses, progress notes and publication; workshop 8's proposals from phones;
workshop 9's user testing with cards from every group of testers (phones and one paper card);
workshop 10's co-planning picks, from which owners are recorded, leaving one action without an
owner (the seed saw responsibility drift to the municipalities). All through the services.
"""

from __future__ import annotations

import datetime

from arki.core.demo import DemoContext
from arki.core.enums import ActivityState
from arki.core.models import Seat, Workshop
from arki.core.services import live as live_services

from .enums import ActionLevel as L
from .enums import ActionStatus as S
from .enums import TesterGroup as T
from .models import Action, Concept, Decision
from .services import actions as services
from .services import testing as testing_services

#: (key, level, title, title_sv, title_en, description, owner, partners, status, published)
ACTIONS = [
    (
        "shopping",
        L.EASY_ENCOUNTERS,
        "Kauppakassiapu ja postin haku",
        "Hjälp med matkassen och posten",
        "Help with shopping bags and fetching the post",
        "Nuoret auttavat lähellä asuvia ikäihmisiä pienissä arjen asioissa.",
        "Kainuun 4H-yhdistys",
        "Posti\nKunnan nuorisopalvelut",
        S.STARTED,
        True,
    ),
    (
        "singing",
        L.EASY_ENCOUNTERS,
        "Laula kanssain -laulutuokiot",
        "Sjung med mig",
        "Sing with me sessions",
        "Kuudesluokkalaiset ja ikäihmiset laulavat ja jumppaavat aivoja yhdessä.",
        "Kainuun Muistiyhdistys",
        "Hyrynsalmen kunta",
        S.DONE,
        True,
    ),
    (
        "it",
        L.EASY_ENCOUNTERS,
        "IT-opastus ikäihmisille",
        "IT-handledning för äldre",
        "IT guidance for older people",
        "Nuoret opastavat puhelimen ja tietokoneen käytössä.",
        "Nuorten Ystävien Klubitalo Tönäri",
        "",
        S.AGREED,
        True,
    ),
    (
        "village_halls",
        L.SHARED_PREMISES,
        "Kylätalot nuorten ja ikäihmisten kohtaamispaikoiksi",
        "Bygdegårdar som mötesplatser",
        "Village halls as meeting places",
        "Kylätaloille yhteiset vuorot, joissa nuoret ja vanhat kohtaavat.",
        "",
        "Kyläyhdistykset",
        S.IDEA,
        True,
    ),
    (
        "school",
        L.SHARED_PREMISES,
        "Koulun tilat iltaisin yhteiseen käyttöön",
        "Skolans lokaler på kvällarna",
        "School premises in the evenings",
        "",
        "Kuhmon kaupunki",
        "",
        S.AGREED,
        False,
    ),
    (
        "housing",
        L.COMMUNAL_MODELS,
        "Uudet asumisjärjestelyt",
        "Nya boendearrangemang",
        "New housing arrangements",
        "Asumisen malleja, joissa nuoret ja ikäihmiset asuvat lähekkäin ja auttavat toisiaan.",
        "Kainuun sote-kuntayhtymä",
        "Kunnat\nKylä- ja asukasyhdistykset",
        S.STARTED,
        True,
    ),
    (
        "coordination",
        L.COMMUNAL_MODELS,
        "Vapaaehtoistoiminnan koordinointi",
        "Samordning av frivilligverksamheten",
        "Coordinating the volunteers",
        "Kuka kokoaa avunpyynnöt ja nuoret auttajat yhteen?",
        "",
        "",
        S.AGREED,
        True,
    ),
]

#: (action key, text, new status, published)
NOTES = [
    ("shopping", "Sovittiin 4H-yhdistyksen kanssa ensimmäisistä kokeiluista.", S.AGREED, True),
    ("shopping", "Ensimmäiset nuoret aloittivat Hyrynsalmella.", S.STARTED, True),
    ("singing", "Laulutuokioita pidettiin kevään aikana kuusi.", S.STARTED, True),
    ("singing", "Kokeilu päättyi; palaute oli hyvää ja tuokiot jatkuvat.", S.DONE, True),
    ("it", "Tönärillä sovittiin ensimmäiset opastusillat.", S.AGREED, True),
    ("housing", "Kunnat kartoittavat sopivia asuntoja.", S.STARTED, True),
    ("housing", "Selvitetään vuokrasopimusten ehtoja.", "", False),
]

#: Testers' cards: (group, target key or "concept", obstacle, opportunity, step, feasibility)
CARDS = [
    (
        T.YOUNG,
        "shopping",
        "Ei tiedä, keitä lähellä asuu",
        "Saa kokemusta työelämään",
        "Koulun kautta ensimmäiset tutustumiset",
        4,
    ),
    (
        T.YOUNG,
        "concept",
        "Aikatauluja on vaikea sovittaa",
        "Uusia tuttavuuksia",
        "Kokeillaan ensin yhdessä kylässä",
        4,
    ),
    (
        T.OLDER,
        "shopping",
        "Vieraan päästäminen kotiin jännittää",
        "Arki helpottuu",
        "Ensimmäinen käynti yhdessä tutun kanssa",
        3,
    ),
    (
        T.OLDER,
        "housing",
        "Muutto on iso päätös",
        "Voi asua kotiseudulla pidempään",
        "Tutustumispäivä uusiin asuntoihin",
        2,
    ),
    (
        T.PUBLIC,
        "concept",
        "Vastuut ja vakuutukset epäselviä",
        "Täydentää julkisia palveluja",
        "Sovitaan vastuuhenkilö kuntaan",
        3,
    ),
    (
        T.NGO,
        "coordination",
        "Vapaaehtoiset väsyvät",
        "Järjestöjen yhteistyö",
        "Yhteinen koordinaattori kokeiluajaksi",
        3,
    ),
]

#: Co-planning: (seat label, party, picked action keys); the last seat has not picked.
PICKS = [
    ("Nuori 1", "Kainuun 4H-yhdistys", ["shopping"]),
    ("Järjestö 1", "SOSTE", ["coordination"]),
    ("Järjestö 2", "SOSTE", ["coordination", "singing"]),
    ("Kunta 1", "Kuhmon kaupunki", ["school", "coordination"]),
    ("Seurakunta", "Kuhmon seurakunta", ["singing"]),
    ("Päättäjä 1", "", []),
]


def _workshop_with(ctx: DemoContext, key: str) -> Workshop | None:
    assert ctx.process is not None
    for workshop in ctx.process.workshops.order_by("position"):
        if key in (workshop.activities or []):
            return workshop
    return None


def _open_activity(workshop: Workshop, kind: str, title: str, config: dict, by):
    session = live_services.session_open(workshop=workshop, by=by)
    activity = live_services.activity_add(
        session=session, kind=kind, title=title, config=config, by=by
    )
    live_services.activity_set_state(activity=activity, state=ActivityState.OPEN, by=by)
    return session, activity


def load_actions(ctx: DemoContext) -> None:
    process = ctx.process
    if process is None:
        return
    by = ctx.users.get("fasilitaattori")
    # Another engineer's demo creates the concept and the decision; without them, no links.
    concept = Concept.objects.filter(process=process, name="Arjen pelastajat").first()
    decision = (
        Decision.objects.filter(process=process, concept=concept).order_by("-decided_on").first()
        if concept is not None
        else None
    )
    workshop8 = _workshop_with(ctx, "decisions.actions")
    start = workshop8.date if workshop8 and workshop8.date else datetime.date(2015, 9, 1)
    actions: dict[str, Action] = {}
    for key, level, title, title_sv, title_en, text, owner, partners, status, _pub in ACTIONS:
        actions[key] = services.action_create(
            process=process,
            by=by,
            level=level,
            title=title,
            title_sv=title_sv,
            title_en=title_en,
            description=text,
            owner=owner,
            partners=partners,
            status=S.IDEA if key in {k for k, *_r in NOTES} else status,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=365),
            concept=concept,
            decision=decision,
        )
    for key, *_rest, published in ACTIONS:
        if published:
            services.action_publish(action=actions[key], by=by)
    for key, text, new_status, published in NOTES:
        services.action_note_add(
            action=actions[key], text=text, status=str(new_status), publish=published, by=by
        )

    # Workshop 8: two proposals from phones; staff accept one, the other waits for review.
    if workshop8 is not None:
        session, activity = _open_activity(
            workshop8, "decisions.actions", "Toimenpiteet kolmella tasolla", {}, by
        )
        proposer, _secret = live_services.seat_join(session=session, label="Päättäjä 2")
        proposal = services.action_propose(
            activity=activity,
            seat=proposer,
            level=L.EASY_ENCOUNTERS,
            title="Ikäihmisten ja nuorten yhteiset kävelyt",
        )
        services.proposal_accept(action=proposal, by=by)
        services.action_propose(
            activity=activity,
            seat=proposer,
            level=L.SHARED_PREMISES,
            title="Kirjaston lukusali kohtaamispaikaksi",
        )
        live_services.session_close(session=session, by=by)

    # Workshop 9: user testing, a card from every group of testers and one from paper.
    workshop9 = _workshop_with(ctx, "decisions.user_testing")
    testing = testing_services.test_session_create(
        process=process,
        title="Käyttäjätestaus: Arjen pelastajat",
        title_sv="Användartestning: Arjen pelastajat",
        title_en="User testing: Arjen pelastajat",
        held_on=workshop9.date if workshop9 else None,
        concept=concept,
        workshop=workshop9,
        by=by,
    )
    session = None
    activity = None
    if workshop9 is not None:
        session, activity = _open_activity(
            workshop9,
            "decisions.user_testing",
            "Palautekortit",
            {"title": "Palautekortit", "test_session": testing.pk},
            by,
        )
    for index, (group, target, obstacle, opportunity, step, feasibility) in enumerate(CARDS):
        about = (
            {"concept": concept, "action": None}
            if target == "concept"
            else {
                "concept": None,
                "action": actions[target],
            }
        )
        if about["concept"] is None and about["action"] is None:
            about = {"concept": None, "action": actions["shopping"]}
        seat: Seat | None = None
        paper = index == len(CARDS) - 1 or session is None
        if not paper:
            assert session is not None
            seat, _secret = live_services.seat_join(session=session, label=f"Testaaja {index + 1}")
        testing_services.feedback_add(
            session=testing,
            tester_group=group,
            feasibility=feasibility,
            obstacle=obstacle,
            opportunity=opportunity,
            intermediate_step=step,
            seat=seat,
            activity=activity if seat is not None else None,
            by=by if paper else None,
            **about,
        )
    if session is not None:
        live_services.session_close(session=session, by=by)

    # Workshop 10: co-planning picks; owners are recorded from them afterwards.
    workshop10 = _workshop_with(ctx, "decisions.action_pick")
    if workshop10 is not None:
        session, activity = _open_activity(
            workshop10, "decisions.action_pick", "Minkä toimenpiteen viet eteenpäin?", {}, by
        )
        for label, party, keys in PICKS:
            seat, _secret = live_services.seat_join(session=session, label=label)
            for key in keys:
                services.action_pick(activity=activity, seat=seat, action=actions[key], party=party)
        live_services.session_close(session=session, by=by)
        services.owners_from_picks(process=process, by=by)
    ctx.log(f"Decisions: {len(actions)} actions, user testing and co-planning picks.")
