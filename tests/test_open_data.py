"""The open data page of a public process: every file parses, states its licence, matches
its column descriptions, holds only published results and no personal data.

The world has published and unpublished results of every tool that offers open data, and
people whose names, e-mail addresses, phone numbers and personal codes are planted values
that cannot occur by chance; no file may contain any of them.
"""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from arki.core import opendata
from arki.core.opendata import LICENCE, LICENCE_URL, WITHHELD
from arki.core.registry import registry

K = 5
UNPUBLISHED = "JULKAISEMATON-TULOS"


def planted(i: int) -> dict[str, str]:
    return {
        "full_name": f"Salli Salaperäinen{i}",
        "email": f"salli.salainen{i}@example.invalid",
        "phone": f"+358 40 555 01{i:02d}",
    }


@pytest.fixture
def world(process, municipalities, make_user, make_person):
    """Published and unpublished results of every tool, with planted people behind them."""
    from arki.analysis.enums import PersonaStatus
    from arki.analysis.models import Persona
    from arki.budgeting import services as budgeting
    from arki.budgeting.tests.factories import join, make_round
    from arki.core.enums import Role
    from arki.core.models import Municipality
    from arki.core.services.processes import workshop_publish, workshop_update
    from arki.decisions.models import Concept
    from arki.decisions.services import criteria as criteria_services
    from arki.decisions.tests.criteria_fixtures import open_vote, seat
    from arki.helpexchange.enums import AssignmentStatus, AssignmentVia, RequestStatus
    from arki.helpexchange.models import Assignment, HelpRequest, Village
    from arki.helpexchange.tests import factories as help_factories
    from arki.helpexchange.villages import seed_villages
    from arki.impact.enums import SourceKind
    from arki.impact.models import Metric

    seed_villages(Municipality, Village)  # transactional tests elsewhere flush the seed
    kajaani = municipalities["Kajaani"]
    facilitator = make_user(Role.FACILITATOR, process=process)
    people = [make_person(process, kajaani, **planted(i)) for i in range(12)]
    secrets: list[str] = [p.code for p in people]
    for i in range(12):
        secrets.extend(planted(i).values())

    # Workshops: one published with enough participants, one with too few, one unpublished.
    for position, count, publish in ((1, 160, True), (2, 3, True), (4, 40, False)):
        workshop = process.workshops.get(position=position)
        workshop_update(
            workshop=workshop,
            by=None,
            participant_count=count,
            results_summary=f"Tulokset {position}" if publish else UNPUBLISHED,
        )
        if publish:
            workshop_publish(workshop=workshop, by=None)

    # Budgeting: a published round of 7 voters, one of 2 voters, one left unpublished.
    def budget_round(title: str, voters: int, publish: bool):
        round_, session, _activity = make_round(process, facilitator)
        round_.title = title
        round_.save(update_fields=["title"])
        items = list(round_.items.all())
        for k, person in enumerate(people[:voters]):
            seat_ = join(session, person=person)
            budgeting.ballot_cast(
                round_=round_, seat=seat_, allocations={items[k % 2].pk: 6, items[2].pk: 4}
            )
        budgeting.round_close(round_=round_, by=facilitator)
        if publish:
            budgeting.round_publish(round_=round_, publish=True, by=facilitator)
        return round_

    rounds = {
        "published": budget_round("Hyvinvointisetelit", 7, True),
        "small": budget_round("Pieni kierros", 2, True),
        "unpublished": budget_round(UNPUBLISHED, 8, False),
    }

    # Criteria votes in workshop 5: 6 voters; published with the workshop's results.
    activity, criteria = open_vote(process, facilitator, texts=["Saavutettavuus", "Hinta"])
    for _ in range(6):
        criteria_services.ballot_cast(
            activity=activity,
            seat=seat(activity.session),
            marks={criteria[0].pk: True, criteria[1].pk: False},
        )
    workshop_publish(workshop=activity.session.workshop, by=None)

    Concept.objects.create(
        process=process, name="Arjen pelastajat", aim="Apua arkeen", is_published=True
    )
    Concept.objects.create(process=process, name=UNPUBLISHED, aim="Ei vielä")

    # Personas: one published with 6 supporters, one draft.
    shown = Persona.objects.create(
        process=process,
        name="Eino, 78",
        description="Asuu yksin kylässä.",
        age_band="75-84",
        status=PersonaStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    shown.supporters.set(people[:6])
    shown.municipalities.set([kajaani])
    draft = Persona.objects.create(process=process, name=UNPUBLISHED)
    draft.supporters.set(people[:6])

    # Help exchange: 6 requests, 6 done this month; 2 requests, 1 done last year.
    volunteer = help_factories.active_volunteer(process, name="Ville Vapaaehtoinen", phone="")
    secrets.append("Ville Vapaaehtoinen")
    recipients = [
        help_factories.recipient(process, name=f"Aili Asiakas{i}", address=f"Salakuja {i}")
        for i in range(8)
    ]
    secrets.extend(f"Salakuja {i}" for i in range(8))
    long_ago = timezone.now() - datetime.timedelta(days=400)
    for i, person in enumerate(recipients):
        request = help_factories.help_request(process, person)
        old = i >= 6
        if old:
            HelpRequest.objects.filter(pk=request.pk).update(created_at=long_ago)
        if i < 7:
            HelpRequest.objects.filter(pk=request.pk).update(status=RequestStatus.DONE)
            Assignment.objects.create(
                request=request,
                volunteer=volunteer,
                status=AssignmentStatus.DONE,
                via=AssignmentVia.PICK,
                completed_at=long_ago if old else timezone.now(),
            )

    # Impact: a published metric on the help exchange's requests, an unpublished one.
    Metric.objects.create(
        process=process,
        name="Avunpyynnöt",
        source=SourceKind.ARKI,
        source_ref="help.requests",
        unit="requests",
        baseline=0,
        target=50,
        is_published=True,
    )
    Metric.objects.create(
        process=process,
        name=UNPUBLISHED,
        source=SourceKind.ARKI,
        source_ref="help.requests",
        is_published=False,
    )
    return {"rounds": rounds, "secrets": secrets, "people": people}


def files_of(client: Client, slug: str) -> dict[str, tuple[str, str, str]]:
    """Every file the data package lists: {path: (content type, disposition, text)}."""
    response = client.get(f"/p/{slug}/data/datapackage.json")
    assert response.status_code == 200
    package = json.loads(response.content)
    found = {"datapackage.json": (response["Content-Type"], "", response.content.decode())}
    for resource in package["resources"]:
        file = client.get(resource["path"])
        assert file.status_code == 200, resource["path"]
        found[resource["path"]] = (
            file["Content-Type"],
            file["Content-Disposition"],
            file.content.decode("utf-8"),
        )
    return found


def test_every_file_parses_states_its_licence_and_matches_its_description(world, process):
    client = Client()
    package = json.loads(client.get("/p/testi/data/datapackage.json").content)
    assert package["licenses"][0]["path"] == LICENCE_URL
    names = {r["name"] for r in package["resources"]}
    assert {
        "workshop-results",
        "budget-results",
        "budget-by-age-group",
        "criteria-votes",
        "concepts",
        "personas",
        "help-exchange-by-month",
        "help-exchange-by-month-jsonstat",
        "impact-metrics",
        "impact-metrics-jsonstat",
        f"budget-round-{world['rounds']['published'].pk}",
    } == names
    for resource in package["resources"]:
        response = client.get(resource["path"])
        text = response.content.decode("utf-8")
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment; filename=")
        if resource["format"] == "csv":
            assert response["Content-Type"] == "text/csv; charset=utf-8"
            assert disposition.endswith('.csv"')
            header, rows, comments = opendata.read_csv(text)
            assert comments and LICENCE in comments[0] and LICENCE_URL in comments[0]
            # The columns described on the page and in the package are the file's header.
            assert header == [f["name"] for f in resource["schema"]["fields"]]
            assert all(f["description"] for f in resource["schema"]["fields"])
            assert rows and all(len(row) == len(header) for row in rows)
            # The csv module reads it too once the comment line is skipped.
            lines = [line for line in text.splitlines() if not line.startswith("#")]
            assert next(csv.reader(io.StringIO(lines[0]))) == header
        elif resource["format"] == "json":
            assert response["Content-Type"] == "application/json; charset=utf-8"
            doc = json.loads(text)
            opendata.check_jsonstat(doc)
            assert doc["extension"]["licence"] == LICENCE
            assert any(LICENCE_URL in note for note in doc["note"])
        else:
            assert resource["format"] == "pb"
            from arki.voting.pabulib import read_pb_string

            election = read_pb_string(text)
            assert election.meta["licence"] == LICENCE
            assert election.num_voters == 7
            assert disposition.endswith('.pb"')


def test_unpublished_results_and_small_groups_are_absent(world, process):
    files = files_of(Client(), "testi")
    everything = "\n".join(text for _t, _d, text in files.values())
    assert UNPUBLISHED not in everything
    assert "Pieni kierros" not in everything  # two voters: below k
    assert f"budget-round-{world['rounds']['small'].pk}" not in everything
    workshops = files["/p/testi/data/workshop-results.csv"][2]
    _header, rows, _c = opendata.read_csv(workshops)
    assert [(r[0], r[5]) for r in rows] == [("1", "160"), ("2", ""), ("5", "")]  # 3: withheld
    help_rows = opendata.read_csv(files["/p/testi/data/help-exchange-by-month.csv"][2])[1]
    old_month = (timezone.now() - datetime.timedelta(days=400)).strftime("%Y-%m")
    # Last year's 2 requests and 1 task are withheld, and so is this month's figure beside
    # them, since the process-wide totals would otherwise give them away.
    assert ["", WITHHELD] in [r[3:] for r in help_rows if r[0] == old_month]
    for row in help_rows:
        assert row[3] == "" or int(row[3]) == 0 or int(row[3]) >= K


def test_no_personal_data_in_any_file(world, process):
    files = files_of(Client(), "testi")
    for path, (_type, _disposition, text) in files.items():
        for secret in world["secrets"]:
            assert secret.lower() not in text.lower(), (path, secret)


def test_data_page_lists_files_and_columns_in_three_languages(world, process):
    client = Client()
    fi = client.get("/p/testi/data/").content.decode()
    assert "Avoin data" in fi and "CC BY 4.0" in fi
    assert "/p/testi/data/budget-results.csv" in fi
    assert "<code>vouchers</code>" in fi
    sv = client.get("/sv/p/testi/data/").content.decode()
    assert "Öppna data" in sv
    en = client.get("/en/p/testi/data/").content.decode()
    assert "Open data" in en and "Vouchers given to the item." in en
    # Files are in the language of their address.
    header = client.get("/sv/p/testi/data/budget-results.csv").content.decode().splitlines()[0]
    assert header.startswith("# Licence: CC BY 4.0") and "Arki" in header


def test_empty_state_and_unknown_files(process):
    client = Client()
    page = client.get("/p/testi/data/").content.decode()
    assert "Mitään ei ole vielä julkaistu avoimena datana" in page
    assert client.get("/p/testi/data/budget-results.csv").status_code == 404
    assert client.get("/p/testi/data/nothing.csv").status_code == 404
    package = json.loads(client.get("/p/testi/data/datapackage.json").content)
    assert package["resources"] == []


def test_a_private_process_has_no_data(process):
    process.is_public = False
    process.save(update_fields=["is_public"])
    assert Client().get("/p/testi/data/").status_code == 404
    assert Client().get("/p/testi/data/datapackage.json").status_code == 404


def test_downloads_may_be_cached(world, process):
    response = Client().get("/p/testi/data/budget-results.csv")
    assert "max-age=300" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    cache.clear()


def test_every_dataset_declares_described_columns():
    for dataset in registry.open_datasets():
        assert dataset.name.replace("-", "").isalnum() and dataset.name.islower()
        assert dataset.columns and all(str(c.description) for c in dataset.columns)
        if dataset.jsonstat:
            names = [c.name for c in dataset.columns]
            assert "value" in names and any(c.dimension for c in dataset.columns)


# --- suppression: no small group shown, none recoverable by subtraction -------------------


@given(
    st.dictionaries(st.sampled_from([f"2026-{m:02d}" for m in range(1, 13)]), st.integers(0, 30))
)
def test_help_months_suppression_leaves_nothing_small_or_recoverable(values):
    from arki.helpexchange.opendata import _suppress

    hidden = _suppress(values, K)
    shown = [m for m in values if m not in hidden]
    assert all(values[m] == 0 or values[m] >= K for m in shown)
    # Subtracting the shown months from the total gives nothing small. (When no month is
    # shown, the total is all there is, and it is not this file's.)
    if any(values[m] for m in shown):
        assert not 0 < sum(values[m] for m in hidden) < K


@given(
    st.lists(
        st.tuples(st.sampled_from(["young", "adult", "older", "unknown"]), st.integers(0, 20)),
        max_size=4,
        unique_by=lambda t: t[0],
    )
)
def test_age_groups_suppression_leaves_nothing_small_or_recoverable(groups):
    from types import SimpleNamespace

    from arki.budgeting.opendata import _shown_groups

    rows = [SimpleNamespace(key=key, participants=n) for key, n in groups]
    shown = _shown_groups(rows)
    assert all(g.participants >= K and g.key != "unknown" for g in shown)
    hidden = sum(g.participants for g in rows) - sum(g.participants for g in shown)
    if shown:
        assert not 0 < hidden < K
