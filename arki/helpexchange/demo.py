"""The Kainuu demo's help exchange: the year 2016 of Arjen pelastajat.

About 60 volunteers and 120 older people in the pilot municipalities, requests through the
year (by phone, web and proxy), tasks done with durations, experience answers, a few
requests that expired without a helper, "Laula kanssain" sing-alongs in Hyrynsalmi and IT
guidance at Klubitalo Tönäri in Kajaani. Everything goes through the services, so the demo
behaves like real use. Ranking uses the pure matching code with facts kept in memory (one
query per request would make the demo slow for no gain).
"""

from __future__ import annotations

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

from arki.core.enums import AgeBand, ConsentMethod, Role
from arki.core.models import Municipality

from . import services
from .enums import (
    EventKind,
    FeedbackChannel,
    IncidentSeverity,
    OrganisationKind,
    ProxyRelation,
    RequestChannel,
    SignupRole,
    TaskType,
)
from .facts import request_facts
from .matching import VolunteerFacts, rank
from .models import Organisation, Village
from .villages import seed_villages

TZ = ZoneInfo("Europe/Helsinki")
YEAR_START = datetime.datetime(2016, 1, 4, 9, 0, tzinfo=TZ)

FIRST_NAMES_YOUNG = [
    "Aino",
    "Eetu",
    "Emma",
    "Veeti",
    "Iida",
    "Onni",
    "Siiri",
    "Leevi",
    "Ella",
    "Niilo",
    "Venla",
    "Aleksi",
    "Pihla",
    "Joona",
    "Helmi",
    "Santeri",
    "Enni",
    "Elias",
    "Aada",
    "Lauri",
]
FIRST_NAMES_OLD = [
    "Aili",
    "Toivo",
    "Hilja",
    "Eino",
    "Martta",
    "Väinö",
    "Lyyli",
    "Tauno",
    "Saima",
    "Oiva",
    "Elli",
    "Reino",
    "Impi",
    "Veikko",
    "Tyyne",
    "Arvo",
]
SURNAMES = [
    "Heikkinen",
    "Korhonen",
    "Kemppainen",
    "Pulkkinen",
    "Huotari",
    "Karjalainen",
    "Tolonen",
    "Juntunen",
    "Seppänen",
    "Kinnunen",
    "Moilanen",
    "Komulainen",
    "Kyllönen",
    "Pikkarainen",
    "Oikarinen",
    "Väisänen",
]
STREETS = [
    "Koulutie",
    "Kirkkotie",
    "Rantatie",
    "Myllytie",
    "Kuusitie",
    "Koivukuja",
    "Pappilantie",
    "Särkiniementie",
    "Kauppatie",
    "Vaarantie",
]
DESCRIPTIONS = {
    TaskType.SHOPPING: [
        "Kauppakassin kantaminen lähikaupasta.",
        "Viikon ruokaostokset, lista valmiina.",
    ],
    TaskType.POST: [
        "Postin haku postilaatikolta, pitkä ja liukas tie.",
        "Paketin nouto asiamiespisteestä.",
    ],
    TaskType.WALK: [
        "Seuraa iltapäivän kävelylle kylätielle.",
        "Kävelykaveri, lenkki rauhalliseen tahtiin.",
    ],
    TaskType.IT_GUIDANCE: [
        "Tabletin käytön opastus: videopuhelu lapsenlapsille.",
        "Verkkopankin tunnusten ja sähköpostin neuvonta.",
    ],
    TaskType.HOME_CHORES: [
        "Talviverhojen vaihto kesäverhoihin.",
        "Mattojen tomutus ja kantaminen.",
    ],
    TaskType.ERRAND: ["Saattaja terveyskeskukseen.", "Seuraksi apteekkiin ja kirjastoon."],
    TaskType.OTHER: ["Lumitöitä portailta.", "Lintulaudan täyttö ja polttopuiden kanto."],
}
TASK_WEIGHTS = [
    (TaskType.SHOPPING, 26),
    (TaskType.POST, 14),
    (TaskType.WALK, 20),
    (TaskType.IT_GUIDANCE, 16),
    (TaskType.HOME_CHORES, 10),
    (TaskType.ERRAND, 9),
    (TaskType.OTHER, 5),
]
ORGANISATIONS = [
    ("205", "Kajaanin kaupunki", OrganisationKind.MUNICIPALITY, "standard"),
    ("205", "Nuorten Ystävät – Klubitalo Tönäri", OrganisationKind.NGO, "standard"),
    ("290", "Kuhmon seurakunta", OrganisationKind.PARISH, "standard"),
    ("105", "Kainuun Muistiyhdistys", OrganisationKind.NGO, "standard"),
    ("578", "Paltamon kunta", OrganisationKind.MUNICIPALITY, "standard"),
    ("697", "Ristijärven kunta", OrganisationKind.MUNICIPALITY, "standard"),
    ("765", "Sotkamon yläkoulu", OrganisationKind.SCHOOL, "strict"),
    ("777", "Suomussalmen kunta", OrganisationKind.MUNICIPALITY, "standard"),
]


def load_demo(ctx) -> None:
    process = ctx.process
    rng = ctx.rng
    coordinator = ctx.users["koordinaattori"]
    codes = {c for c, *_rest in ORGANISATIONS}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    seed_villages(Municipality, Village)  # idempotent; a flushed test database lacks them
    ctx.user(
        "koordinaattori.kuhmo",
        role=Role.COORDINATOR,
        label="Help coordinator (Kuhmo)",
        municipality=municipalities["290"],
    )
    organisations: dict[str, Organisation] = {}
    for code, name, kind, policy in ORGANISATIONS:
        organisations.setdefault(
            code,
            services.organisation_create(
                process=process,
                name=name,
                kind=kind,
                municipality=municipalities[code],
                safety_policy=policy,
                by=coordinator,
            ),
        )
    villages = {
        code: list(Village.objects.filter(municipality=m)) for code, m in municipalities.items()
    }
    weights = [2 if code == "205" else 1 for code in villages]

    def place():
        code = rng.choices(list(villages), weights)[0]
        # Most people live in or near the municipal centre (the first village listed).
        options = villages[code]
        return code, rng.choices(options, [4] + [1] * (len(options) - 1))[0]

    volunteers = _volunteers(ctx, organisations, place, coordinator)
    recipients = _recipients(ctx, place, coordinator)
    _requests(ctx, recipients, volunteers, coordinator)
    _events(ctx, organisations, villages, volunteers, recipients, coordinator)
    for volunteer in volunteers[:3]:
        services.certificate_issue(volunteer=volunteer, by=coordinator)
    _link_resident(ctx, recipients, coordinator)
    ctx.log(f"    {len(volunteers)} volunteers, {len(recipients)} older people")


def _link_resident(ctx, recipients, coordinator) -> None:
    """The demo resident ("asukas") acts as the proxy of one older person (consent given
    in person), so that "Ask for help" works on the web in the demo."""
    resident = ctx.users.get("asukas")
    proxy = next((p for r in recipients for p in r.proxies.all() if p.user_id is None), None)
    if resident is None or proxy is None:
        return
    services.account_link(
        recipient=proxy.recipient,
        email=resident.email,
        proxy=proxy,
        consent=True,
        consent_method=ConsentMethod.IN_PERSON,
        consent_given_on=datetime.date(2016, 1, 11),
        by=coordinator,
    )


def _name(rng, first_names) -> str:
    return f"{rng.choice(first_names)} {rng.choice(SURNAMES)}"


def _volunteers(ctx, organisations, place, coordinator):
    rng = ctx.rng
    volunteers = []
    for i in range(60):
        code, village = place()
        adult = i % 5 == 0  # some adults: students, retirees who go with the young
        born = datetime.date(
            rng.randint(1950, 1996) if adult else rng.randint(1998, 2002),
            rng.randint(1, 12),
            rng.randint(1, 28),
        )
        volunteer = services.volunteer_register(
            process=ctx.process,
            organisation=organisations[code],
            full_name=_name(rng, FIRST_NAMES_YOUNG),
            date_of_birth=born,
            village=village,
            skills=rng.sample([t for t, _w in TASK_WEIGHTS], 3),
            weekdays=sorted(rng.sample(range(7), rng.randint(2, 5))),
            max_km=rng.choice([20, 30, 40, 60]),
            user=ctx.users["vapaaehtoinen"] if i == 1 else None,
            by=coordinator,
            today=YEAR_START.date(),
        )
        given_on = datetime.date(2016, 1, rng.randint(5, 25))
        minor = volunteer.age(given_on) < 18
        services.volunteer_consent_record(
            volunteer=volunteer,
            given_on=given_on,
            method=ConsentMethod.PAPER,
            guardian_name=f"{rng.choice(FIRST_NAMES_OLD)} {volunteer.person.full_name.split()[1]}"
            if minor
            else "",
            by=coordinator,
        )
        if i % 20 != 19:  # a few are still waiting for training at the end of the year
            services.volunteer_mark_trained(volunteer=volunteer, by=coordinator)
            services.volunteer_activate(
                volunteer=volunteer,
                by=coordinator,
                now=datetime.datetime.combine(given_on, datetime.time(12), TZ),
            )
            volunteers.append(volunteer)
    return volunteers


def _recipients(ctx, place, coordinator):
    rng = ctx.rng
    recipients = []
    for i in range(120):
        _code, village = place()
        recipient = services.recipient_create(
            process=ctx.process,
            village=village,
            full_name=_name(rng, FIRST_NAMES_OLD),
            age_band=rng.choice([AgeBand.Y65_74, AgeBand.Y75_84, AgeBand.Y75_84, AgeBand.Y85]),
            phone=f"040 000 {i:04d}" if i % 3 else "",
            address=f"{rng.choice(STREETS)} {rng.randint(1, 40)}",
            notes_for_helper=rng.choice(
                ["", "", "Kuulee huonosti, soita ovikelloa pitkään.", "Liikkuu rollaattorilla."]
            ),
            by=coordinator,
        )
        if i % 6 == 0:
            services.proxy_add(
                recipient=recipient,
                name=_name(rng, FIRST_NAMES_YOUNG),
                relation=ProxyRelation.RELATIVE,
                phone=f"050 000 {i:04d}",
                by=coordinator,
            )
        recipients.append(recipient)
    return recipients


def _facts(volunteers, helped, load):
    return [
        VolunteerFacts(
            id=v.pk,
            lat=v.village.latitude,
            lon=v.village.longitude,
            age=v.age(datetime.date(2016, 6, 1)),
            weekdays=frozenset(v.weekdays),
            skills=frozenset(v.skills),
            max_km=float(v.max_km),
            load=load[v.pk],
            helped=dict(helped[v.pk]),
        )
        for v in volunteers
    ]


def _requests(ctx, recipients, volunteers, coordinator):
    """About 600 requests through 2016; most get a helper, some are unmet."""
    rng = ctx.rng
    by_id = {v.pk: v for v in volunteers}
    helped = {v.pk: Counter() for v in volunteers}
    load = Counter()
    tasks = [t for t, _w in TASK_WEIGHTS]
    task_weights = [w for _t, w in TASK_WEIGHTS]
    for week in range(52):
        facts = _facts(volunteers, helped, load)
        load.clear()
        for _n in range(rng.randint(9, 14)):
            recipient = rng.choice(recipients)
            task_type = rng.choices(tasks, task_weights)[0]
            day = YEAR_START + datetime.timedelta(weeks=week, days=rng.randint(0, 4))  # Mon–Fri
            created = day - datetime.timedelta(days=rng.randint(1, 4))
            flexible = rng.random() < 0.2
            help_request = services.request_create(
                process=ctx.process,
                recipient=recipient,
                task_type=task_type,
                description=rng.choice(DESCRIPTIONS[task_type]),
                channel=rng.choices(
                    [RequestChannel.PHONE, RequestChannel.WEB, RequestChannel.PROXY], [6, 2, 2]
                )[0],
                flexible=flexible,
                window_start=None if flexible else day,
                window_end=None if flexible else day + datetime.timedelta(hours=4),
                by=coordinator,
                now=created,
            )
            ranked = rank(request_facts(help_request), facts, help_request.policy, limit=8)
            alone = [r for r in ranked if not r.needs_partner]
            if rng.random() < 0.04 or not ranked or (not alone and len(ranked) < 2):
                continue  # left for expiry: unmet demand
            if not alone:  # young volunteers go into a home in pairs
                pair = [by_id[r.volunteer_id] for r in ranked[:2]]
                services.assignment_confirm(
                    help_request=help_request, volunteers=pair, by=coordinator, now=created
                )
                assignments = list(help_request.assignments.all())
            elif rng.random() < 0.3:
                choice = alone[0]
                services.assignment_confirm(
                    help_request=help_request,
                    volunteers=[by_id[choice.volunteer_id]],
                    by=coordinator,
                    now=created,
                )
                assignments = list(help_request.assignments.all())
            else:
                choice = alone[0] if rng.random() < 0.7 else rng.choice(alone)
                offer = services.assignment_offer(
                    help_request=help_request,
                    volunteers=[by_id[choice.volunteer_id]],
                    by=None,
                    manual=False,
                )[0]
                assignments = [services.assignment_accept(assignment=offer, now=created)]
            for assignment in assignments:
                services.assignment_complete(
                    assignment=assignment,
                    duration_minutes=rng.choice([30, 45, 60, 60, 90, 120]),
                    now=day + datetime.timedelta(hours=2),
                    send_feedback_request=False,
                )
                helped[assignment.volunteer_id][recipient.pk] += 1
                load[assignment.volunteer_id] += 1
            if rng.random() < 0.7:
                help_request.refresh_from_db()
                services.feedback_record(
                    help_request=help_request,
                    answer=rng.choices([3, 2, 1], [70, 22, 8])[0],
                    channel=rng.choice(list(FeedbackChannel.values)),
                    by=coordinator,
                )
    services.requests_expire(process=ctx.process, now=datetime.datetime(2017, 1, 2, tzinfo=TZ))
    services.incident_report(
        process=ctx.process,
        severity=IncidentSeverity.LOW,
        by=coordinator,
        description="Liukas piha: vapaaehtoinen kaatui, ei vammoja. Hiekoitus pyydetty kunnalta.",
    )
    _open_requests_now(ctx, recipients, coordinator)


def _open_requests_now(ctx, recipients, coordinator):
    """A few open requests dated today, so the coordinator's ranking has work to show."""
    for recipient, task_type in zip(
        recipients[:5],
        [
            TaskType.SHOPPING,
            TaskType.WALK,
            TaskType.IT_GUIDANCE,
            TaskType.POST,
            TaskType.HOME_CHORES,
        ],
        strict=True,
    ):
        services.request_create(
            process=ctx.process,
            recipient=recipient,
            task_type=task_type,
            description=DESCRIPTIONS[task_type][0],
            flexible=True,
            channel=RequestChannel.PHONE,
            by=coordinator,
        )


def _events(ctx, organisations, villages, volunteers, recipients, coordinator):
    rng = ctx.rng
    plans = [
        (
            "105",
            EventKind.SINGALONG,
            ("Laula kanssain", "Sjung med mig", "Sing with me"),
            ("Hyrynsalmen koulun juhlasali", "Hyrynsalmi skolas festsal", "Hyrynsalmi school hall"),
            (
                "Kuudesluokkalaiset ja ikäihmiset yhdessä: aivojumppaa ja laulua.",
                "Sjätteklassare och äldre tillsammans: hjärngympa och sång.",
                "Sixth-graders and older people together: brain exercises and singing.",
            ),
            10,
        ),
        (
            "205",
            EventKind.IT_SESSION,
            (
                "Tietotekniikkaopastus Tönärillä",
                "IT-handledning på Tönäri",
                "IT guidance at Tönäri",
            ),
            ("Klubitalo Tönäri", "Klubbhuset Tönäri", "Tönäri clubhouse"),
            (
                "Oma laite mukaan, nuoret neuvovat.",
                "Ta med din egen apparat, de unga hjälper.",
                "Bring your own device; young people show you how.",
            ),
            8,
        ),
    ]
    for code, kind, titles, places, descriptions, count in plans:
        village = villages[code][0]
        for n in range(count):
            numbered = [f"{title} {n + 1}/{count}" for title in titles]
            event = services.event_create(
                process=ctx.process,
                organisation=organisations[code],
                kind=kind,
                title=numbered[0],
                title_sv=numbered[1],
                title_en=numbered[2],
                village=village,
                place=places[0],
                place_sv=places[1],
                place_en=places[2],
                starts_at=datetime.datetime(2016, 2 + n, 10, 13, 0, tzinfo=TZ),
                description=descriptions[0],
                description_sv=descriptions[1],
                description_en=descriptions[2],
                by=coordinator,
            )
            young = rng.sample(volunteers, 5)
            old = rng.sample(recipients, 8)
            signups = [
                services.event_signup(event=event, person=v.person, role=SignupRole.YOUNG)
                for v in young
            ]
            signups += [
                services.event_signup(event=event, person=r.person, role=SignupRole.OLDER)
                for r in old
            ]
            services.event_attendance_record(
                event=event,
                attended_ids={s.pk for s in signups if rng.random() < 0.85},
            )
