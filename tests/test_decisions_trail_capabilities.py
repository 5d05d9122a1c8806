"""The capabilities the trail rests on: evidence from analysis, voucher results from
budgeting, and what decisions offers back to analysis — all through the registry."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arki.budgeting import services as budgeting_services
from arki.budgeting.tests.factories import join, make_round
from arki.core.enums import ConsentPurpose, Role
from arki.core.models import Consent
from arki.core.registry import registry
from arki.decisions.models import Action, Concept, Decision
from arki.decisions.trail import AREAS_CAPABILITY, EVIDENCE_CAPABILITY

from .trail_fixtures import decision_chain, ensure_catalogue, persona_with_quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(process, municipalities, make_user):
    ensure_catalogue()
    coder = make_user(Role.ANALYST, process=process)
    kajaani = municipalities["Kajaani"]

    def make(name, quote, **flags):
        return persona_with_quote(process, kajaani, coder, name=name, quote=quote, **flags)

    return {
        "yes": make("Suostunut", "Lause yksi.", consented=True),
        "no": make("Kieltäytynyt", "Lause kaksi.", consented=False),
        "draft": make("Luonnos", "Lause kolme.", consented=True, published=False),
        "few": make("Harva", "Lause neljä.", consented=True, supporters=2),
        "facilitator": make_user(Role.FACILITATOR, process=process),
    }


def personas(people):
    return [people[key] for key in ("yes", "no", "draft", "few")]


def test_the_capabilities_come_from_the_tools_that_own_the_data():
    assert registry.providers(EVIDENCE_CAPABILITY) == ["analysis"]
    assert registry.providers(AREAS_CAPABILITY) == ["budgeting"]
    assert registry.providers("decisions.citing_persona") == ["decisions"]


def test_public_evidence_holds_only_publishable_personas_and_consented_quotes(process, people):
    evidence = registry.capability(EVIDENCE_CAPABILITY)
    ids = [p.pk for p in personas(people)]

    public = evidence(process, ids, "public")
    assert set(public) == {people["yes"].pk, people["no"].pk}
    assert public[people["yes"].pk].quotes == ("Lause yksi.",)
    assert public[people["no"].pk].quotes == ()

    staff = evidence(process, ids, "staff")
    assert set(staff) == set(ids)
    assert staff[people["no"].pk].quotes == ("Lause kaksi.",)
    assert not staff[people["draft"].pk].published
    assert staff[people["few"].pk].published and not staff[people["few"].pk].publishable

    Consent.objects.filter(purpose=ConsentPurpose.QUOTES).update(
        withdrawn_on=datetime.date(2015, 1, 1)
    )
    assert evidence(process, ids, "public")[people["yes"].pk].quotes == ()
    with pytest.raises(ValueError):
        evidence(process, ids, "everyone")


def test_evidence_of_personas_of_another_process_is_not_given(process, people):
    from arki.core.models import Process

    evidence = registry.capability(EVIDENCE_CAPABILITY)
    other = Process.objects.create(name="Muu", slug="muu", region=process.region)
    assert evidence(other, [people["yes"].pk], "staff") == {}


def test_evidence_takes_the_same_queries_for_one_persona_or_four(process, people):
    evidence = registry.capability(EVIDENCE_CAPABILITY)
    for audience in ("staff", "public"):
        with CaptureQueriesContext(connection) as one:
            evidence(process, [people["yes"].pk], audience)
        with CaptureQueriesContext(connection) as four:
            evidence(process, [p.pk for p in personas(people)], audience)
        assert len(one) == len(four), audience


def test_voucher_results_by_persona_sum_the_supporters_ballots(process, people):
    facilitator = people["facilitator"]
    round_, session, _activity = make_round(process, facilitator)
    items = list(round_.items.order_by("position", "pk"))
    writer = people["yes"].quotes.get().day.participant.person
    seat = join(session, person=writer)
    budgeting_services.ballot_cast(
        round_=round_, seat=seat, allocations={items[0].pk: 6, items[1].pk: 4}
    )
    # A voter without a persona counts for nobody.
    budgeting_services.ballot_cast(round_=round_, seat=join(session), allocations={items[0].pk: 10})

    areas = registry.capability(AREAS_CAPABILITY)(process)
    assert set(areas) == {people["yes"].pk}
    assert sum(v for _label, v in areas[people["yes"].pk]) == 10
    votes = [v for _label, v in areas[people["yes"].pk]]
    assert votes == sorted(votes, reverse=True)


def test_citing_persona_lists_what_was_decided_and_in_public_only_the_published(process, people):
    chain = decision_chain(process, people["facilitator"], [people["yes"].pk], published=True)
    citing = registry.capability("decisions.citing_persona")

    staff = citing(process, people["yes"].pk)
    assert [c.kind for c in staff] == ["concept", "decision", "action"]
    assert staff[2].title == chain.action.title and staff[2].url is None  # no user: no link
    assert citing(process, people["no"].pk) == []

    Decision.objects.filter(pk=chain.decision.pk).update(is_published=False)
    Action.objects.filter(pk=chain.action.pk).update(is_published=False)
    assert [c.kind for c in citing(process, people["yes"].pk, public=True)] == ["concept"]
    Concept.objects.filter(pk=chain.concept.pk).update(is_published=False)
    Action.objects.filter(pk=chain.action.pk).update(is_published=True)
    # A published action of an unpublished concept is not linked to the persona in public.
    assert citing(process, people["yes"].pk, public=True) == []


def test_a_quote_from_a_diary_awaiting_staff_review_reaches_nobody(process, municipalities, people):
    """Until staff have reviewed the writer's texts, the TextGate withholds them: neither
    staff nor the public get the quote, even with the writer's consent."""
    from arki.analysis.models import Coding

    coder = Coding.objects.filter(process=process).first().coder
    waiting = persona_with_quote(
        process,
        municipalities["Kajaani"],
        coder,
        name="Odottava",
        quote="Lause viisi.",
        consented=True,
        reviewed=False,
    )
    evidence = registry.capability(EVIDENCE_CAPABILITY)
    assert evidence(process, [waiting.pk], "staff")[waiting.pk].quotes == ()
    assert evidence(process, [waiting.pk], "public")[waiting.pk].quotes == ()
