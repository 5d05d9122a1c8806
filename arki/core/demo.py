"""The Kainuu demo: the core builds the process; every tool adds its part via the registry."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from .enums import GroupKind, Role
from .kainuu import PILOT_CODES
from .kainuu import REGION as KAINUU_REGION
from .models import Municipality, Process, Region, User
from .registry import registry

DEMO_SLUG = "kainuu"
DEMO_PASSWORD = "arki-demo-2014"
FIRST_WORKSHOP = datetime.date(2014, 6, 12)


@dataclass
class DemoContext:
    log: Callable[[str], None]
    rng: random.Random = field(default_factory=lambda: random.Random(2014))
    process: Process | None = None
    users: dict[str, User] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)

    def user(
        self,
        username: str,
        *,
        role: str | None,
        label: str,
        first_name: str = "",
        last_name: str = "",
        municipality: Municipality | None = None,
        superuser: bool = False,
    ) -> User:
        """Create a demo user with the shared demo password, a role, and a printed log-in."""
        from .services.people import role_assign

        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@demo.arki.invalid",
            is_staff=superuser,
            is_superuser=superuser,
        )
        if role is not None:
            role_assign(user=user, role=role, process=self.process, municipality=municipality)
        self.users[username] = user
        self.logins.append((label, username))
        return user


def demo_exists() -> bool:
    return Process.objects.filter(slug=DEMO_SLUG).exists()


def demo_remove() -> None:
    """Delete the demo process and demo users (for `arki demo --reset`)."""
    with transaction.atomic():
        Process.objects.filter(slug=DEMO_SLUG).delete()
        User.objects.filter(email__endswith="@demo.arki.invalid").delete()


def demo_load(log: Callable[[str], None] = print) -> DemoContext:
    """Run every registered demo step in order, in one transaction."""
    ctx = DemoContext(log=log)
    with transaction.atomic():
        for tool_name, step in registry.demo_steps():
            log(f"  demo: {tool_name}")
            step.load(ctx)
    return ctx


# Participant figures and results of the brief, by workshop position.
WORKSHOP_FACTS: dict[int, dict[str, object]] = {
    1: {
        "participant_count": 160,
        "place": "Kajaanin kaupungintalo",
        "place_sv": "Kajana stadshus",
        "place_en": "Kajaani City Hall",
        "results_summary": (
            "Noin 160 nuorta ja ikäihmistä seitsemästä kunnasta täytti palvelukartan; "
            "110 palautti viikon palvelupäiväkirjan."
        ),
        "results_summary_sv": (
            "Cirka 160 unga och äldre i sju kommuner fyllde i en servicekarta; "
            "110 lämnade in en servicedagbok för en vecka."
        ),
        "results_summary_en": (
            "About 160 young and older people in seven municipalities filled a service map; "
            "110 returned a one-week service diary."
        ),
    },
    2: {
        "participant_count": 150,
        "place": "Kunnantalot",
        "place_sv": "Kommunhusen",
        "place_en": "The municipal offices",
        "results_summary": (
            "Noin 150 päättäjää ja palveluntuottajaa teki asiakasprofiileista "
            "empatiakartat, palvelukaaviot ja liiketoimintamallit."
        ),
        "results_summary_sv": (
            "Cirka 150 beslutsfattare och serviceproducenter gjorde empatikartor, "
            "serviceritningar och affärsmodeller utifrån kundprofilerna."
        ),
        "results_summary_en": (
            "About 150 decision-makers and providers made empathy maps, service blueprints "
            "and business model canvases for the customer profiles."
        ),
    },
    3: {
        "place": "Kunnantalot",
        "place_sv": "Kommunhusen",
        "place_en": "The municipal offices",
        "results_summary": (
            "Hyvinvointiseteleillä ostettiin eniten terveyspalveluja, sitten liikunta-, "
            "muita ja kulttuuri- ja koulutuspalveluja. Keskustelussa nousi esiin liikenne."
        ),
        "results_summary_sv": (
            "Med välfärdssedlarna köptes mest hälsotjänster, sedan motions-, andra samt "
            "kultur- och utbildningstjänster. Diskussionen lyfte fram trafiken."
        ),
        "results_summary_en": (
            "Welfare vouchers bought health services first, then sports and exercise, other "
            "services, and culture and education. The discussion raised transport."
        ),
    },
    4: {
        "participant_count": 32,
        "place": "Kajaani, yhteinen talvipäivä",
        "place_sv": "Kajana, gemensam vinterdag",
        "place_en": "Kajaani, a joint winter day",
        "results_summary": (
            "Yli 30 osallistujaa kahdeksassa ryhmässä: ongelmat, ideat ja parhaat ideat "
            "kullekin profiilille."
        ),
        "results_summary_sv": (
            "Över 30 deltagare i åtta grupper: problem, idéer och de bästa idéerna för "
            "varje profil."
        ),
        "results_summary_en": (
            "Over 30 participants in eight groups: problems, ideas and the best ideas for "
            "each profile."
        ),
    },
    5: {
        "participant_count": 17,
        "place": "Kajaani",
        "place_sv": "Kajana",
        "place_en": "Kajaani",
        "results_summary": (
            "Päättäjät äänestivät kriteereistä: yhteisöllisyys (17), kohderyhmä ja sen "
            "tarpeet (16), monituottajamalli (12)."
        ),
        "results_summary_sv": (
            "Beslutsfattarna röstade om kriterier: gemenskap (17), målgruppen och dess "
            "behov (16), flerproducentmodell (12)."
        ),
        "results_summary_en": (
            "Decision-makers voted on criteria: communality (17), the target group and its "
            "needs (16), a multi-producer model (12)."
        ),
    },
    6: {
        "place": "Kajaani",
        "place_sv": "Kajana",
        "place_en": "Kajaani",
        "results_summary": "Pilotoitavaksi konseptiksi valittiin Arjen pelastajat.",
        "results_summary_sv": "Arjen pelastajat valdes som koncept att pilotera.",
        "results_summary_en": "Arjen pelastajat was chosen as the concept to pilot.",
    },
}


def _demo_sittings(workshop, municipalities, facilitator) -> None:
    """Workshop 1 as the seed ran it: Kajaani's pioneer summer day, then an autumn sitting
    in each of the other pilot municipalities, one week apart."""
    from .services.processes import sitting_create

    def at(day: datetime.date, hour: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=datetime.UTC)

    kajaani = next(m for m in municipalities if m.code == "205")
    sitting_create(
        workshop=workshop,
        municipality=kajaani,
        place="Kajaanin kaupungintalo",
        place_sv="Kajana stadshus",
        place_en="Kajaani City Hall",
        starts_at=at(workshop.date, 9),
        ends_at=at(workshop.date, 15),
        facilitator=facilitator,
        how_to_take_part="Avoin kaikille: tule paikalle, ilmoittautumista ei tarvita.",
        how_to_take_part_sv="Öppet för alla: kom på plats, ingen anmälan behövs.",
        how_to_take_part_en="Open to all: just come, no need to sign up.",
        by=facilitator,
    )
    autumn = workshop.date + datetime.timedelta(days=84)
    others = [m for m in municipalities if m.code != "205"]
    for week, municipality in enumerate(others):
        day = autumn + datetime.timedelta(days=7 * week)
        sitting_create(
            workshop=workshop,
            municipality=municipality,
            place="Pääkirjasto",
            place_sv="Huvudbiblioteket",
            place_en="Main library",
            starts_at=at(day, 14),
            ends_at=at(day, 17),
            facilitator=facilitator,
            how_to_take_part="Ilmoittaudu kunnan yhteyshenkilölle tai tule paikalle.",
            how_to_take_part_sv="Anmäl dig till kommunens kontaktperson eller kom på plats.",
            how_to_take_part_en="Sign up with the municipality's contact person or just come.",
            by=facilitator,
        )


def load_core_demo(ctx: DemoContext) -> None:
    from .process_templates import KAINUU
    from .services.processes import (
        group_member_add,
        meeting_create,
        process_create_from_template,
        task_create,
        workshop_publish,
        workshop_update,
    )

    region = Region.objects.get(code=KAINUU_REGION["code"])
    municipalities = list(Municipality.objects.filter(code__in=PILOT_CODES).order_by("name"))
    ctx.user("yllapitaja", role=None, label="Administrator", superuser=True)
    ctx.process = process_create_from_template(
        template=KAINUU.key,
        name="Lähipalvelut asukaslähtöisesti – Kainuu 2014–2016",
        slug=DEMO_SLUG,
        region=region,
        municipalities=municipalities,
        first_workshop_on=FIRST_WORKSHOP,
        is_public=True,
        description=(
            "Kuntaliiton ja Kainuun sote-kuntayhtymän asiakaslähtöinen lähipalveluiden "
            "kehittämisen prosessi seitsemässä kainuulaisessa kunnassa."
        ),
    )
    process = ctx.process
    process.name_sv = "Närservice med invånarna – Kajanaland 2014–2016"
    process.name_en = "Resident-driven local services – Kainuu 2014–2016"
    process.description_sv = (
        "Kommunförbundets och Kajanalands social- och hälsovårdssamkommuns process för "
        "kundorienterad utveckling av närservice i sju kommuner i Kajanaland."
    )
    process.description_en = (
        "The customer-driven local services development process of the Association of "
        "Finnish Municipalities and the Kainuu joint authority in seven municipalities."
    )
    process.save()

    from .services.people import role_assign

    by_name = {m.name: m for m in municipalities}
    admin = ctx.users["yllapitaja"]
    role_assign(user=admin, role=Role.ADMIN)
    ctx.user("fasilitaattori", role=Role.FACILITATOR, label="Facilitator", first_name="Fanni")
    ctx.user("suunnittelija", role=Role.PLANNING, label="Planning-group member")
    ctx.user(
        "yhteys.kuhmo",
        role=Role.CONTACT,
        label="Contact person (Kuhmo)",
        municipality=by_name["Kuhmo"],
    )
    ctx.user(
        "yhteys.sotkamo",
        role=Role.CONTACT,
        label="Contact person (Sotkamo)",
        municipality=by_name["Sotkamo"],
    )
    ctx.user("analyytikko", role=Role.ANALYST, label="Analyst")
    ctx.user("analyytikko2", role=Role.ANALYST, label="Analyst (second coder)")
    ctx.user("paattaja", role=Role.DECISION_MAKER, label="Decision-maker")
    ctx.user("asukas", role=Role.RESIDENT, label="Resident")
    ctx.user("vapaaehtoinen", role=Role.VOLUNTEER, label="Volunteer")
    ctx.user("koordinaattori", role=Role.COORDINATOR, label="Help coordinator")

    facilitator = ctx.users["fasilitaattori"]
    for name, organisation, title, title_sv, title_en in [
        (
            "Fanni Fasilitaattori",
            "Kuntaliitto",
            "Prosessinkehittäjä",
            "Processutvecklare",
            "Process developer",
        ),
        (
            "Tuomas Tutkija",
            "Tampereen yliopisto",
            "Yliopiston edustaja",
            "Universitetets representant",
            "University representative",
        ),
        (
            "Maria Muotoilija",
            "Palvelumuotoilutoimisto",
            "Palvelumuotoilija",
            "Tjänstedesigner",
            "Service designer",
        ),
    ]:
        group_member_add(
            process=process,
            group=GroupKind.PROJECT,
            name=name,
            organisation=organisation,
            title=title,
            title_sv=title_sv,
            title_en=title_en,
            user=facilitator if name.startswith("Fanni") else None,
        )
    first_names = ["Anna", "Pekka", "Liisa", "Jari", "Sari", "Timo", "Helena"]
    contacts = {}
    for first, municipality in zip(first_names, municipalities, strict=True):
        slug = municipality.name.lower().replace("ä", "a")
        contacts[municipality.pk] = group_member_add(
            process=process,
            group=GroupKind.PLANNING,
            name=f"{first} {municipality.name}lainen",
            organisation=f"{municipality.name}n kunta",
            title="Hyvinvointikoordinaattori",
            title_sv="Välfärdskoordinator",
            title_en="Wellbeing coordinator",
            municipality=municipality,
            is_contact_person=True,
            work_email=f"yhteys@{slug}.demo.invalid",
            work_phone="044 000 0000",
            user=ctx.users.get(f"yhteys.{slug}"),
        )
    group_member_add(
        process=process,
        group=GroupKind.PLANNING,
        name="Kaisa Kuntayhtymä",
        organisation="Kainuun sote-kuntayhtymä",
        title="Kehittämispäällikkö",
        title_sv="Utvecklingschef",
        title_en="Development manager",
    )

    from .enums import TaskStatus
    from .services.processes import task_set_status

    for workshop in process.workshops.order_by("position"):
        assert workshop.date is not None  # the template dates every workshop
        facts = WORKSHOP_FACTS.get(workshop.position, {})
        if workshop.position == 1:
            facts = {**facts, "municipality": by_name["Kajaani"]}
        if facts:
            workshop_update(workshop=workshop, by=facilitator, **facts)
        if workshop.position == 1:
            _demo_sittings(workshop, municipalities, facilitator)
        if workshop.position in WORKSHOP_FACTS:
            published_at = datetime.datetime.combine(
                workshop.date + datetime.timedelta(days=10),
                datetime.time(12, 0),
                tzinfo=datetime.UTC,
            )
            workshop_publish(workshop=workshop, by=facilitator, at=published_at)
        meeting = meeting_create(
            process=process,
            workshop=workshop,
            date=workshop.date - datetime.timedelta(days=21),
            groups=[GroupKind.PROJECT, GroupKind.PLANNING],
            place="Kajaani / Skype",
            agenda=f"Työpajan {workshop.position} valmistelu: {workshop.title}",
            review_notes=(
                "Edellisen työpajan tulosten läpikäynti." if workshop.position > 1 else ""
            ),
            by=facilitator,
        )
        contact = contacts[ctx.rng.choice(list(contacts))]
        task_create(
            meeting=meeting,
            title="Tilavaraus ja kahvitus",
            owner=contact,
            due_on=workshop.date - datetime.timedelta(days=7),
            by=facilitator,
        )
        press = task_create(
            meeting=meeting,
            title="Tiedote paikallislehteen",
            owner=contact,
            due_on=workshop.date - datetime.timedelta(days=10),
            by=facilitator,
        )
        task_set_status(task=press, status=TaskStatus.DONE, by=facilitator)
