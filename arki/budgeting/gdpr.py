"""GDPR hooks: a participant's voucher ballots and gifts, and what erasure does to them.

Ballots hold no identity of their own: they hang from a live-session seat, and the core's
erasure unlinks the seat from the person. The ballots then stay, anonymous, so the published
totals remain true.
"""

from __future__ import annotations

from typing import Any

from arki.core.models import Person

from .models import VoucherAccount


def _accounts(person: Person):
    return VoucherAccount.objects.filter(seat__person=person).select_related(
        "round__workshop", "seat"
    )


def personal_data_export(person: Person) -> dict[str, Any]:
    rounds = []
    for account in _accounts(person).prefetch_related(
        "allocations__item", "gifts_given__receiver__seat", "gifts_received__giver__seat"
    ):
        rounds.append(
            {
                "round": account.round.title,
                "workshop": str(account.round.workshop),
                "seat": account.seat.number,
                "channel": account.channel,
                "own_vouchers": account.allowance,
                "received": account.received,
                "given": account.given,
                "ballot": {str(a.item): a.vouchers for a in account.allocations.all()},
                "abstained": account.abstained_at is not None,
                "gifts_given": [
                    {"to_seat": g.receiver.seat.number, "vouchers": g.vouchers, "status": g.status}
                    for g in account.gifts_given.all()
                ],
                "gifts_received": [
                    {"from_seat": g.giver.seat.number, "vouchers": g.vouchers, "status": g.status}
                    for g in account.gifts_received.all()
                ],
            }
        )
    return {"voucher_rounds": rounds}


def personal_data_erase(person: Person) -> dict[str, int]:
    """Nothing to delete here; report the ballots that stay as anonymous counts."""
    return {"voucher_ballots_kept_anonymous": _accounts(person).count()}
