"""Staff pages, the participant's ballot and wallet, exports and the public results."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from arki.core.enums import Role
from arki.core.services import live as live_services
from arki.core.services.processes import workshop_publish
from arki.voting.pabulib import read_pb_string

from .. import selectors, services
from ..enums import RoundKind
from ..gdpr import personal_data_erase, personal_data_export
from ..models import MAX_VOUCHERS, BudgetRound, Gift, PaperTally, VoucherAccount
from .factories import BUS, HEALTH_CENTRE, LIBRARY, SWIMMING_HALL, catalogue, join
from .test_services import snapshot

pytestmark = pytest.mark.django_db


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def phone(session, label="") -> Client:
    client = Client()
    assert (
        client.post(f"/en/join/{session.code}/", {"label": label, "access_code": ""}).status_code
        == 302
    )
    return client


def answer(client, session, activity, counts):
    data = {f"a{activity.pk}-item-{pk}": value for pk, value in counts.items()}
    return client.post(f"/en/live/{session.code}/answer/{activity.pk}/", data)


def test_round_create_and_detail(process, facilitator):
    client = staff_client(facilitator)
    workshop = process.workshops.get(position=3)
    services_ = catalogue(HEALTH_CENTRE, LIBRARY)
    response = client.post(
        f"/en/staff/budgeting/{process.slug}/new/",
        {
            "workshop": workshop.pk,
            "title": "Setelit",
            "kind": RoundKind.SERVICES,
            "vouchers_per_participant": 10,
            "services": [s.pk for s in services_],
        },
    )
    round_ = BudgetRound.objects.get(title="Setelit")
    assert response.status_code == 302
    assert sorted(i.name for i in round_.items.all()) == [LIBRARY, HEALTH_CENTRE]
    page = client.get(f"/en/staff/budgeting/{process.slug}/rounds/{round_.pk}/")
    assert page.status_code == 200
    with translation.override("en"):
        assert all(str(item) in page.content.decode() for item in round_.items.all())


def test_round_create_bad_input_keeps_nothing(process, facilitator):
    client = staff_client(facilitator)
    workshop = process.workshops.get(position=3)
    response = client.post(
        f"/en/staff/budgeting/{process.slug}/new/",
        {
            "workshop": workshop.pk,
            "title": "PB",
            "kind": RoundKind.PROJECTS,
            "vouchers_per_participant": 0,
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "budget" in text.lower()
    assert not BudgetRound.objects.exists()


def test_round_form_caps_the_vouchers(process, facilitator):
    client = staff_client(facilitator)
    url = f"/en/staff/budgeting/{process.slug}/new/"
    page = client.get(url).content.decode()
    assert f'max="{MAX_VOUCHERS}"' in page
    response = client.post(
        url,
        {
            "workshop": process.workshops.get(position=3).pk,
            "title": "PB",
            "kind": RoundKind.SERVICES,
            "vouchers_per_participant": MAX_VOUCHERS + 1,
        },
    )
    assert response.status_code == 400
    assert f"less than or equal to {MAX_VOUCHERS}" in response.content.decode()
    assert not BudgetRound.objects.exists()


def test_permissions(process, live_round, make_user):
    round_, _session, _activity = live_round
    decision_maker = staff_client(make_user(Role.DECISION_MAKER, process=process))
    base = f"/en/staff/budgeting/{process.slug}/rounds/{round_.pk}"
    assert decision_maker.get(f"{base}/results/").status_code == 200
    assert decision_maker.post(f"{base}/close/").status_code == 403
    assert decision_maker.get(f"{base}/paper/").status_code == 403
    assert decision_maker.get(f"{base}/export.csv").status_code == 403
    assert decision_maker.post(f"{base}/results/", {"discussion": "Ei näin"}).status_code == 403
    assert decision_maker.post(f"{base}/publish/", {"publish": "1"}).status_code == 403
    round_.refresh_from_db()
    assert (round_.closed_at, round_.discussion, round_.published_at) == (None, "", None)
    outsider = staff_client(make_user(Role.RESIDENT, process=process))
    assert outsider.get(f"{base}/").status_code == 403


def test_phone_ballot_and_bad_input(live_round, items):
    round_, session, activity = live_round
    client = phone(session, "Maija")
    page = client.get(f"/en/live/{session.code}/")
    with translation.override("en"):
        assert str(items[HEALTH_CENTRE]) in page.content.decode()
    health, swim = items[HEALTH_CENTRE], items[SWIMMING_HALL]
    assert answer(client, session, activity, {health.pk: 6, swim.pk: 4}).status_code == 302
    before = snapshot(round_)
    cases = [
        ({health.pk: -1}, "cannot be negative", 400),
        ({health.pk: "1.5"}, "whole number", 400),
        ({health.pk: 1, 999_999: 1}, "not on this round", 400),
        # Checked under the row lock by the service: the core answers 409 Conflict.
        ({health.pk: 11}, "You hold 10 vouchers; this ballot spends 11.", 409),
    ]
    with translation.override("en"):
        category = str(health.get_category_display())
    for counts, message, status in cases:
        response = answer(client, session, activity, counts)
        assert response.status_code == status
        html = response.content.decode()
        assert "data-held" in html  # the wallet stays in view
        assert message in html
        # The ballot comes back whole: every service with its category, though a posted
        # ballot reads only the items' ids and names to check it.
        assert all(str(item) in html for item in items.values()) and category in html
    assert snapshot(round_) == before


@pytest.mark.postgres
def test_a_posted_ballot_is_three_statements_on_postgresql(live_round, items):
    """The phone's seat with its session and activity, the round's items, and the ledger's
    database function: a room's ballots cost the database three statements each."""
    _round, session, activity = live_round
    client = phone(session, "Maija")
    health, swim = items[HEALTH_CENTRE], items[SWIMMING_HALL]
    assert answer(client, session, activity, {health.pk: 6, swim.pk: 4}).status_code == 302
    with CaptureQueriesContext(connection) as captured:
        response = answer(client, session, activity, {health.pk: 3, swim.pk: 7})
    assert response.status_code == 302
    # Sessions and the throttle's counters are in Redis in production (here the database);
    # the savepoints are the test's own transaction.
    own = [
        q["sql"]
        for q in captured
        if "django_session" not in q["sql"]
        and '"cache_key"' not in q["sql"]
        and not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    assert len(own) == 3, [sql[:80] for sql in own]
    assert "budgeting_ballot_cast" in own[-1]
    # Prepared once per connection, so the database neither parses nor plans them again;
    # never behind pgbouncer in transaction mode (ARKI_PGBOUNCER: no prepare threshold).
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    may_prepare = connection.connection.prepare_threshold is not None
    assert any("budgeting_ballot_cast" in sql for sql in prepared) == may_prepare
    account = VoucherAccount.objects.get(round=_round)
    assert dict(account.allocations.values_list("item_id", "vouchers")) == {
        health.pk: 3,
        swim.pk: 7,
    }


def test_the_written_out_round_reads_are_the_orm_rows(live_round, items):
    """The phone's and the projector's round (one hand-written statement) and the posted
    ballot's (ids and names only, the rest deferred) hold exactly what the ORM reads."""
    round_, _session, activity = live_round
    expected = BudgetRound.objects.get(pk=round_.pk)
    expected_items = list(expected.items.all())

    def values(obj):
        return [getattr(obj, f.attname) for f in obj._meta.concrete_fields]

    for read in (selectors.round_for_activity, selectors.round_for_ballot):
        fresh = type(activity).objects.get(pk=activity.pk)
        got = read(fresh)
        with CaptureQueriesContext(connection) as captured:
            got_items = list(got.items.all())
        assert len(captured) == 0  # the items came with the round
        assert [item.pk for item in got_items] == [item.pk for item in expected_items]
        # Deferred fields are read when used, and are the database's values.
        assert values(got) == values(expected)
        assert [values(item) for item in got_items] == [values(i) for i in expected_items]
        assert read(fresh) is got  # cached on the activity


def test_gift_views_and_bad_input(live_round, items, process, municipalities, make_person):
    round_, session, activity = live_round
    giver = phone(session, "Antaja")
    person = make_person(process, municipalities["Kajaani"])
    receiver_seat = join(session, person=person)
    wallet_url = f"/en/vouchers/{session.code}/{activity.pk}/"
    assert giver.get(wallet_url).status_code == 200
    before = snapshot(round_)
    for data, message in [
        ({"receiver": "1", "vouchers": "2"}, "yourself"),
        ({"receiver": "99", "vouchers": "2"}, "No participant"),
        ({"receiver": "KAJ-999", "vouchers": "2"}, "No participant"),
        ({"receiver": person.code, "vouchers": "0"}, "at least one whole voucher"),
        ({"receiver": person.code, "vouchers": "2.5"}, "whole number"),
        ({"receiver": person.code, "vouchers": "11"}, "10 unspent vouchers"),
    ]:
        response = giver.post(wallet_url, data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert snapshot(round_) == before
    response = giver.post(wallet_url, {"receiver": person.code, "vouchers": "3"})
    assert response.status_code == 302
    gift = Gift.objects.get()
    assert gift.receiver.seat == receiver_seat and gift.vouchers == 3
    take_back = f"{wallet_url}gifts/{gift.pk}/take-back/"
    assert take_back in giver.get(wallet_url).content.decode()
    assert giver.post(take_back).status_code == 302
    gift.refresh_from_db()
    assert gift.status == "taken_back"
    # A stranger without a seat cannot take anything back.
    assert Client().post(take_back).status_code == 302
    assert Gift.objects.get().status == "taken_back"


def test_paper_tally_flow(live_round, items, process, facilitator, make_user):
    round_, _session, _activity = live_round
    first = staff_client(facilitator)
    url = f"/en/staff/budgeting/{process.slug}/rounds/{round_.pk}/paper/"
    health = items[HEALTH_CENTRE]
    bad = first.post(url, {"table": "Pöytä 1", "ballots": "2", f"item-{health.pk}": "-3"})
    assert bad.status_code == 400 and not PaperTally.objects.exists()
    assert (
        first.post(url, {"table": "Pöytä 1", "ballots": "2", f"item-{health.pk}": "15"}).status_code
        == 302
    )
    tally = PaperTally.objects.get()
    confirm = f"{url}{tally.pk}/confirm/"
    first.post(confirm)
    tally.refresh_from_db()
    assert tally.confirmed_at is None
    second = staff_client(make_user(Role.CONTACT, process=process))
    second.post(confirm)
    tally.refresh_from_db()
    assert tally.confirmed_by is not None


def test_results_query_count_is_constant(
    live_round, items, facilitator, process, django_assert_max_num_queries
):
    round_, session, _activity = live_round
    client = staff_client(facilitator)
    url = f"/en/staff/budgeting/{process.slug}/rounds/{round_.pk}/results/"

    def vote(n):
        for _ in range(n):
            services.ballot_cast(
                round_=round_, seat=join(session), allocations={items[LIBRARY].pk: 3}
            )

    vote(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    vote(20)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert "66" in response.content.decode()  # 22 ballots × 3 vouchers


def test_exports(live_round, items, facilitator, process):
    round_, session, _activity = live_round
    services.ballot_cast(
        round_=round_,
        seat=join(session),
        allocations={items[HEALTH_CENTRE].pk: 7, items[LIBRARY].pk: 3},
    )
    client = staff_client(facilitator)
    base = f"/en/staff/budgeting/{process.slug}/rounds/{round_.pk}/export"
    csv_text = client.get(f"{base}.csv").content.decode("utf-8-sig")
    assert "Health centre;Health;Public sector;;7" in csv_text
    workbook = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").content))
    assert len(workbook.sheetnames) >= 5
    election = read_pb_string(client.get(f"{base}.pb").content.decode())
    assert election.vote_type.value == "cumulative"
    assert election.num_voters == 1
    assert sorted(election.project_points()) == [0, 0, 3, 7]
    assert client.get(f"{base}.doc").status_code == 404


def test_public_section_after_publish(live_round, items, facilitator, process):
    round_, session, _activity = live_round
    services.ballot_cast(
        round_=round_, seat=join(session), allocations={items[HEALTH_CENTRE].pk: 10}
    )
    workshop_publish(workshop=round_.workshop, by=facilitator)
    url = f"/en/p/{process.slug}/workshops/3/"
    assert "budgeting-public" not in Client().get(url).content.decode()
    services.round_close(round_=round_, by=facilitator)
    services.discussion_save(round_=round_, text="Liikenne nousi esiin.", by=facilitator)
    services.round_publish(round_=round_, publish=True, by=facilitator)
    page = Client().get(url).content.decode()
    assert "budgeting-public" in page and "Liikenne nousi esiin." in page


def test_real_budget_round_shows_both_rules(process, facilitator):
    workshop = process.workshops.get(position=3)
    round_ = services.round_create(
        workshop=workshop,
        title="Kylien budjetti",
        kind=RoundKind.PROJECTS,
        budget=100,
        by=facilitator,
    )
    big = services.item_add_project(round_=round_, name="Iso", cost=60, by=facilitator)
    mid = services.item_add_project(round_=round_, name="Keski", cost=40, by=facilitator)
    small = services.item_add_project(round_=round_, name="Pieni", cost=40, by=facilitator)
    hall = services.item_add_project(round_=round_, name="Halli", cost=200, by=facilitator)
    session = live_services.session_open(workshop=workshop, by=facilitator)
    services.round_start_live(round_=round_, session=session, by=facilitator)
    # A majority of 10 splits between Iso and Keski; a minority of 8 puts 4 on Pieni and
    # 6 on a hall nobody can afford. Greedy follows the majority's points; Equal Shares
    # gives the minority its share of the budget, which pays for Pieni.
    for _ in range(10):
        services.ballot_cast(round_=round_, seat=join(session), allocations={big.pk: 5, mid.pk: 5})
    for _ in range(8):
        services.ballot_cast(
            round_=round_, seat=join(session), allocations={small.pk: 4, hall.pk: 6}
        )
    page = (
        staff_client(facilitator)
        .get(f"/en/staff/budgeting/{process.slug}/rounds/{round_.pk}/results/")
        .content.decode()
    )
    assert "Equal Shares" in page
    comparison = selectors.budget_comparison(round_, list(round_.items.all()))
    assert comparison.greedy.funded == [str(big.pk), str(mid.pk)]
    assert set(comparison.mes.funded) == {str(mid.pk), str(small.pk)}
    assert (comparison.only_greedy, comparison.only_mes) == ([str(big.pk)], [str(small.pk)])
    assert "Only Equal Shares funds Pieni" in page


def test_core_paper_entry_and_table_tablet(live_round, items, facilitator, process):
    """One paper ballot typed in through the core's paper page; one ballot on a tablet."""
    round_, session, activity = live_round
    client = staff_client(facilitator)
    health = items[HEALTH_CENTRE]
    response = client.post(
        f"/en/staff/sessions/{session.code}/paper/",
        {
            "activity": activity.pk,
            "seat": "new",
            "label": "Paperi 1",
            f"a{activity.pk}-item-{health.pk}": 9,
        },
    )
    assert response.status_code == 302
    paper = VoucherAccount.objects.get(seat__label="Paperi 1")
    assert (paper.channel, paper.spent, paper.entered_by) == ("paper", 9, facilitator)

    tablet_url = f"/en/staff/budgeting/{process.slug}/rounds/{round_.pk}/tablet/"
    response = client.post(tablet_url, {"label": "Pöytä 2 / Aino"})
    assert response.status_code == 302 and "?seat=" in response.url
    bad = client.post(response.url, {f"item-{health.pk}": "11"})
    assert bad.status_code == 400 and "You hold 10 vouchers" in bad.content.decode()
    assert client.post(response.url, {f"item-{health.pk}": "10"}).status_code == 302
    tablet = VoucherAccount.objects.get(seat__label="Pöytä 2 / Aino")
    assert (tablet.channel, tablet.spent) == ("tablet", 10)
    totals = selectors.round_totals(round_)
    assert [(c.channel, c.participants, c.vouchers) for c in totals.channels] == [
        ("tablet", 1, 10),
        ("paper", 1, 9),
    ]


def test_round_list_query_count_is_constant(process, facilitator, django_assert_num_queries):
    client = staff_client(facilitator)
    workshop = process.workshops.get(position=3)
    url = f"/en/staff/budgeting/{process.slug}/"

    def add(n):
        for k in range(n):
            services.round_create(
                workshop=workshop, title=f"Kierros {k}", services=catalogue(LIBRARY), by=facilitator
            )

    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add(10)
    with django_assert_num_queries(len(one)):
        response = client.get(url)
    assert response.content.decode().count("/rounds/") == 11


def test_gdpr_export_and_erase(live_round, items, process, municipalities, make_person):
    round_, session, _activity = live_round
    person = make_person(process, municipalities["Paltamo"])
    seat = join(session, person=person)
    services.ballot_cast(round_=round_, seat=seat, allocations={items[LIBRARY].pk: 4})
    data = personal_data_export(person)
    assert data["voucher_rounds"][0]["ballot"] == {str(items[LIBRARY]): 4}
    assert personal_data_erase(person) == {"voucher_ballots_kept_anonymous": 1}
    assert VoucherAccount.objects.get(seat=seat).spent == 4


def test_add_service_item_until_first_ballot(live_round, items, facilitator, process):
    round_, session, _activity = live_round
    client = staff_client(facilitator)
    detail = f"/en/staff/budgeting/{process.slug}/rounds/{round_.pk}/"
    (pharmacy,) = catalogue("Apteekki")
    bad = client.post(f"{detail}items/", {"service": items[LIBRARY].service_id})
    assert bad.status_code == 400 and round_.items.count() == 4  # already on the round
    response = client.post(f"{detail}items/", {"service": pharmacy.pk, "category": "everyday"})
    assert response.status_code == 302
    added = round_.items.get(service=pharmacy)
    assert (added.category, added.sector) == ("everyday", "private")
    services.ballot_cast(round_=round_, seat=join(session), allocations={added.pk: 1})
    page = client.get(detail).content.decode()
    assert f"{detail}items/" not in page  # no more adding once ballots exist
    assert "Ballots have already been cast" in page


def test_ballot_page_and_projector_queries_stay_constant(
    live_round, items, facilitator, django_assert_num_queries
):
    round_, session, _activity = live_round
    me = phone(session, "Minä")
    projector = staff_client(facilitator)
    urls = {
        "ballot": (me, f"/en/live/{session.code}/"),
        "projector": (projector, f"/en/staff/sessions/{session.code}/projector/results/"),
    }
    my_seat = session.seats.get(label="Minä")

    def grow(n):
        for _ in range(n):
            other = join(session)
            services.voucher_gift(round_=round_, giver=other, receiver=my_seat, vouchers=1)
            services.ballot_cast(round_=round_, seat=other, allocations={items[LIBRARY].pk: 9})

    grow(1)
    counts = {}
    for name, (client, url) in urls.items():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts[name] = len(captured)
    grow(8)  # 9 gifts in all: one seat can receive at most 10
    for name, (client, url) in urls.items():
        with django_assert_num_queries(counts[name]):
            response = client.get(url)
        assert response.status_code == 200
    assert "data-held>19<" in me.get(urls["ballot"][1]).content.decode()


def test_console_offers_only_this_workshops_rounds(client, db, process, make_user):
    """A facilitator adding a voucher ballot sees this workshop's open rounds, no others."""
    from arki.budgeting.activities import VoucherBallot
    from arki.budgeting.models import BudgetRound
    from arki.core.services.live import session_open

    workshop, other = process.workshops.get(position=3), process.workshops.get(position=4)
    session = session_open(workshop=workshop, by=None)
    ours = BudgetRound.objects.create(workshop=workshop, title="Hyvinvointisetelit")
    BudgetRound.objects.create(workshop=other, title="Toisen työpajan kierros")
    rounds = list(VoucherBallot.config_form(session=session).fields["round"].queryset)
    assert rounds == [ours]


def test_pb_convert_command_writes_a_round(live_round, items, tmp_path):
    """`arki pb convert --round ID --to pb` writes the same cumulative file as the export."""
    from django.core.management import CommandError, call_command

    round_, session, _activity = live_round
    services.ballot_cast(
        round_=round_, seat=join(session), allocations={items[HEALTH_CENTRE].pk: 6}
    )
    target = tmp_path / "round.pb"
    call_command("pb", "convert", "--round", str(round_.pk), "--to", "pb", "--output", str(target))
    election = read_pb_string(target.read_text(encoding="utf-8"))
    assert election.num_voters == 1
    assert sorted(election.project_points()) == [0, 0, 0, 6]
    with pytest.raises(CommandError, match="No budgeting round"):
        call_command("pb", "convert", "--round", "999999", "--to", "pb", "--output", str(target))


# --- refused and empty ballots, abstentions, the gift cap (issue 12, findings 2 and 5) ---------


def typed_value(html: str, activity, item) -> str | None:
    """The value the ballot's number field for `item` shows on the page."""
    import re

    name = f"a{activity.pk}-item-{item.pk}" if activity is not None else f"item-{item.pk}"
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    return match.group(1) if match else None


def projector_summary(client, session) -> str:
    html = client.get(f"/en/staff/sessions/{session.code}/projector/results/").content.decode()
    return " ".join(html.split())


def test_overspent_ballot_comes_back_as_typed_and_an_empty_one_is_never_counted(
    live_round, items, facilitator
):
    """The reported sequence: 2+3+1+9 = 15 of 10 is refused, then "send" again."""
    round_, session, activity = live_round
    client = phone(session, "Maija")
    names = [HEALTH_CENTRE, SWIMMING_HALL, LIBRARY, BUS]
    typed = dict(zip(names, [2, 3, 1, 9], strict=True))
    response = answer(client, session, activity, {items[n].pk: v for n, v in typed.items()})
    assert response.status_code == 409
    html = response.content.decode()
    assert "You hold 10 vouchers; this ballot spends 15." in html
    assert {n: typed_value(html, activity, items[n]) for n in names} == {
        n: str(v) for n, v in typed.items()
    }
    assert 'class="dirty"' in html  # the page's refresh does not blank the typed answer
    assert not VoucherAccount.objects.filter(round=round_).exists()

    response = answer(client, session, activity, {})
    assert response.status_code == 409
    assert "The ballot is empty: put vouchers on a service, or choose" in response.content.decode()
    assert not VoucherAccount.objects.filter(round=round_).exists()
    projector = staff_client(facilitator)
    assert "0 voters" in projector_summary(projector, session)

    key = f"a{activity.pk}-abstain"
    assert (
        client.post(f"/en/live/{session.code}/answer/{activity.pk}/", {key: "on"}).status_code
        == 302
    )
    summary = projector_summary(projector, session)
    assert "0 voters" in summary and "1 abstained" in summary
    account = VoucherAccount.objects.get(round=round_)
    assert (account.cast_at, account.spent) == (None, 0)


def test_empty_ballot_message_in_finnish_and_swedish(live_round):
    _round, session, activity = live_round
    client = phone(session)
    for prefix, message in [("", "Äänestyslippu on tyhjä"), ("/sv", "Röstsedeln är tom")]:
        response = client.post(f"{prefix}/live/{session.code}/answer/{activity.pk}/", {})
        assert response.status_code == 409
        assert message in response.content.decode()
    assert not VoucherAccount.objects.exists()


def test_ballot_shows_abstain_choice_and_gift_cap(live_round):
    _round, session, _activity = live_round
    html = phone(session).get(f"/en/live/{session.code}/").content.decode()
    assert "I abstain: I do not spend my vouchers in this round" in html
    assert "You can receive at most 10 vouchers as gifts from others." in html


def test_empty_paper_and_tablet_ballots_are_refused_abstentions_kept(
    live_round, items, facilitator, process
):
    round_, session, activity = live_round
    client = staff_client(facilitator)
    paper_url = f"/en/staff/sessions/{session.code}/paper/"
    paper = {"activity": activity.pk, "seat": "new", "label": "Paperi 1"}
    response = client.post(paper_url, paper)
    assert response.status_code == 400
    assert "The ballot is empty" in response.content.decode()
    assert not session.seats.exists()  # no empty paper seat is left behind
    assert not VoucherAccount.objects.exists()
    assert client.post(paper_url, {**paper, f"a{activity.pk}-abstain": "on"}).status_code == 302
    abstained = VoucherAccount.objects.get(seat__label="Paperi 1")
    assert (abstained.channel, abstained.cast_at, abstained.entered_by) == (
        "paper",
        None,
        facilitator,
    )

    tablet_url = f"/en/staff/budgeting/{process.slug}/rounds/{round_.pk}/tablet/"
    seat_url = client.post(tablet_url, {"label": "Aino"}).url
    response = client.post(seat_url, {f"item-{items[LIBRARY].pk}": "0"})
    assert response.status_code == 400
    assert "The ballot is empty" in response.content.decode()
    assert typed_value(response.content.decode(), None, items[LIBRARY]) == "0"
    assert not VoucherAccount.objects.filter(seat__label="Aino").exists()
    totals = selectors.round_totals(round_)
    assert (totals.participants, totals.abstentions) == (0, 1)


def test_gift_over_the_cap_is_refused_with_a_clear_message(live_round):
    round_, session, activity = live_round
    receiver = phone(session, "Saaja")
    receiver_number = session.seats.get(label="Saaja").number
    wallet_url = f"/en/vouchers/{session.code}/{activity.pk}/"
    for label in ("Eka", "Toka"):
        giver = phone(session, label)
        data = {"receiver": str(receiver_number), "vouchers": "5"}
        assert giver.post(wallet_url, data).status_code == 302
    before = snapshot(round_)
    third = phone(session, "Kolmas")
    response = third.post(wallet_url, {"receiver": str(receiver_number), "vouchers": "1"})
    assert response.status_code == 400
    assert (
        "One participant can receive at most 10 vouchers as gifts in this round; "
        "this one can still receive 0." in response.content.decode()
    )
    assert snapshot(round_) == before
    assert "data-held>20<" in receiver.get(f"/en/live/{session.code}/").content.decode()


def test_guessing_session_codes_through_the_voucher_wallet_is_throttled(client, process):
    """The wallet answered 404 for an unknown code and redirected for a real one, so it told a
    guesser which sessions exist; wrong codes there now count like wrong codes on the join page."""
    from django.conf import settings

    from arki.core.services.live import session_open

    session = session_open(workshop=process.workshops.get(position=3), by=None)
    for attempt in range(settings.ARKI_CODE_ATTEMPTS):
        wallet = reverse("budgeting_public:wallet", args=[f"ZZZZZ{attempt}", 1])
        assert client.get(wallet).status_code == 404
    real = client.get(reverse("budgeting_public:wallet", args=[session.code, 1]))
    assert real.status_code == 429
    assert client.get(reverse("live:join", args=[session.code])).status_code == 429
