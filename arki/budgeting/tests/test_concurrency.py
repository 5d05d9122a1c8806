"""No voucher is ever spent twice, under real parallel requests on PostgreSQL.

Every test starts its requests in threads released together by a barrier; each thread has
its own database connection (Django opens one per thread), so the transactions really
overlap. SQLite serialises writers and cannot show this, so these tests run on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from arki.core.services.live import seat_for_secret
from arki.core.tests.parallel import POSTGRES_RACES, run_parallel

from ..enums import GiftStatus
from ..models import Gift, VoucherAccount
from ..selectors import round_totals
from .factories import HEALTH_CENTRE, LIBRARY, SWIMMING_HALL

pytestmark = POSTGRES_RACES


def participant(code: str, label: str) -> Client:
    client = Client()
    response = client.post(f"/join/{code}/", {"label": label, "access_code": ""})
    assert response.status_code == 302
    return client


def second_tab(client: Client) -> Client:
    tab = Client()
    tab.cookies = client.cookies
    return tab


def seat_number(client: Client, session) -> int:
    secret = client.session["arki_seats"][str(session.pk)]
    return seat_for_secret(session, secret).number


def ballot(client: Client, code: str, activity, counts: dict) -> Callable[[], int]:
    data = {f"a{activity.pk}-item-{item.pk}": n for item, n in counts.items()}
    return lambda: client.post(f"/live/{code}/answer/{activity.pk}/", data).status_code


def gift(client: Client, code: str, activity, receiver: int, vouchers: int) -> Callable[[], int]:
    data = {"receiver": str(receiver), "vouchers": str(vouchers)}
    return lambda: client.post(f"/vouchers/{code}/{activity.pk}/", data).status_code


def assert_ledger_consistent(round_) -> None:
    for account in VoucherAccount.objects.filter(round=round_):
        assert account.spent + account.given <= account.allowance + account.received
        assert account.spent == sum(a.vouchers for a in account.allocations.all())
        live_in = Gift.objects.filter(receiver=account, status=GiftStatus.GIVEN)
        live_out = Gift.objects.filter(giver=account, status=GiftStatus.GIVEN)
        assert account.received == sum(g.vouchers for g in live_in)
        assert account.given == sum(g.vouchers for g in live_out)


def test_two_tabs_of_one_participant_cannot_overspend(live_round, items):
    round_, session, activity = live_round
    code = session.code
    for attempt in range(5):
        me = participant(code, f"Minä {attempt}")
        friends = [participant(code, f"Ystävä {attempt}{k}") for k in range(2)]
        numbers = [seat_number(f, session) for f in friends]
        statuses = run_parallel(
            [
                gift(me, code, activity, numbers[0], 6),
                gift(second_tab(me), code, activity, numbers[1], 6),
                ballot(second_tab(me), code, activity, {items[HEALTH_CENTRE]: 10}),
            ]
        )
        assert statuses.count(302) == 1, statuses  # exactly one of the three fits in 10
        mine = VoucherAccount.objects.get(
            round=round_, seat__number=seat_number(me, session), seat__session=session
        )
        assert mine.spent + mine.given == (10 if statuses[2] == 302 else 6)
    assert_ledger_consistent(round_)


def test_a_gift_cannot_be_spent_by_giver_and_receiver(live_round, items):
    round_, session, activity = live_round
    code = session.code
    for attempt in range(5):
        giver = participant(code, f"Antaja {attempt}")
        receiver = participant(code, f"Saaja {attempt}")
        assert gift(giver, code, activity, seat_number(receiver, session), 5)() == 302
        given = Gift.objects.get(
            giver__seat__session=session, giver__seat__label=f"Antaja {attempt}"
        )
        take_back_url = f"/vouchers/{code}/{activity.pk}/gifts/{given.pk}/take-back/"
        run_parallel(
            [
                lambda g=giver, url=take_back_url: g.post(url).status_code,
                ballot(receiver, code, activity, {items[SWIMMING_HALL]: 15}),
                ballot(second_tab(giver), code, activity, {items[LIBRARY]: 10}),
            ]
        )
        given.refresh_from_db()
        spent_by_receiver = VoucherAccount.objects.get(pk=given.receiver_id).spent
        giver_account = VoucherAccount.objects.get(pk=given.giver_id)
        if given.status == GiftStatus.GIVEN:
            # The gift stayed: the giver can have spent only their remaining 5.
            assert giver_account.spent == 0
            assert spent_by_receiver in (0, 15)
        else:
            # Taken back: the receiver cannot have spent it.
            assert spent_by_receiver == 0
            assert giver_account.spent in (0, 10)
    assert_ledger_consistent(round_)


def test_parallel_ballots_are_all_counted(live_round, items):
    round_, session, activity = live_round
    code = session.code
    people = [participant(code, f"Osallistuja {k}") for k in range(24)]
    health, swim = items[HEALTH_CENTRE], items[SWIMMING_HALL]
    statuses = run_parallel([ballot(p, code, activity, {health: 6, swim: 4}) for p in people])
    assert statuses == [302] * len(people)
    totals = round_totals(round_)
    values = {row.key: row.value for row in totals.item_rows}
    assert (values[health.pk], values[swim.pk]) == (6 * 24, 4 * 24)
    assert totals.participants == 24
    assert_ledger_consistent(round_)


def test_closing_during_a_burst_freezes_the_ledger(live_round, items, facilitator):
    """Ballots racing a close are either wholly before it or refused; nothing changes after."""
    round_, session, activity = live_round
    code = session.code
    people = [participant(code, f"Myöhäinen {k}") for k in range(12)]
    staff = Client()
    staff.force_login(facilitator)
    close_url = f"/staff/budgeting/{round_.workshop.process.slug}/rounds/{round_.pk}/close/"
    calls = [ballot(p, code, activity, {items[LIBRARY]: 10}) for p in people]
    calls.insert(6, lambda: staff.post(close_url).status_code)
    statuses = run_parallel(calls)
    round_.refresh_from_db()
    assert round_.closed_at is not None
    accepted = statuses.count(302) - 1  # the close itself redirects too
    cast = VoucherAccount.objects.filter(round=round_, cast_at__isnull=False)
    assert cast.count() == accepted
    assert all(account.modified_at <= round_.closed_at for account in cast)
    assert set(statuses) <= {302, 409, 410}
    late = participant(code, "Liian myöhään")
    assert ballot(late, code, activity, {items[LIBRARY]: 1})() == 409
    assert cast.count() == accepted


def test_parallel_gifts_never_pass_the_receivers_cap(live_round):
    """Three gifts of 5 to one seat at once: the cap of 10 lets exactly two through."""
    round_, session, activity = live_round
    code = session.code
    receiver = participant(code, "Saaja")
    number = seat_number(receiver, session)
    givers = [participant(code, f"Antaja {k}") for k in range(3)]
    statuses = run_parallel([gift(g, code, activity, number, 5) for g in givers])
    assert sorted(statuses) == [302, 302, 400]
    account = VoucherAccount.objects.get(round=round_, seat__number=number, seat__session=session)
    assert (account.received, account.receive_limit) == (10, 10)
    assert_ledger_consistent(round_)
