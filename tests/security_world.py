"""The world the security matrix probes: one process with a row of every kind a URL can name,
built through the apps' own services and test factories, and one user per role.

Identities are planted with values that cannot occur by chance (`PLANTED`), so a response
that contains one really shows a person's name, contact details, street address or access
code.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

#: Values planted in the participant the staff pages are about (Kajaani).
PLANTED = {
    "full_name": "Ulla Urkkilä-Salainen",
    "email": "ulla.salainen@example.invalid",
    "phone": "+358 40 765 4321",
}
ADDRESS = "Piilokuja 13 C 37"

#: The roles every URL is probed with. "contact" is the contact person of Kuhmo, another
#: municipality than the planted people's (Kajaani); "participant" is a resident who also
#: volunteers and acts as a proxy.
ROLES = ("anonymous", "participant", "analyst", "contact", "facilitator", "coordinator", "admin")


@dataclass
class World:
    process: Any
    users: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)


def build_world() -> World:
    from arki.analysis import services as analysis_services
    from arki.analysis.models import Coding
    from arki.analysis.tests import factories as analysis_factories
    from arki.budgeting import services as budgeting_services
    from arki.budgeting.tests.factories import join, make_round
    from arki.core.enums import GroupKind, JobStatus, Role
    from arki.core.kainuu import PILOT_CODES, seed_kainuu
    from arki.core.models import Job, LiveQuestion, Municipality, OutboxMessage, Region, User
    from arki.core.services import live as live_services
    from arki.core.services.people import role_assign
    from arki.core.services.processes import (
        meeting_create,
        process_create_from_template,
        sitting_create,
        task_create,
    )
    from arki.helpexchange import services as help_services
    from arki.helpexchange.models import Village
    from arki.helpexchange.services.links import ASSIGNMENT_SALT, FEEDBACK_SALT, _sign
    from arki.helpexchange.tests import factories as help_factories
    from arki.helpexchange.villages import seed_villages
    from arki.insight.demo import ensure_catalogue
    from arki.insight.kits import kit_pdf
    from arki.insight.selectors import insight_workshop
    from arki.site.tests.factories import GroupMemberFactory, NewsPostFactory

    seed_kainuu(Region, Municipality)
    seed_villages(Municipality, Village)
    ensure_catalogue()
    municipalities = {m.name: m for m in Municipality.objects.all()}
    kajaani, kuhmo = municipalities["Kajaani"], municipalities["Kuhmo"]
    process = process_create_from_template(
        template="kainuu-2014-2016",
        name="Turvamatriisi",
        slug="matriisi",
        region=Region.objects.get(code="20"),
        municipalities=list(Municipality.objects.filter(code__in=PILOT_CODES)),
        first_workshop_on=datetime.date(2014, 6, 12),
        is_public=True,
    )

    def user(name: str, *grants: tuple[str, Any]) -> User:
        account = User.objects.create_user(username=name, password="pw-for-tests-1")
        for role, municipality in grants:
            scope = None if role == Role.ADMIN else process
            role_assign(user=account, role=role, process=scope, municipality=municipality)
        return account

    users: dict[str, Any] = {
        "anonymous": None,
        "participant": user("asukas", (Role.RESIDENT, None), (Role.VOLUNTEER, None)),
        "analyst": user("analyytikko", (Role.ANALYST, None)),
        "contact": user("kuhmo", (Role.CONTACT, kuhmo)),
        "facilitator": user("fasilitaattori", (Role.FACILITATOR, None)),
        "coordinator": user("koordinaattori", (Role.COORDINATOR, None)),
        "admin": user("yllapitaja", (Role.ADMIN, None)),
    }
    facilitator = users["facilitator"]
    o: dict[str, Any] = {}

    # Insight and analysis: two returned diaries (the first is the planted person's), codes,
    # a coding, a memo, a redaction, a clustering run with a group and a persona.
    first = analysis_factories.diary(process, kajaani, did_today="Kävin kaupassa. Olin yksin.")
    first.person.full_name = PLANTED["full_name"]
    first.person.email = PLANTED["email"]
    first.person.phone = PLANTED["phone"]
    first.person.save()
    second = analysis_factories.diary(process, kuhmo, did_today="Bussi ei kulje. Olin kotona.")
    codes = analysis_factories.codes(process)
    analysis_services.assignments_distribute(
        participants=[first, second],
        analysts=[users["analyst"], facilitator],
        per_diary=2,
        by=facilitator,
    )
    day = first.days.get(day=1)
    analysis_factories.code_sentences(users["analyst"], day, next(iter(codes.values())))
    o["person"] = first.person
    o["diary_key"] = f"{day.pk}-did_today"  # an answer to code: "<day id>-<field>"
    o["coding"] = Coding.objects.filter(coder=users["analyst"]).first()
    o["memo"] = analysis_services.memo_add(person=first.person, author=facilitator, text="Muistio")
    o["redaction"] = analysis_services.redaction_add(
        day=day, field="did_today", start=0, end=5, by=facilitator
    )
    run = analysis_services.cluster_run_create(process=process, method="ward", by=None)
    o["run"] = run
    o["cluster"] = run.clusters.first()
    o["persona"] = analysis_services.persona_create(
        process=process, cluster=o["cluster"], name="Yksin", by=None
    )

    # Core: a local sitting of workshop 1 in Kajaani.
    o["sitting"] = sitting_create(
        workshop=process.workshops.get(position=1),
        municipality=kajaani,
        place="Kaupungintalo",
        starts_at=timezone.make_aware(datetime.datetime(2014, 6, 12, 17)),
        how_to_take_part="Tervetuloa",
    )

    # Core: a failed invitation to the planted person (the staff messages page's retry).
    o["outbox_message"] = OutboxMessage.objects.create(
        process=process,
        key=f"sitting-invitation:{o['sitting'].pk}",
        kind="core.invitation",
        person=first.person,
        channel="email",
        language="fi",
        subject="Kutsu",
        body="Tervetuloa",
        status="failed",
        reason="gave_up",
    )

    # Core: a planning meeting with a task; a finished paper-kit job with its file.
    o["meeting"] = meeting_create(
        process=process, date=datetime.date(2014, 6, 1), groups=[GroupKind.PLANNING]
    )
    o["task"] = task_create(meeting=o["meeting"], title="Varaa tila")
    job = Job.objects.create(
        kind="insight.paper_kits",
        params={"process": process.pk},
        status=JobStatus.DONE,
        created_by=facilitator,
    )
    pdf = kit_pdf([first.person], insight_workshop(process), large_print=False)
    job.result_file.save(f"kits-{job.pk}.pdf", ContentFile(pdf))
    o["job"] = job
    o["export_job"] = Job.objects.create(
        kind="insight.export",
        params={"process": process.pk, "kind": "diaries", "fmt": "csv"},
        status=JobStatus.DONE,
        created_by=facilitator,
    )
    o["export_job"].result_file.save(
        "export.csv", ContentFile(b"code\n" + first.person.code.encode())
    )
    o["import_job"] = Job.objects.create(
        kind="insight.import",
        params={"process": process.pk},
        status=JobStatus.FAILED,
        created_by=facilitator,
    )
    o["service_use"] = first.service_uses.first()

    # Live workshop and budgeting: a round running in an open session, two seats, a gift,
    # a paper tally; a quick poll in the same session.
    round_, session, activity = make_round(process, facilitator)
    o["round"], o["session"], o["budget_activity"] = round_, session, activity
    o["item"] = round_.items.first()
    giver, receiver = join(session), join(session)
    o["gift"] = budgeting_services.voucher_gift(
        round_=round_, giver=giver, receiver=receiver, vouchers=1
    )
    o["tally"] = budgeting_services.tally_save(
        round_=round_, table="Pöytä 1", ballots=1, counts={o["item"].pk: 5}, by=facilitator
    )
    o["poll"] = live_services.activity_add(
        session=session,
        kind="core.poll",
        title="Kysely",
        config={"question": "Sopiiko?", "choices": ["Kyllä", "Ei"], "multiple": False},
        by=facilitator,
    )
    # A Q&A in the same session with one shown question (moderation and up-vote pages).
    o["qa"] = live_services.activity_add(
        session=session,
        kind="core.qa",
        title="Kysy",
        config={"title": "Kysy", "moderated": False},
        by=facilitator,
    )
    live_services.activity_set_state(activity=o["qa"], state="open", by=facilitator)
    o["question"] = LiveQuestion.objects.create(
        activity=o["qa"], seat=giver, text="Milloin?", state="approved", channel="online"
    )

    # Canvases: an empathy map in the same session, a seat at its first table, one card.
    from arki.canvases import services as canvas_services

    o["canvas_activity"] = live_services.activity_add(
        session=session,
        kind="canvases.empathy_map",
        title="Empatiakartta",
        config={"title": "Empatiakartta", "groups": ["Eino, 78"]},
        by=facilitator,
    )
    live_services.activity_set_state(activity=o["canvas_activity"], state="open", by=facilitator)
    o["canvas"] = canvas_services.canvas_join(
        activity=o["canvas_activity"], seat=join(session), group=1
    )
    o["card"] = canvas_services.card_add(
        canvas=o["canvas"], zone="pains", text="Portaat", by=facilitator
    )

    # Decisions, concept workshop (dconcept): a table of the session's workshop with a picked
    # problem, its best idea, the problems stage open with a seat at the table; a concept.
    from arki.decisions.services import concept as concept_services

    o["concept_group"] = concept_services.group_create(
        workshop=session.workshop, number=1, label="Ryhmä", by=facilitator
    )
    o["concept_activity"] = live_services.activity_add(
        session=session,
        kind="decisions.problems",
        title="Ongelmat",
        config={"title": "Ongelmat"},
        by=facilitator,
    )
    live_services.activity_set_state(activity=o["concept_activity"], state="open", by=facilitator)
    concept_services.group_join(activity=o["concept_activity"], seat=join(session), number=1)
    o["concept_problem"] = concept_services.problem_add(
        group=o["concept_group"], text="Kaverien puute", by=facilitator
    )
    concept_services.problem_pick(problem=o["concept_problem"], picked=True, by=facilitator)
    o["concept_idea"] = concept_services.idea_best(
        idea=concept_services.idea_add(
            problem=o["concept_problem"], text="Nuoret auttavat", by=facilitator
        ),
        by=facilitator,
    )
    o["concept"] = concept_services.concept_create(
        process=process, name="Arjen pelastajat", ideas=[o["concept_idea"]], by=facilitator
    )

    # Help exchange: an older person (with the planted address) whose proxy is the
    # participant, an open request, a minor volunteer with an offer, the participant's own
    # volunteer profile, a certificate, an event with a sign-up, an incident.
    recipient = help_factories.recipient(
        process, name="Aino Apua-Tarvitseva", address=ADDRESS, phone="+358 44 909 1234"
    )
    help_services.proxy_add(
        recipient=recipient, name="Pirjo Proxy", relation="relative", user=users["participant"]
    )
    o["recipient"] = recipient
    o["help_request"] = help_factories.help_request(process, recipient)
    minor = help_factories.active_volunteer(process, age=15, name="Mikko Alaikäinen")
    help_factories.active_volunteer(
        process, age=40, name="Veera Vapaaehtoinen", user=users["participant"]
    )
    o["volunteer"] = minor
    (assignment,) = help_services.assignment_offer(
        help_request=o["help_request"], volunteers=[minor], by=facilitator
    )
    o["help_assignment"] = assignment
    o["task_token"] = _sign(assignment.token, ASSIGNMENT_SALT)
    o["feedback_token"] = _sign(o["help_request"].token, FEEDBACK_SALT)
    o["calendar_secret"] = help_services.volunteer_calendar_new(volunteer=minor, by=None)
    o["certificate"] = help_services.certificate_issue(volunteer=minor, by=facilitator)
    o["event"] = help_factories.event(process, kajaani)
    help_services.event_signup(event=o["event"], person=recipient.person, role="older")
    o["incident"] = help_services.incident_report(
        process=process, severity="low", description="Liukas piha", help_request=o["help_request"]
    )

    # Decisions (dcriteria): a criteria vote in the same session with one chosen criterion,
    # a concept selection of two concepts and its recorded decision.
    from arki.decisions.models import Concept
    from arki.decisions.services import criteria as criteria_services
    from arki.decisions.services import selection as selection_services

    o["criteria_activity"] = live_services.activity_add(
        session=session,
        kind="decisions.criteria_vote",
        title="Kriteerit",
        config={"title": "Kriteerit", "participants_propose": True},
        by=facilitator,
    )
    criterion = criteria_services.criterion_propose(
        activity=o["criteria_activity"], text="Lähipalvelu", by=facilitator
    )
    criteria_services.criteria_choose(
        activity=o["criteria_activity"], chosen=[criterion.pk], by=facilitator
    )
    concepts = [Concept.objects.create(process=process, name=n) for n in ("Arjen", "Kylä")]
    o["selection"] = selection_services.selection_create(
        process=process, title="Valinta", concepts=concepts, criteria=[criterion], by=facilitator
    )
    o["decision"] = selection_services.decision_record(
        process=process,
        selection=o["selection"],
        concept=concepts[0],
        decided_on=today(),
        participants="Päättäjät",
        rationale="Paras",
        by=facilitator,
    )
    # dactions: a published action with a note, a user-testing session with a card.
    from arki.decisions.services import actions as action_services
    from arki.decisions.services import testing as testing_services

    o["action"] = action_services.action_create(
        process=process, by=facilitator, title="Kauppakassiapu", level="easy_encounters"
    )
    action_services.action_publish(action=o["action"], by=facilitator)
    o["action_note"] = action_services.action_note_add(
        action=o["action"], text="Aloitettu", status="started", by=facilitator
    )
    o["test_session"] = testing_services.test_session_create(
        process=process, title="Käyttäjätestaus", by=facilitator
    )
    testing_services.feedback_add(
        session=o["test_session"],
        tester_group="older",
        feasibility=3,
        obstacle="Portaat",
        action=o["action"],
        by=facilitator,
    )
    # Impact surveys: a survey with an open round, a respondent in Kajaani who answered it.
    from arki.impact.services import surveys as survey_services

    o["survey"] = survey_services.survey_create_from_definition(
        process=process, key="loneliness", by=facilitator
    )
    o["survey_round"] = survey_services.round_create(
        survey=o["survey"],
        label="Lähtötaso",
        opens_on=today(),
        closes_on=today() + datetime.timedelta(days=30),
        by=facilitator,
    )
    respondent = survey_services.respondent_create(
        process=process, municipality=kajaani, group="helped", by=facilitator
    )
    survey_services.answers_submit(
        round_=o["survey_round"],
        respondent=respondent,
        answers={str(q.pk): "2" for q in o["survey"].questions.all()},
        channel="paper",
        by=facilitator,
    )

    # The public site: a news post and a contact.
    o["news"] = NewsPostFactory(process=process)
    o["group_member"] = GroupMemberFactory(process=process)
    # dtrail: a published action (its public and staff decision trail).
    from arki.decisions.models import Action as DecisionAction

    o["trail_action"] = DecisionAction.objects.create(
        process=process, title="Kohtaamispaikka", level="easy_encounters", is_published=True
    )
    # Impact (istories): a community reporter's published story with a photo and a consent.
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from arki.core.services.people import person_create
    from arki.impact.services import stories as story_services

    story_reporter = story_services.reporter_create(
        process=process,
        person=person_create(process=process, municipality=kajaani, age_band="30-64"),
        by=facilitator,
    )
    story = story_services.story_create(
        reporter=story_reporter, title="Kyyti", text="Bussi kulkee harvoin.", language="fi"
    )
    picture = io.BytesIO()
    Image.new("RGB", (8, 8)).save(picture, format="PNG")
    o["story_media"] = story_services.media_add(
        story=story,
        reporter=story_reporter,
        kind="photo",
        upload=SimpleUploadedFile("kuva.png", picture.getvalue()),
        alt_text="Pysäkki",
    )
    o["story_consent"] = story_services.consent_add(
        story=story,
        reporter=story_reporter,
        person_name="Kertoja",
        method="paper",
        given_on=datetime.date(2015, 10, 2),
    )
    story_services.story_submit(story=story, reporter=story_reporter)
    story_services.story_moderate(story=story, decision="accept", by=facilitator)
    o["story"] = story_services.story_moderate(story=story, decision="publish", by=facilitator)
    # --- end istories

    # Staff and roles: the analyst's account and role, which an administrator may withdraw.
    o["account"] = users["analyst"]
    o["assignment"] = users["analyst"].role_assignments.get()
    # --- impact: one row of the metric plan (imetrics) ---
    from arki.impact.services.metrics import metric_create

    o["metric"] = metric_create(
        process=process,
        by=None,
        criterion_text="Vaikuttavuus",
        name="Arki helpottuu",
        source="survey",
        direction="up",
    )
    # Open data: workshop 1's results are published, so the data page offers their file.
    from arki.core.services.processes import workshop_publish, workshop_update

    first_workshop = process.workshops.get(position=1)
    workshop_update(
        workshop=first_workshop, by=None, participant_count=40, results_summary="Tulokset"
    )
    workshop_publish(workshop=first_workshop, by=None)
    return World(process=process, users=users, objects=o)


def identities(world: World, viewer: Any) -> dict[str, str]:
    """Every identity value in the database -> what it is, except the viewer's own."""
    from arki.core.models import Person
    from arki.helpexchange.models import Proxy, Recipient

    values: dict[str, str] = {}
    people = Person.objects.filter(erased_at=None)
    if viewer is not None:
        people = people.exclude(user=viewer)
    for person in people:
        for name in ("full_name", "email", "phone", "access_code"):
            value = getattr(person, name)
            if value:
                values[value] = f"{name} of {person.code}"
    for recipient in Recipient.objects.select_related("person"):
        if recipient.address:
            values[recipient.address] = f"address of {recipient.person.code}"
    for proxy in Proxy.objects.exclude(user=viewer) if viewer else Proxy.objects.all():
        if proxy.name:
            values[proxy.name] = f"proxy name of {proxy.recipient_id}"
    return values


def text_of(response: Any) -> str:
    """A response's text as a reader sees it: PDFs and spreadsheets are opened."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    content_type = response.get("Content-Type", "")
    if body.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if body.startswith(b"PK"):
        import zipfile

        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    del content_type
    return body.decode("utf-8", "replace")


def today() -> datetime.date:
    return timezone.localdate()
