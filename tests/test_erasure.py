"""Erasure leaves nothing behind and no way back in (issue 12, finding 6).

One person of each kind is built through the services and the resident pages, the way the
demo does it: a diarist with a user account, a paper participant without one, a minor
volunteer with a guardian's consent, an older person asking for help and a budgeting
participant with a live seat. Each is erased; then every text column of every model of every
installed app and every stored file (job results included) is searched for what identified
them, and every way in (password log-in, the diary, the live join, the help exchange's links,
the paper kit's QR address) must refuse them.
"""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from arki.budgeting.tests import factories as budgeting_factories
from arki.core.enums import ActivityState, Role
from arki.core.jobs import JobContext
from arki.core.models import Job, Person, User
from arki.core.services.gdpr import person_erase
from arki.core.services.live import activity_add, activity_set_state
from arki.helpexchange import services as help_services
from arki.helpexchange.services.links import assignment_url, feedback_url
from arki.helpexchange.tests import factories as help_factories
from arki.insight import services as insight_services
from arki.insight.jobs import build_paper_kits
from arki.insight.kits import online_url
from arki.insight.selectors import insight_workshop
from arki.insight.tests import factories as insight_factories

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


@pytest.fixture
def villages(municipalities):
    from arki.core.models import Municipality
    from arki.helpexchange.models import Village
    from arki.helpexchange.villages import seed_villages

    seed_villages(Municipality, Village)


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _diarist(process, municipalities) -> dict[str, Any]:
    """A resident with a user account who fills her map and diary on the web."""
    user = User.objects.create_user(
        username="aino.diaristi",
        email="aino.diaristi@example.invalid",
        password=PASSWORD,
        first_name="Aino",
        last_name="Diaristi",
    )
    participant = insight_factories.participant(
        process,
        municipalities["Kajaani"],
        full_name="Aino Diaristi",
        email="aino.diaristi@example.invalid",
        phone="+358405550101",
        user=user,
    )
    person = participant.person
    browser = Client()
    assert browser.login(username="aino.diaristi", password=PASSWORD)
    assert (
        browser.post(reverse("insight_public:access"), {"code": person.access_code}).status_code
        == 302
    )
    browser.post(
        reverse("insight_public:day", kwargs={"day": 1}),
        insight_factories.day_values(did_today="Aino Diaristi soitti numeroon 040 555 0101."),
    )
    browser.post(
        reverse("insight_public:map"),
        insight_factories.map_row(service="", service_text="Aino Diaristin kotihoito"),
    )
    return {
        "person": person,
        "secrets": ["Aino Diaristi", "aino.diaristi", "+358405550101", person.access_code],
        "browser": browser,
        "username": "aino.diaristi",
    }


def _paper(process, municipalities) -> dict[str, Any]:
    """A paper participant without an account, with a printed kit and a typed-in diary."""
    participant = insight_factories.participant(
        process,
        municipalities["Kuhmo"],
        full_name="Pertti Paperinen",
        phone="+358405550202",
        email="pertti.paperinen@example.invalid",
    )
    person = participant.person
    payload = insight_factories.kit_payload(days=2)
    payload["days"]["1"]["did_today"] = "Pertti Paperinen kävi kaupassa."
    insight_services.kit_apply(participant=participant, payload=payload)
    job = Job.objects.create(
        kind="insight.paper_kits",
        params={
            "process": process.pk,
            "workshop": insight_workshop(process).pk,
            "people": [person.pk],
        },
    )
    build_paper_kits(JobContext(job))
    job.refresh_from_db()
    assert person.access_code in _file_text(job.result_file.name)  # the scan would see it
    return {
        "person": person,
        "secrets": [
            "Pertti Paperinen",
            "pertti.paperinen",
            "+358405550202",
            person.access_code,
        ],
        "kit_url": online_url(person),
    }


def _help_pair(process, coordinator) -> tuple[dict[str, Any], dict[str, Any]]:
    """A 15-year-old volunteer (guardian's consent) offered a task, and the older person."""
    minor = help_factories.active_volunteer(
        process,
        age=15,
        name="Minna Nuorinen",
        phone="+358405550303",
        email="minna.nuorinen@example.invalid",
    )
    older = help_factories.recipient(
        process, name="Aili Asiakkinen", address="Salaisentie 7 B 12", phone="+358405550404"
    )
    help_request = help_factories.help_request(process, older, task_type="it_guidance")
    [offer] = help_services.assignment_offer(
        help_request=help_request, volunteers=[minor], by=coordinator
    )
    return (
        {
            "person": minor.person,
            "secrets": [
                "Minna Nuorinen",
                "minna.nuorinen",
                "+358405550303",
                minor.person.access_code,
            ],
            "link": _path(assignment_url(offer)),
        },
        {
            "person": older.person,
            "secrets": [
                "Aili Asiakkinen",
                "Salaisentie 7 B 12",
                "+358405550404",
                older.person.access_code,
            ],
            "link": _path(feedback_url(help_request)),
        },
    )


def _voter(process, municipalities, facilitator) -> dict[str, Any]:
    """A budgeting participant who joins the live session with her personal code."""
    round_, session, _activity = budgeting_factories.make_round(process, facilitator)
    person = Person.objects.get(
        pk=insight_factories.participant(
            process,
            municipalities["Sotkamo"],
            full_name="Bertta Budjettinen",
            phone="+358405550505",
            email="bertta.budjettinen@example.invalid",
        ).person_id
    )
    poll = activity_add(
        session=session,
        kind="core.poll",
        title="Mikä on tärkeintä?",
        config={"question": "Mikä on tärkeintä?", "choices": ["A", "B"], "multiple": False},
        by=facilitator,
    )
    activity_set_state(activity=poll, state=ActivityState.OPEN, by=facilitator)
    browser = Client()
    join = reverse("live:join", args=[session.code])
    response = browser.post(join, {"label": "Bertta B", "access_code": person.access_code})
    assert response.status_code == 302
    seat = person.seats.get()
    item = round_.items.first()
    from arki.budgeting import services as budgeting_services

    budgeting_services.ballot_cast(round_=round_, seat=seat, allocations={item.pk: 10})
    answered = browser.post(
        reverse("live:answer", args=[session.code, poll.pk]),
        {f"a{poll.pk}-choice": "0", f"a{poll.pk}-comment": "Bertta Budjettinen toivoo uimahallia"},
    )
    assert answered.status_code == 302
    return {
        "person": person,
        "secrets": [
            "Bertta Budjettinen",
            "bertta.budjettinen",
            "+358405550505",
            person.access_code,
            "Bertta Budjettinen toivoo",
        ],
        "browser": browser,
        "session": session,
        "join": join,
    }


def _file_text(name: str) -> str:
    with default_storage.open(name, "rb") as handle:
        content = handle.read()
    if content.startswith(b"%PDF"):
        with contextlib.suppress(PyPdfError):
            return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", errors="replace")


def _stored_files(folder: str = "") -> list[str]:
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    found = [f"{folder}/{name}".lstrip("/") for name in files]
    for sub in folders:
        found += _stored_files(f"{folder}/{sub}".lstrip("/"))
    return found


def _text_values() -> list[tuple[str, str]]:
    """Every non-empty text value in the database, labelled with its model and field."""
    found = []
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for field in fields:
            for value in model._default_manager.values_list(field.attname, flat=True):
                if value in (None, "", {}, []):
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                found.append((f"{model._meta.label}.{field.name}", text))
    return found


def test_erased_people_leave_no_trace_and_no_way_back_in(
    process, municipalities, villages, make_user, settings, tmp_path
):
    # Its own file storage: the scan reads every stored file, and only this test's files
    # (kits, exports, uploads made below) are about these people.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    admin = make_user(Role.ADMIN)
    facilitator = make_user(Role.FACILITATOR, process=process)
    coordinator = make_user(
        Role.COORDINATOR, process=process, municipality=municipalities["Kajaani"]
    )
    diarist = _diarist(process, municipalities)
    paper = _paper(process, municipalities)
    minor, older = _help_pair(process, coordinator)
    voter = _voter(process, municipalities, facilitator)
    everyone = [diarist, paper, minor, older, voter]
    # Before erasure the scan finds them: it is not searching the wrong places.
    before = "\n".join(text for _where, text in _text_values())
    for kind in everyone:
        for secret in kind["secrets"]:
            assert secret.lower() in before.lower(), secret

    stored = "\n".join(_file_text(name) for name in _stored_files())
    assert paper["person"].access_code.lower() in stored.lower()  # the kit is scanned

    for kind in everyone:
        person_erase(person=kind["person"], by=admin)

    leaks = [
        (where, secret)
        for where, text in _text_values()
        for kind in everyone
        for secret in kind["secrets"]
        if secret.lower() in text.lower()
    ]
    assert leaks == []
    stored_after = {name: _file_text(name).lower() for name in _stored_files()}
    file_leaks = [
        (name, secret)
        for name, text in stored_after.items()
        for kind in everyone
        for secret in kind["secrets"]
        if secret.lower() in text
    ]
    assert file_leaks == []

    # No way back in.
    assert not User.objects.filter(username=diarist["username"]).exists()
    assert not Client().login(username=diarist["username"], password=PASSWORD)
    closed = User.objects.get(persons__isnull=True, is_active=False)
    assert (closed.email, closed.first_name, closed.last_name) == ("", "", "")
    assert not closed.has_usable_password()
    # The diarist's open browser is logged out of both her account and her diary.
    home = diarist["browser"].get(reverse("insight_public:home"))
    assert home.status_code == 302
    assert "_auth_user_id" not in diarist["browser"].session

    anyone = Client()
    for kind in (diarist, paper, minor, older, voter):
        old_code = kind["secrets"][3]
        diary = anyone.post(reverse("insight_public:access"), {"code": old_code})
        assert diary.status_code == 200 and "insight_participant" not in anyone.session
        join = anyone.post(voter["join"], {"label": "", "access_code": old_code})
        assert join.status_code == 400
    assert anyone.get(_path(paper["kit_url"])).status_code == 200
    assert "insight_participant" not in anyone.session
    assert Client().get(minor["link"]).status_code == 400
    assert Client().get(older["link"]).status_code == 400
    # The voter's browser still holds her seat's secret: it answers on nothing any more.
    participant = voter["browser"].get(reverse("live:participant", args=[voter["session"].code]))
    assert participant.status_code == 302
    assert participant["Location"].endswith(voter["join"])
    assert Person.objects.filter(erased_at__isnull=False).count() == 5
