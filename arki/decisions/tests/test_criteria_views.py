"""The criteria vote and concept selection pages: phone ballots, paper ballots, the projector,
the staff pages, the voting sheet PDF, the CSV exports, the decision and its public page."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from pypdf import PdfReader

from arki.core.enums import AuditAction, Role
from arki.core.models import AuditEntry
from arki.core.services import live as live_services
from arki.decisions.models import Criterion, CriterionVote, Decision, Score
from arki.decisions.services import criteria as services
from arki.decisions.services import selection as selection_services

from .criteria_fixtures import (
    concept,
    open_selection,
    open_vote,
    seat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


def staff(user):
    client = Client()
    client.force_login(user)
    return client


def phone(activity, label="Eeva"):
    """A participant's browser that joined the activity's session."""
    client = Client()
    response = client.post(f"/en/join/{activity.session.code}/", {"label": label})
    assert response.status_code == 302
    return client


def test_a_phone_ballot_is_saved_and_a_revote_replaces_it(process, facilitator):
    activity, (a, b, *_rest) = open_vote(process, facilitator, texts=["A", "B", "C"])
    client = phone(activity)
    url = f"/en/live/{activity.session.code}/answer/{activity.pk}/"
    page = client.get(f"/en/live/{activity.session.code}/").content.decode()
    assert "Important" in page and "A" in page

    assert (
        client.post(
            url, {f"a{activity.pk}-c{a.pk}": "1", f"a{activity.pk}-c{b.pk}": "0"}
        ).status_code
        == 302
    )
    assert client.post(url, {f"a{activity.pk}-c{a.pk}": "0"}).status_code == 302

    assert list(CriterionVote.objects.values_list("criterion__text", "important")) == [("A", False)]
    empty = client.post(url, {})
    assert empty.status_code == 400
    assert "Mark at least one criterion" in empty.content.decode()
    assert CriterionVote.objects.count() == 1


def test_a_paper_ballot_is_typed_in_for_a_paper_seat(process, facilitator):
    activity, (a, _b, c) = open_vote(process, facilitator, texts=["A", "B", "C"])
    client = staff(facilitator)
    url = f"/en/staff/sessions/{activity.session.code}/paper/"
    assert "A" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "activity": activity.pk,
            "seat": "new",
            "label": "Paperi 1",
            f"a{activity.pk}-c{a.pk}": "1",
            f"a{activity.pk}-c{c.pk}": "0",
        },
    )

    assert response.status_code == 302
    votes = CriterionVote.objects.select_related("seat", "criterion")
    assert sorted((v.seat.label, v.seat.channel, v.criterion.text, v.important) for v in votes) == [
        ("Paperi 1", "paper", "A", True),
        ("Paperi 1", "paper", "C", False),
    ]
    assert {v.created_by for v in votes} == {facilitator}


def test_the_projector_shows_the_table_sorted_by_important(process, facilitator):
    activity, (a, b, *_rest) = open_vote(process, facilitator, texts=["Vähemmän", "Eniten"])
    for marks in ({b.pk: True, a.pk: False}, {b.pk: True}):
        services.ballot_cast(activity=activity, seat=seat(activity.session), marks=marks)

    page = staff(facilitator).get(f"/en/staff/sessions/{activity.session.code}/projector/results/")
    text = page.content.decode()
    assert text.index("Eniten") < text.index("Vähemmän")
    assert "2 voters" in text


def test_staff_add_criteria_choose_them_and_download_the_sheet_and_csv(process, facilitator):
    activity, _criteria = open_vote(process, facilitator, texts=[])
    client = staff(facilitator)
    base = f"/en/staff/decisions/{process.slug}/criteria/{activity.pk}/"
    response = client.post(
        base + "add/", {"text": "=Lähipalvelu", "text_sv": "Närservice", "text_en": "=Local"}
    )
    assert response.status_code == 302
    criterion = Criterion.objects.get()
    assert (criterion.text, criterion.text_sv, criterion.text_en) == (
        "=Lähipalvelu",
        "Närservice",
        "=Local",
    )
    duplicate = client.post(base + "add/", {"text": "=lähipalvelu"})
    assert duplicate.status_code == 400 and "already on the list" in duplicate.content.decode()
    assert Criterion.objects.count() == 1
    services.ballot_cast(activity=activity, seat=seat(activity.session), marks={criterion.pk: True})

    refused = client.post(base + "threshold/", {"min_important": "3"})
    assert refused.status_code == 400 and "No criterion reaches" in refused.content.decode()
    assert not Criterion.objects.get().chosen
    assert client.post(base + "threshold/", {"min_share": "100"}).status_code == 302
    assert Criterion.objects.get().chosen
    assert client.get(base).status_code == 200

    sheet = client.get(base + "sheet.pdf")
    assert sheet["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(sheet.content)).pages)
    assert "1. =Local" in text and "Not important" in text  # in the active language
    from arki.core.testing_pdf import assert_accessible_pdf

    assert_accessible_pdf(sheet.content, lang="en", contains="1. =Local")

    rows = list(csv.reader(io.StringIO(client.get(base + "votes.csv").content.decode("utf-8-sig"))))
    assert rows == [
        ["Criterion", "Important", "Not important", "Chosen"],
        ["'=Local", "1", "0", "1"],
    ]


def test_a_participant_proposes_a_criterion_only_when_allowed(process, facilitator):
    activity, _criteria = open_vote(process, facilitator, propose=True, texts=[])
    client = phone(activity)
    url = f"/en/decisions/{activity.session.code}/{activity.pk}/propose/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "Kestävä kehitys"}).status_code == 302
    assert Criterion.objects.get().proposed_by is not None

    live_services.session_close(session=activity.session, by=facilitator)
    closed, _criteria = open_vote(process, facilitator, propose=False, texts=[])
    client = phone(closed)
    refused = client.post(
        f"/en/decisions/{closed.session.code}/{closed.pk}/propose/", {"text": "Oma"}
    )
    assert refused.status_code == 400
    assert "only the facilitators" in refused.content.decode()
    assert Criterion.objects.count() == 1


def test_decision_makers_score_on_phones_and_the_decision_is_recorded_and_published(
    process, facilitator, make_user
):
    vote, (a, b) = open_vote(process, facilitator, texts=["Yhteisöllisyys", "Lisäarvo"])
    services.criteria_choose(activity=vote, chosen=[a.pk, b.pk], by=facilitator)
    arjen, kyla = concept(process, "Arjen pelastajat"), concept(process, "Kylätalo")
    selection, activity = open_selection(process, facilitator, [a, b], [arjen, kyla])
    prefix = f"a{activity.pk}"
    for label, arjen_score, kyla_score in (("Eeva", "5", "2"), ("Tuomo", "4", "3")):
        client = phone(activity, label)
        form = {
            f"{prefix}-s{c.pk}_{k.pk}": s
            for c, s in ((arjen, arjen_score), (kyla, kyla_score))
            for k in (a, b)
        }
        url = f"/en/live/{activity.session.code}/answer/{activity.pk}/"
        bad = client.post(url, {**form, f"{prefix}-s{arjen.pk}_{a.pk}": "9"})
        assert bad.status_code == 400 and "A score must be from 1 to 5" in bad.content.decode()
        assert client.post(url, form).status_code == 302
    assert Score.objects.count() == 8

    decider = staff(make_user(Role.DECISION_MAKER, process=process))
    detail = decider.get(f"/en/staff/decisions/{process.slug}/selections/{selection.pk}/")
    text = detail.content.decode()
    assert "Eeva" in text and "4.5" in text
    record = {
        "concept": arjen.pk,
        "decided_on": "2015-03-04",
        "participants": "Maakunnan päättäjät",
        "rationale": "Paras yhteisöllisyydessä",
        "rationale_en": "Best for communality",
    }
    assert (
        decider.post(
            f"/en/staff/decisions/{process.slug}/selections/{selection.pk}/decide/", record
        ).status_code
        == 302
    )
    decision = Decision.objects.get()
    assert (decision.concept, decision.decided_on) == (arjen, datetime.date(2015, 3, 4))

    # The decision-maker may not publish; the facilitator may.
    publish = f"/en/staff/decisions/{process.slug}/decisions/{decision.pk}/publish/"
    assert decider.post(publish).status_code == 403
    assert staff(facilitator).post(publish).status_code == 302
    decision.refresh_from_db()
    assert decision.is_published

    workshop = activity.session.workshop
    workshop.is_published = True  # the workshop's results are public
    workshop.save()
    public = Client().get(f"/en/p/{process.slug}/workshops/{activity.session.workshop.position}/")
    page = public.content.decode()
    assert "Decision: Arjen pelastajat" in page
    assert "Best for communality" in page
    assert "4.5" in page  # Arjen's mean on each criterion
    assert "Eeva" not in page and "Tuomo" not in page  # aggregates only

    rows = list(
        csv.reader(
            io.StringIO(
                staff(facilitator)
                .get(f"/en/staff/decisions/{process.slug}/selections/{selection.pk}/scores.csv")
                .content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0] == ["Seat", "Voter", "Concept", "Criterion", "Score"]
    assert ["1", "Eeva", "Arjen pelastajat", "Yhteisöllisyys", "5"] in rows
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, process=process).exists()


def test_a_superseding_decision_keeps_the_first_in_the_history(process, facilitator):
    vote, (a,) = open_vote(process, facilitator, texts=["Yhteisöllisyys"])
    services.criteria_choose(activity=vote, chosen=[a.pk], by=facilitator)
    arjen, kyla = concept(process, "Arjen pelastajat"), concept(process, "Kylätalo")
    selection, _activity = open_selection(process, facilitator, [a], [arjen, kyla])
    first = selection_services.decision_record(
        process=process,
        selection=selection,
        concept=kyla,
        decided_on=datetime.date(2015, 3, 1),
        participants="P",
        rationale="Ensin",
        by=facilitator,
    )
    client = staff(facilitator)
    url = f"/en/staff/decisions/{process.slug}/selections/{selection.pk}/decide/"
    data = {
        "concept": arjen.pk,
        "decided_on": "2015-04-01",
        "participants": "P",
        "rationale": "Uusi",
        "supersedes": first.pk,
    }
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 400  # the first is no longer the current decision
    assert Decision.objects.count() == 2

    page = client.get(
        f"/en/staff/decisions/{process.slug}/selections/{selection.pk}/"
    ).content.decode()
    assert "superseded on 2015-04-01" in page or "superseded on April 1, 2015" in page
    assert "Ensin" in page and "Uusi" in page
