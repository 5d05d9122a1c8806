"""The voucher ledger: ballots, gifts, take-backs, paper tallies, closing, and bad input."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arki.core.enums import ActivityState, Channel, Role
from arki.core.services import live as live_services

from .. import services
from ..enums import GiftStatus, RoundKind
from ..models import Allocation, Gift, PaperTally, VoucherAccount
from ..selectors import round_totals, wallet_of
from .factories import HEALTH_CENTRE, LIBRARY, SWIMMING_HALL, catalogue, join

pytestmark = pytest.mark.django_db


def snapshot(round_):
    """Everything the ledger holds, to show that a refused request changed nothing."""
    return (
        sorted(
            VoucherAccount.objects.filter(round=round_).values_list(
                "seat_id", "allowance", "received", "given", "spent", "cast_at", "abstained_at"
            )
        ),
        sorted(
            Allocation.objects.filter(account__round=round_).values_list(
                "account_id", "item_id", "vouchers"
            )
        ),
        sorted(
            Gift.objects.filter(round=round_).values_list(
                "giver_id", "receiver_id", "vouchers", "status"
            )
        ),
        sorted(
            PaperTally.objects.filter(round=round_).values_list("table", "ballots", "confirmed_at")
        ),
    )


def test_ballot_any_whole_split_and_change(live_round, items):
    round_, session, _activity = live_round
    seat = join(session)
    health, swim = items[HEALTH_CENTRE], items[SWIMMING_HALL]
    account, created = services.ballot_cast(
        round_=round_, seat=seat, allocations={health.pk: 7, swim.pk: 3}
    )
    assert created is True
    assert (account.allowance, account.spent, account.unspent) == (10, 10, 0)
    account, created = services.ballot_cast(round_=round_, seat=seat, allocations={health.pk: 10})
    assert created is False
    assert dict(account.allocations.values_list("item_id", "vouchers")) == {health.pk: 10}
    assert VoucherAccount.objects.filter(round=round_).count() == 1
    totals = round_totals(round_)
    assert {row.label: row.value for row in totals.item_rows}[str(health)] == 10
    assert totals.participants == 1


def test_gift_then_receiver_spends_thirteen(live_round, items):
    round_, session, _activity = live_round
    giver, receiver = join(session), join(session)
    services.ballot_cast(round_=round_, seat=giver, allocations={items[LIBRARY].pk: 7})
    gift = services.voucher_gift(round_=round_, giver=giver, receiver=receiver, vouchers=3)
    account, _created = services.ballot_cast(
        round_=round_, seat=receiver, allocations={items[HEALTH_CENTRE].pk: 13}
    )
    assert account.held == 13 and account.spent == 13
    wallet = wallet_of(round_, receiver)
    assert [g.pk for g in wallet.gifts_received] == [gift.pk]
    assert wallet_of(round_, giver).unspent == 0
    # The receiver spent the gift: it can no longer be taken back.
    with pytest.raises(ValidationError, match="already used"):
        services.gift_take_back(gift=gift, seat=giver)
    gift.refresh_from_db()
    assert gift.status == GiftStatus.GIVEN
    assert round_totals(round_).vouchers == 20


def test_take_back_while_unspent(live_round):
    round_, session, _activity = live_round
    giver, receiver = join(session), join(session)
    gift = services.voucher_gift(round_=round_, giver=giver, receiver=receiver, vouchers=4)
    services.gift_take_back(gift=gift, seat=giver)
    gift.refresh_from_db()
    assert gift.status == GiftStatus.TAKEN_BACK and gift.taken_back_at is not None
    assert wallet_of(round_, giver).held == 10
    assert wallet_of(round_, receiver).held == 10
    with pytest.raises(ValidationError, match="already been taken back"):
        services.gift_take_back(gift=gift, seat=giver)
    with pytest.raises(ValidationError, match="Only the giver"):
        services.gift_take_back(gift=gift, seat=receiver)


def test_cannot_give_spent_vouchers(live_round, items):
    round_, session, _activity = live_round
    giver, receiver = join(session), join(session)
    services.ballot_cast(round_=round_, seat=giver, allocations={items[LIBRARY].pk: 8})
    before = snapshot(round_)
    with pytest.raises(ValidationError, match="2 unspent vouchers"):
        services.voucher_gift(round_=round_, giver=giver, receiver=receiver, vouchers=3)
    assert snapshot(round_) == before


@pytest.mark.parametrize(
    ("allocations", "message"),
    [
        ({"health": -1}, "cannot be negative"),
        ({"health": 1.5}, "whole numbers"),
        ({"health": "2"}, "whole numbers"),
        ({"health": 11}, "You hold 10 vouchers; this ballot spends 11."),
        ({"unknown": 1}, "not on this round"),
        ({"other-round": 1}, "not on this round"),
    ],
)
def test_bad_ballots_change_nothing(live_round, items, process, facilitator, allocations, message):
    round_, session, _activity = live_round
    seat = join(session)
    services.ballot_cast(round_=round_, seat=seat, allocations={items[LIBRARY].pk: 2})
    other = services.round_create(
        workshop=process.workshops.get(position=4),
        title="Muu",
        services=[items[LIBRARY].service],
        by=facilitator,
    )
    keys = {
        "health": items[HEALTH_CENTRE].pk,
        "unknown": 999_999,
        "other-round": other.items.get().pk,
    }
    before = snapshot(round_)
    with pytest.raises(ValidationError, match=message):
        services.ballot_cast(
            round_=round_, seat=seat, allocations={keys[k]: v for k, v in allocations.items()}
        )
    assert snapshot(round_) == before


def test_bad_gifts_change_nothing(live_round, process, facilitator):
    round_, session, _activity = live_round
    seat, other = join(session), join(session)
    stranger_session = live_services.session_open(
        workshop=process.workshops.get(position=4), by=facilitator
    )
    stranger = join(stranger_session)
    before = snapshot(round_)
    cases = [
        ({"receiver": seat, "vouchers": 1}, "yourself"),
        ({"receiver": stranger, "vouchers": 1}, "not a participant"),
        ({"receiver": other, "vouchers": 0}, "at least one whole voucher"),
        ({"receiver": other, "vouchers": -2}, "at least one whole voucher"),
        ({"receiver": other, "vouchers": 1.5}, "at least one whole voucher"),
        ({"receiver": other, "vouchers": 11}, "10 unspent vouchers"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.voucher_gift(round_=round_, giver=seat, **kwargs)
    assert snapshot(round_) == before
    with pytest.raises(ValidationError, match="No participant"):
        services.find_receiver(session, "KAJ-999")
    with pytest.raises(ValidationError, match="No participant"):
        services.find_receiver(session, "99")
    assert services.find_receiver(session, str(other.number)) == other


def test_find_receiver_by_pseudonym_code(live_round, process, municipalities, make_person):
    _round, session, _activity = live_round
    person = make_person(process, municipalities["Kuhmo"])
    seat = join(session, person=person)
    assert services.find_receiver(session, person.code.lower()) == seat


def test_closed_round_freezes_everything(live_round, items, facilitator, make_user, process):
    round_, session, _activity = live_round
    seat, other = join(session), join(session)
    gift = services.voucher_gift(round_=round_, giver=seat, receiver=other, vouchers=2)
    tally = services.tally_save(
        round_=round_, table="Pöytä 1", ballots=2, counts={items[LIBRARY].pk: 5}, by=facilitator
    )
    services.round_close(round_=round_, by=facilitator)
    assert _activity.__class__.objects.get(pk=_activity.pk).state == ActivityState.CLOSED
    before = snapshot(round_)
    second = make_user(Role.PLANNING, process=process)
    attempts = [
        lambda: services.ballot_cast(round_=round_, seat=seat, allocations={items[LIBRARY].pk: 1}),
        lambda: services.voucher_gift(round_=round_, giver=seat, receiver=other, vouchers=1),
        lambda: services.gift_take_back(gift=gift, seat=seat),
        lambda: services.tally_confirm(tally=tally, by=second),
        lambda: services.tally_delete(tally=tally, by=facilitator),
        lambda: services.tally_save(
            round_=round_, table="Pöytä 2", ballots=1, counts={items[LIBRARY].pk: 1}, by=facilitator
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="closed"):
            attempt()
    # Reopening the activity in the console does not reopen a closed round.
    live_services.activity_set_state(activity=_activity, state=ActivityState.OPEN, by=facilitator)
    with pytest.raises(ValidationError, match="closed"):
        services.ballot_cast(round_=round_, seat=seat, allocations={items[LIBRARY].pk: 1})
    assert snapshot(round_) == before


def test_activity_not_open_refuses(live_round, items, facilitator):
    round_, session, activity = live_round
    seat = join(session)
    live_services.activity_set_state(activity=activity, state=ActivityState.DRAFT, by=facilitator)
    with pytest.raises(ValidationError, match="not open"):
        services.ballot_cast(round_=round_, seat=seat, allocations={items[LIBRARY].pk: 1})
    assert not VoucherAccount.objects.filter(cast_at__isnull=False).exists()


def test_paper_tally_needs_second_person(live_round, items, facilitator, make_user, process):
    round_, _session, _activity = live_round
    tally = services.tally_save(
        round_=round_,
        table="Pöytä 3",
        ballots=3,
        counts={items[HEALTH_CENTRE].pk: 12, items[SWIMMING_HALL].pk: 8},
        by=facilitator,
    )
    assert round_totals(round_).vouchers == 0
    with pytest.raises(ValidationError, match="second person"):
        services.tally_confirm(tally=tally, by=facilitator)
    second = make_user(Role.PLANNING, process=process)
    services.tally_confirm(tally=tally, by=second)
    totals = round_totals(round_)
    assert totals.vouchers == 20
    assert [(c.channel, c.participants, c.vouchers) for c in totals.channels] == [
        (Channel.PAPER, 3, 20)
    ]
    with pytest.raises(ValidationError, match="already confirmed"):
        services.tally_save(
            round_=round_,
            table="pöytä 3",
            ballots=3,
            counts={items[HEALTH_CENTRE].pk: 1},
            by=second,
        )


def test_tally_bad_input(live_round, items, facilitator):
    round_, _session, _activity = live_round
    cases = [
        ({"table": "", "ballots": 1, "counts": {items[LIBRARY].pk: 1}}, "Name the table"),
        ({"table": "P", "ballots": 0, "counts": {items[LIBRARY].pk: 1}}, "At least one person"),
        ({"table": "P", "ballots": 1, "counts": {items[LIBRARY].pk: 11}}, "hold at most 10"),
        ({"table": "P", "ballots": 1, "counts": {items[LIBRARY].pk: -1}}, "negative"),
        ({"table": "P", "ballots": 1, "counts": {}}, "at least one item"),
        ({"table": "P", "ballots": 1, "counts": {12345678: 1}}, "not on this round"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.tally_save(round_=round_, by=facilitator, **kwargs)
    assert not PaperTally.objects.exists()


def test_database_refuses_overspending(live_round, items):
    """The CHECK constraint holds even if a bug bypassed the services."""
    round_, session, _activity = live_round
    seat = join(session)
    services.ballot_cast(round_=round_, seat=seat, allocations={items[LIBRARY].pk: 1})
    account = VoucherAccount.objects.get(seat=seat)
    with pytest.raises(IntegrityError), transaction.atomic():
        VoucherAccount.objects.filter(pk=account.pk).update(spent=11)


def test_project_round_needs_budget_and_counts(process, facilitator):
    workshop = process.workshops.get(position=3)
    with pytest.raises(ValidationError, match="budget"):
        services.round_create(
            workshop=workshop, title="PB", kind=RoundKind.PROJECTS, by=facilitator
        )
    round_ = services.round_create(
        workshop=workshop, title="PB", kind=RoundKind.PROJECTS, budget=100_000, by=facilitator
    )
    services.item_add_project(round_=round_, name="Kylätalo", cost=60_000, by=facilitator)
    with pytest.raises(ValidationError, match="already on the round"):
        services.item_add_project(round_=round_, name="kylätalo", cost=1, by=facilitator)
    assert round_.items.count() == 1


def test_items_frozen_after_first_ballot(live_round, items, facilitator):
    round_, session, _activity = live_round
    services.ballot_cast(round_=round_, seat=join(session), allocations={items[LIBRARY].pk: 1})
    with pytest.raises(ValidationError, match="already been cast"):
        services.item_remove(item=items[HEALTH_CENTRE], by=facilitator)
    assert round_.items.count() == 4


def test_deleting_a_process_removes_its_rounds(live_round, items, process, facilitator):
    """The demo reset deletes the whole process: ballots must not block it."""
    round_, session, _activity = live_round
    services.ballot_cast(round_=round_, seat=join(session), allocations={items[LIBRARY].pk: 4})
    services.tally_save(
        round_=round_, table="Pöytä", ballots=1, counts={items[LIBRARY].pk: 2}, by=facilitator
    )
    process.delete()
    assert not Allocation.objects.exists() and not PaperTally.objects.exists()


# --- empty ballots and abstentions (issue 12, finding 2) ----------------------------------------


@pytest.mark.parametrize(
    "allocations", [{}, {"health": 0}, {"health": 0, "library": 0}], ids=["none", "zero", "zeros"]
)
def test_empty_ballot_is_refused_and_nothing_stored(live_round, items, allocations):
    round_, session, _activity = live_round
    seat = join(session)
    keys = {"health": items[HEALTH_CENTRE].pk, "library": items[LIBRARY].pk}
    with pytest.raises(ValidationError, match="The ballot is empty"):
        services.ballot_cast(
            round_=round_, seat=seat, allocations={keys[k]: v for k, v in allocations.items()}
        )
    assert not VoucherAccount.objects.filter(round=round_).exists()
    totals = round_totals(round_)
    assert (totals.participants, totals.abstentions) == (0, 0)


def test_empty_ballot_does_not_replace_a_ballot(live_round, items):
    round_, session, _activity = live_round
    seat = join(session)
    services.ballot_cast(round_=round_, seat=seat, allocations={items[LIBRARY].pk: 4})
    before = snapshot(round_)
    with pytest.raises(ValidationError, match="The ballot is empty"):
        services.ballot_cast(round_=round_, seat=seat, allocations={})
    assert snapshot(round_) == before


def test_abstention_is_counted_as_such_never_as_a_voter(live_round, items):
    round_, session, _activity = live_round
    voter, abstainer = join(session), join(session)
    services.ballot_cast(round_=round_, seat=voter, allocations={items[LIBRARY].pk: 4})
    services.ballot_cast(round_=round_, seat=abstainer, allocations={items[LIBRARY].pk: 2})
    account, created = services.ballot_cast(
        round_=round_, seat=abstainer, allocations={}, abstain=True
    )
    assert created is False
    assert (account.cast_at, account.spent, account.allocations.count()) == (None, 0, 0)
    assert account.abstained_at is not None
    totals = round_totals(round_)
    assert (totals.participants, totals.abstentions, totals.vouchers) == (1, 1, 4)
    # Changing one's mind: a real ballot replaces the abstention.
    account, _created = services.ballot_cast(
        round_=round_, seat=abstainer, allocations={items[HEALTH_CENTRE].pk: 3}
    )
    assert (account.abstained_at, account.spent) == (None, 3)
    totals = round_totals(round_)
    assert (totals.participants, totals.abstentions, totals.vouchers) == (2, 0, 7)


def test_abstaining_with_vouchers_on_the_ballot_is_refused(live_round, items):
    round_, session, _activity = live_round
    seat = join(session)
    with pytest.raises(ValidationError, match="I abstain"):
        services.ballot_cast(
            round_=round_, seat=seat, allocations={items[LIBRARY].pk: 1}, abstain=True
        )
    assert not VoucherAccount.objects.filter(round=round_).exists()


def test_database_refuses_an_empty_ballot_and_a_spending_abstention(live_round, items):
    """The CHECK constraints hold even if a bug bypassed the service."""
    round_, session, _activity = live_round
    seat = join(session)
    account, _created = services.ballot_cast(
        round_=round_, seat=seat, allocations={items[LIBRARY].pk: 1}
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        VoucherAccount.objects.filter(pk=account.pk).update(spent=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        VoucherAccount.objects.filter(pk=account.pk).update(abstained_at=account.cast_at)
    account.refresh_from_db()
    assert (account.spent, account.abstained_at) == (1, None)


# --- the gift cap (issue 12, finding 5) -------------------------------------------------------


def test_gift_over_the_receivers_cap_is_refused_and_nothing_changes(live_round):
    round_, session, _activity = live_round
    assert round_.max_received == 10
    receiver = join(session)
    givers = [join(session) for _ in range(3)]
    services.voucher_gift(round_=round_, giver=givers[0], receiver=receiver, vouchers=6)
    services.voucher_gift(round_=round_, giver=givers[1], receiver=receiver, vouchers=4)
    before = snapshot(round_)
    with pytest.raises(ValidationError, match=r"at most 10 vouchers as gifts.*still receive 0"):
        services.voucher_gift(round_=round_, giver=givers[2], receiver=receiver, vouchers=1)
    assert snapshot(round_) == before
    assert wallet_of(round_, receiver).held == 20


def test_gift_cap_is_the_rounds_setting(process, facilitator):
    round_ = services.round_create(
        workshop=process.workshops.get(position=3),
        title="Ei lahjoja",
        max_received=0,
        services=catalogue(LIBRARY),
        by=facilitator,
    )
    session = live_services.session_open(workshop=round_.workshop, by=facilitator)
    services.round_start_live(round_=round_, session=session, by=facilitator)
    giver, receiver = join(session), join(session)
    with pytest.raises(ValidationError, match="at most 0 vouchers"):
        services.voucher_gift(round_=round_, giver=giver, receiver=receiver, vouchers=1)
    assert not Gift.objects.filter(round=round_).exists()
    assert not VoucherAccount.objects.filter(round=round_).exists()


def test_database_caps_what_one_seat_receives(live_round):
    round_, session, _activity = live_round
    giver, receiver = join(session), join(session)
    services.voucher_gift(round_=round_, giver=giver, receiver=receiver, vouchers=1)
    account = VoucherAccount.objects.get(seat=receiver)
    assert account.receive_limit == 10
    with pytest.raises(IntegrityError), transaction.atomic():
        VoucherAccount.objects.filter(pk=account.pk).update(received=11, allowance=20)


# --- the ledger's invariants under any sequence of requests -----------------------------------

STEP = st.tuples(
    st.sampled_from(["ballot", "empty", "abstain", "abstain_with_votes", "gift", "take_back"]),
    st.integers(0, 3),  # the acting seat
    st.integers(0, 3),  # the other seat (receiver) or the item
    st.integers(0, 12),  # vouchers
)


def assert_invariants(round_) -> None:
    accounts = list(VoucherAccount.objects.filter(round=round_).prefetch_related("allocations"))
    for account in accounts:
        assert account.spent == sum(a.vouchers for a in account.allocations.all())
        assert account.spent + account.given <= account.allowance + account.received
        assert account.received <= account.receive_limit == round_.max_received
        if account.cast_at is not None:
            assert account.spent > 0 and account.abstained_at is None
        if account.abstained_at is not None:
            assert account.spent == 0 and account.cast_at is None
    totals = round_totals(round_)
    assert totals.participants == sum(a.cast_at is not None for a in accounts)
    assert totals.abstentions == sum(a.abstained_at is not None for a in accounts)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(STEP, max_size=20))
def test_no_sequence_stores_an_empty_ballot_or_passes_the_gift_cap(live_round, items, steps):
    """Ballots, empty ballots, abstentions, gifts and take-backs in any order: a stored ballot
    always spends something, an abstention nothing, no seat receives more than the cap, the
    projector counts exactly the ballots, and every refused request changes nothing."""
    round_, session, _activity = live_round
    item_ids = [item.pk for item in items.values()]
    with transaction.atomic():
        seats = [join(session, label=f"s{k}") for k in range(4)]
        for action, actor, other, vouchers in steps:
            seat = seats[actor]
            before = snapshot(round_)
            try:
                if action in ("ballot", "abstain_with_votes"):
                    services.ballot_cast(
                        round_=round_,
                        seat=seat,
                        allocations={item_ids[other]: vouchers},
                        abstain=action == "abstain_with_votes",
                    )
                elif action in ("empty", "abstain"):
                    services.ballot_cast(
                        round_=round_, seat=seat, allocations={}, abstain=action == "abstain"
                    )
                elif action == "gift":
                    services.voucher_gift(
                        round_=round_, giver=seat, receiver=seats[other], vouchers=vouchers
                    )
                else:
                    gift = Gift.objects.filter(round=round_, giver__seat=seat).last()
                    if gift is not None:
                        services.gift_take_back(gift=gift, seat=seat)
            except ValidationError:
                assert snapshot(round_) == before
            assert_invariants(round_)
        transaction.set_rollback(True)
