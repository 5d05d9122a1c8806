"""The voucher ballot's two implementations agree.

PostgreSQL runs a ballot as one database function (migration 0007); SQLite runs the same
steps as statements from Python. Here, on PostgreSQL, two seats of one session receive the
same requests in the same state — one through each implementation — and must be refused
with the same message or leave the same rows.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arki.core.enums import ActivityState, Channel
from arki.core.services import live as live_services

from .. import services
from ..models import BudgetRound, VoucherAccount
from .factories import join

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

BALLOT = st.tuples(
    st.just("ballot"),
    st.dictionaries(st.integers(0, 3), st.integers(0, 14), max_size=4),  # item → vouchers
    st.sampled_from(Channel.values),
    st.booleans(),  # entered by staff
)
STEP = st.one_of(
    BALLOT,
    BALLOT,
    st.tuples(st.just("gift"), st.integers(1, 6)),  # both seats receive this many
    st.tuples(st.just("activity"), st.sampled_from([ActivityState.OPEN, ActivityState.CLOSED])),
    st.tuples(st.just("close_round")),
)


def state(account_id: int | None):
    if account_id is None:
        return None
    account = VoucherAccount.objects.get(pk=account_id)
    return (
        account.allowance,
        account.received,
        account.receive_limit,
        account.given,
        account.spent,
        account.channel,
        account.entered_by_id,
        account.cast_at is not None,
        account.abstained_at is not None,
        sorted(account.allocations.values_list("item__name", "vouchers")),
    )


def outcome(cast, round_, seat, clean, abstain, channel, entered_by):
    try:
        account, created = cast(round_, seat, clean, abstain, channel, entered_by)
    except ValidationError as error:
        return ("refused", error.messages), None
    return ("stored", created), account


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(STEP, min_size=1, max_size=12))
def test_ballot_implementations_agree(live_round, items, facilitator, steps):
    round_, session, activity = live_round
    item_ids = [item.pk for item in items.values()]
    with transaction.atomic():
        function_seat, statements_seat = join(session, "F"), join(session, "S")
        donors = {function_seat.pk: join(session, "DF"), statements_seat.pk: join(session, "DS")}
        accounts: dict[str, int | None] = {"F": None, "S": None}
        stamps: dict[str, tuple] = {"F": (None, None), "S": (None, None)}
        for step in steps:
            if step[0] == "ballot":
                _kind, votes, channel, by_staff = step
                clean = {item_ids[i]: n for i, n in votes.items() if n}
                abstain = not clean
                entered_by = facilitator if by_staff else None
                args = (clean, abstain, channel, entered_by)
                by_function, f_account = outcome(
                    services._ballot_cast_function, round_, function_seat, *args
                )
                by_statements, s_account = outcome(
                    services._ballot_cast_statements, round_, statements_seat, *args
                )
                assert by_function == by_statements
                if f_account is not None:
                    accounts["F"], accounts["S"] = f_account.pk, s_account.pk
                    # What the caller gets back is what was stored.
                    for account in (f_account, s_account):
                        assert state(account.pk)[4] == account.spent
                    # A changed ballot keeps when it was first cast; both agree on that.
                    new = {
                        key: (a.cast_at, a.abstained_at)
                        for key, a in (("F", f_account), ("S", s_account))
                    }
                    kept = {key: new[key] == stamps[key] for key in new}
                    assert kept["F"] == kept["S"]
                    stamps = new
            elif step[0] == "gift":
                given = []
                for seat in (function_seat, statements_seat):
                    try:
                        services.voucher_gift(
                            round_=round_, giver=donors[seat.pk], receiver=seat, vouchers=step[1]
                        )
                        given.append(None)
                    except ValidationError as error:
                        given.append(error.messages)
                assert given[0] == given[1]
                # The gifts created the accounts if the ballots had not.
                for key, seat in (("F", function_seat), ("S", statements_seat)):
                    found = VoucherAccount.objects.filter(round=round_, seat=seat).first()
                    accounts[key] = found.pk if found else None
            elif step[0] == "activity":
                live_services.activity_set_state(activity=activity, state=step[1], by=facilitator)
            else:
                services.round_close(round_=BudgetRound.objects.get(pk=round_.pk), by=facilitator)
            assert state(accounts["F"]) == state(accounts["S"])
        transaction.set_rollback(True)
