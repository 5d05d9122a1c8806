"""Writes of participatory budgeting: rounds, ballots, gifts, paper tallies.

Every voucher movement goes through `ballot_cast`, `voucher_gift` or `gift_take_back`. Each
one takes row locks on the voucher accounts it touches (in primary-key order, so two
opposite gifts cannot deadlock), then a share lock on the round row while it re-reads
whether the round is still open, checks the balance, and writes. `round_close` takes the
round row exclusively, so it waits for the ballots in flight and everything after it is
refused. The CHECK constraints on `VoucherAccount` back this up in the database.

A ballot, which a whole room sends within a minute, runs on PostgreSQL as one database
function doing these same steps (migration 0007, `_ballot_cast_function`); on SQLite they
run as statements from Python (`_ballot_cast_statements`). A property test proves the two
agree (tests/test_ballot_implementations.py).
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from arki.core import rawsql
from arki.core.enums import ActivityState, Channel
from arki.core.models import LiveSession, Seat, SessionActivity, Sitting, User, Workshop
from arki.core.services import live as live_services
from arki.core.services.writes import create_clean, save_fields
from arki.insight.models import Service

from .enums import GiftStatus, RoundKind
from .models import (
    DEFAULT_MAX_RECEIVED,
    DEFAULT_VOUCHERS,
    Allocation,
    BudgetItem,
    BudgetRound,
    Gift,
    PaperTally,
    PaperTallyLine,
    VoucherAccount,
)

ACTIVITY_KEY = "budgeting.vouchers"


# --- rounds and items -------------------------------------------------------------------------


def round_create(
    *,
    workshop: Workshop,
    title: str,
    kind: str = RoundKind.SERVICES,
    vouchers_per_participant: int = DEFAULT_VOUCHERS,
    max_received: int = DEFAULT_MAX_RECEIVED,
    budget: int | None = None,
    services: Iterable[Service] = (),
    by: User | None,
    title_sv: str = "",
    title_en: str = "",
) -> BudgetRound:
    """Create a round; catalogue services become its items (with their category and sector).
    `title_sv` and `title_en` are the title for participants using Swedish or English."""
    if kind == RoundKind.PROJECTS and budget is None:
        raise ValidationError({"budget": _("A round of costed projects needs a budget.")})
    with transaction.atomic():
        round_ = create_clean(
            BudgetRound,
            by=by,
            workshop=workshop,
            title=title,
            title_sv=title_sv,
            title_en=title_en,
            kind=kind,
            vouchers_per_participant=vouchers_per_participant,
            max_received=max_received,
            budget=budget if kind == RoundKind.PROJECTS else None,
        )
        for service in services:
            item_add_service(round_=round_, service=service, by=by)
    return round_


def _require_editable_items(round_: BudgetRound) -> None:
    if round_.is_closed:
        raise ValidationError(_("The round is closed; its items can no longer change."))
    if not round_.items_editable():
        raise ValidationError(_("Ballots have already been cast; the items can no longer change."))


def _item_save(round_: BudgetRound, by: User | None, **fields: Any) -> BudgetItem:
    """Validate and append an item at the end of the round's list."""
    position = (round_.items.aggregate(last=Max("position"))["last"] or 0) + 1
    return create_clean(BudgetItem, by=by, round=round_, position=position, **fields)


def item_add_service(
    *, round_: BudgetRound, service: Service, by: User | None, category: str = ""
) -> BudgetItem:
    """Put a catalogue service on the round (optionally counted under another category)."""
    _require_editable_items(round_)
    if service.process_id not in (None, round_.workshop.process_id):
        raise ValidationError(_("This service belongs to another process's catalogue."))
    if round_.items.filter(service=service).exists():
        raise ValidationError(_("This service is already on the round."))
    return _item_save(
        round_,
        by,
        service=service,
        name=service.name,
        name_sv=service.name_sv,
        name_en=service.name_en,
        category=category or service.category,
        sector=service.sector,
    )


def item_add_project(
    *,
    round_: BudgetRound,
    name: str,
    cost: int,
    description: str = "",
    category: str = "",
    sector: str = "",
    by: User | None,
) -> BudgetItem:
    _require_editable_items(round_)
    if not round_.is_projects:
        raise ValidationError(_("Services are added from the catalogue in this round."))
    if round_.items.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("A project of this name is already on the round.")})
    return _item_save(
        round_,
        by,
        name=name.strip(),
        description=description,
        category=category,
        sector=sector,
        cost=cost,
    )


def item_remove(*, item: BudgetItem, by: User | None) -> None:
    _require_editable_items(item.round)
    item.delete()


def round_activity(round_: BudgetRound, session: LiveSession | None = None):
    """The session activities running this round (normally one)."""
    activities = SessionActivity.objects.filter(kind=ACTIVITY_KEY, config__round=round_.pk)
    return activities.filter(session=session) if session is not None else activities


def round_start_live(
    *, round_: BudgetRound, session: LiveSession, by: User | None
) -> SessionActivity:
    """Add the round to a live session of its workshop and open it for ballots."""
    if round_.is_closed:
        raise ValidationError(_("The round is closed."))
    if session.workshop_id != round_.workshop_id:
        raise ValidationError(_("This live session belongs to another workshop."))
    if not session.is_open:
        raise ValidationError(_("This workshop session has ended."))
    if not round_.items.exists():
        raise ValidationError(_("Add at least one item before starting the round."))
    with transaction.atomic():
        activity = round_activity(round_, session).first()
        if activity is None:
            activity = live_services.activity_add(
                session=session,
                kind=ACTIVITY_KEY,
                title=round_.title,
                title_sv=round_.title_sv,
                title_en=round_.title_en,
                config={"round": round_.pk},
                by=by,
            )
        live_services.activity_set_state(activity=activity, state=ActivityState.OPEN, by=by)
    return activity


def round_close(*, round_: BudgetRound, by: User | None) -> BudgetRound:
    """Freeze the round: no ballot, gift, take-back or paper tally after this.

    The exclusive row lock waits for every ballot and gift in flight (each holds a share lock
    on the round row, see `_closed_at_locked`), so each is wholly before or after the close.
    """
    with transaction.atomic():
        locked = BudgetRound.objects.select_for_update().get(pk=round_.pk)
        if locked.closed_at is None:
            locked.closed_at = timezone.now()
            save_fields(locked, by, ["closed_at"])
        round_activity(locked).filter(state=ActivityState.OPEN).update(state=ActivityState.CLOSED)
    round_.closed_at = locked.closed_at
    return round_


def round_publish(*, round_: BudgetRound, publish: bool, by: User | None) -> BudgetRound:
    """Show (or hide) the round's results on the public workshop page; only after closing."""
    if publish and not round_.is_closed:
        raise ValidationError(_("Close the round before publishing its results."))
    round_.published_at = timezone.now() if publish else None
    save_fields(round_, by, ["published_at"])
    return round_


def discussion_save(*, round_: BudgetRound, text: str, by: User | None) -> BudgetRound:
    """Record what the discussion after the count raised (it often weighs what numbers miss)."""
    round_.discussion = text.strip()
    save_fields(round_, by, ["discussion"], clean=True)
    return round_


# --- the ledger -------------------------------------------------------------------------------


def _closed_at_locked(round_: BudgetRound):
    """The round's `closed_at`, read under a share lock on the round row until commit.

    On PostgreSQL, FOR KEY SHARE lets any number of ballots hold it together but makes
    `round_close` (FOR UPDATE) wait for them, and makes a ballot that arrives during a close
    wait and then see the close. SQLite runs one writer at a time, so a plain read will do.
    """
    if connection.vendor != "postgresql":
        return BudgetRound.objects.values_list("closed_at", flat=True).get(pk=round_.pk)
    table = BudgetRound._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT closed_at FROM {table} WHERE id = %s FOR KEY SHARE", [round_.pk])
        return cursor.fetchone()[0]


def _require_not_closed(round_: BudgetRound) -> None:
    if _closed_at_locked(round_) is not None:
        raise ValidationError(_("The round is closed; vouchers can no longer change."))


def _require_open(round_: BudgetRound, session: LiveSession) -> None:
    """Refuse unless the round is running in this session right now.

    Called after the voucher accounts are locked; reads the round under the share lock of
    `_closed_at_locked` and whether an open activity of the session runs it, in one
    statement (every ballot makes this check).
    """
    with rawsql.cursor() as cursor:
        cursor.execute(
            _open_statement(connection.vendor),
            [session.pk, ACTIVITY_KEY, ActivityState.OPEN, _round_json(round_.pk), round_.pk],
        )
        closed_at, running = cursor.fetchone()
    refusal = (
        "closed"
        if closed_at is not None
        else "ended"
        if not session.is_open
        else "not_open"
        if not running
        else None
    )
    if refusal is not None:
        raise _refusal(refusal)


@functools.cache
def _open_statement(vendor: str) -> str:
    quote = rawsql.quote
    config = f"a.{quote('config')}"
    # `config__round=<pk>` as Django writes it for each database Arki runs on.
    runs = (
        f"({config} -> 'round') = %s::jsonb"
        if vendor == "postgresql"
        else f"JSON_EXTRACT({config}, '$.round') = %s"
    )
    lock = " FOR KEY SHARE OF r" if vendor == "postgresql" else ""
    return (
        f"SELECT r.{quote('closed_at')}, EXISTS (SELECT 1 FROM {rawsql.table(SessionActivity)} a "
        f"WHERE a.{quote('session_id')} = %s AND a.{quote('kind')} = %s "
        f"AND a.{quote('state')} = %s AND {runs}) "
        f"FROM {rawsql.table(BudgetRound)} r WHERE r.{quote('id')} = %s{lock}"
    )


def _round_json(pk: int) -> Any:
    return json.dumps(pk) if connection.vendor == "postgresql" else pk


@functools.cache
def _account_statement(vendor: str, names: tuple[str, ...]) -> str:
    """Insert the account, or lock the existing one by an update that changes nothing;
    either way return it."""
    account = rawsql.table(VoucherAccount)
    spent = rawsql.column(VoucherAccount, "spent")
    conflict = ", ".join(
        rawsql.column(VoucherAccount, name) for name in ("round", "seat")
    )  # the `one_account_per_seat` constraint
    return (
        f"INSERT INTO {account} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {spent} = {account}.{spent} "
        f"RETURNING {rawsql.columns(VoucherAccount)}"
    )


def _account_locked(round_: BudgetRound, seat: Seat) -> VoucherAccount:
    """The seat's account in the round, created on first use and row-locked, in one
    statement (the ballot's path; gifts lock two accounts in order, `_accounts_locked`)."""
    new = VoucherAccount(
        round=round_,
        seat=seat,
        allowance=round_.vouchers_per_participant,
        receive_limit=round_.max_received,
        channel=seat.channel,
    )
    names, values = rawsql.insert_values(new)
    with rawsql.cursor() as cursor:
        cursor.execute(_account_statement(connection.vendor, tuple(names)), values)
        return rawsql.instance(VoucherAccount, cursor.fetchone())


def _ballot_write(account: VoucherAccount, allocations: dict[int, int], fields: list[str]):
    """Make the account's allocations exactly `allocations` and save `fields` of it: delete
    the lines for items no longer on the ballot, insert or update the others, update the
    account."""
    table = rawsql.table(Allocation)
    account_id, item_id, vouchers = (
        rawsql.column(Allocation, name) for name in ("account", "item", "vouchers")
    )
    assignments, values = rawsql.update_values(account, fields)
    with rawsql.cursor() as cursor:
        if allocations:
            cursor.execute(
                f"DELETE FROM {table} WHERE {account_id} = %s "
                f"AND {item_id} NOT IN ({', '.join(['%s'] * len(allocations))})",
                [account.pk, *allocations],
            )
            cursor.execute(
                f"INSERT INTO {table} ({account_id}, {item_id}, {vouchers}) "
                f"VALUES {', '.join(['(%s, %s, %s)'] * len(allocations))} "
                f"ON CONFLICT ({account_id}, {item_id}) "  # `one_allocation_per_item`
                f"DO UPDATE SET {vouchers} = excluded.{vouchers}",
                [v for pk, n in allocations.items() for v in (account.pk, pk, n)],
            )
        else:
            cursor.execute(f"DELETE FROM {table} WHERE {account_id} = %s", [account.pk])
        cursor.execute(
            f"UPDATE {rawsql.table(VoucherAccount)} SET {assignments} "
            f"WHERE {rawsql.quote('id')} = %s",
            [*values, account.pk],
        )


def _accounts_locked(round_: BudgetRound, *seats: Seat) -> dict[int, VoucherAccount]:
    """A gift's two accounts (by seat id), created on first use and row-locked.

    Called inside the caller's transaction, so a refused request leaves no empty account
    behind. The insert skips existing rows (ON CONFLICT DO NOTHING); if two tabs insert at
    once, PostgreSQL makes the second wait for the first. The accounts are then locked one
    by one in primary-key order, so two opposite gifts cannot deadlock. (A ballot locks its
    one account with `_account_locked`.)
    """
    ordered = sorted(seats, key=lambda seat: seat.pk)
    VoucherAccount.objects.bulk_create(
        [
            VoucherAccount(
                round=round_,
                seat=seat,
                allowance=round_.vouchers_per_participant,
                receive_limit=round_.max_received,
                channel=seat.channel,
            )
            for seat in ordered
        ],
        ignore_conflicts=True,
    )
    ids = VoucherAccount.objects.filter(round=round_, seat__in=ordered).values_list("pk", flat=True)
    locked = [VoucherAccount.objects.select_for_update().get(pk=pk) for pk in sorted(ids)]
    return {account.seat_id: account for account in locked}


def _locked(*accounts: VoucherAccount) -> dict[int, VoucherAccount]:
    """Lock existing accounts one by one in primary-key order and return fresh copies."""
    return {
        pk: VoucherAccount.objects.select_for_update().get(pk=pk)
        for pk in sorted({a.pk for a in accounts})
    }


def _clean_allocations(round_: BudgetRound, allocations: Mapping[Any, Any]) -> dict[int, int]:
    """Whole, non-negative numbers on items of this round; zeros dropped."""
    # `round_.items.all()`: the round's items prefetched with it (a live ballot's round is),
    # else one query.
    items = {item.pk for item in round_.items.all()}
    clean: dict[int, int] = {}
    for key, value in allocations.items():
        try:
            item_id = int(key)
        except (TypeError, ValueError):
            item_id = None
        if item_id not in items:
            raise ValidationError(_("The ballot names a service that is not on this round."))
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(_("Vouchers are whole numbers: 0, 1, 2 and so on."))
        if value < 0:
            raise ValidationError(_("The number of vouchers cannot be negative."))
        if value:
            clean[item_id] = value
    return clean


def ballot_cast(
    *,
    round_: BudgetRound,
    seat: Seat,
    allocations: Mapping[Any, int],
    abstain: bool = False,
    channel: str | None = None,
    entered_by: User | None = None,
) -> tuple[VoucherAccount, bool]:
    """Store (or replace) the seat's ballot; returns the account and whether it is new.

    A ballot may spend at most what the seat holds at the moment it is stored (its own
    vouchers plus gifts received, minus gifts given). The seat's session must be running
    the round right now (checked after the lock in `_require_open`).

    A ballot spends at least one voucher: an empty one would count a voter who chose nothing
    (as when a refused ballot came back blank and was sent again). Not spending is a choice
    the participant makes explicitly with `abstain`: it replaces any earlier ballot and is
    counted as an abstention, not as a voter.
    """
    clean = _clean_allocations(round_, allocations)
    if channel is not None and channel not in Channel.values:
        raise ValidationError(_("Unknown channel."))
    if abstain and clean:
        raise ValidationError(
            _("You chose “I abstain” but put vouchers on the ballot: clear them, or untick it.")
        )
    if not abstain and not clean:
        raise ValidationError(
            _("The ballot is empty: put vouchers on a service, or choose “I abstain”.")
        )
    cast = _ballot_cast_function if connection.vendor == "postgresql" else _ballot_cast_statements
    return cast(round_, seat, clean, abstain, channel or seat.channel, entered_by)


# The ballot's two implementations: `_ballot_cast_function` calls the PostgreSQL function of
# migration 0007 (one round trip: a room votes at once, docs/performance.md);
# `_ballot_cast_statements` runs the same steps from Python, on SQLite. Both refuse for the
# same reasons in the same order, with `_refusal`'s messages, and leave the same rows
# (test_ballot_implementations_agree).
def _refusal(reason: str, held: int = 0, total: int = 0) -> ValidationError:
    if reason == "closed":
        return ValidationError(_("The round is closed; vouchers can no longer change."))
    if reason == "ended":
        return ValidationError(_("This workshop session has ended."))
    if reason == "not_open":
        return ValidationError(_("The voucher round is not open right now."))
    return ValidationError(
        _("You hold %(held)d vouchers; this ballot spends %(total)d.")
        % {"held": held, "total": total}
    )


def _ballot_cast_statements(
    round_: BudgetRound,
    seat: Seat,
    clean: dict[int, int],
    abstain: bool,
    channel: str,
    entered_by: User | None,
) -> tuple[VoucherAccount, bool]:
    with transaction.atomic():
        account = _account_locked(round_, seat)
        _require_open(round_, seat.session)
        total = sum(clean.values())
        if total > account.held:
            raise _refusal("overspent", account.held, total)
        created = account.cast_at is None and account.abstained_at is None
        account.spent = total
        account.channel = channel
        account.entered_by = entered_by
        if abstain:
            account.cast_at = None
            account.abstained_at = account.abstained_at or timezone.now()
        else:
            account.cast_at = account.cast_at or timezone.now()
            account.abstained_at = None
        _ballot_write(account, clean, ["spent", "channel", "entered_by", "cast_at", "abstained_at"])
    return account, created


@functools.cache
def _function_statement() -> str:
    params = ", ".join(
        f"%s::{kind}"
        for kind in (
            "bigint",  # round
            "bigint",  # seat
            "bigint",  # session
            "boolean",  # session open
            "varchar",  # activity kind
            "varchar",  # open state
            "bigint[]",  # items
            "integer[]",  # vouchers
            "boolean",  # abstain
            "varchar",  # channel
            "bigint",  # entered by
            "timestamptz",  # now
        )
    )
    return (
        f"SELECT f.o_new, {rawsql.columns(VoucherAccount, '(f.o_account)')} "
        f"FROM budgeting_ballot_cast({params}) f"
    )


def _ballot_cast_function(
    round_: BudgetRound,
    seat: Seat,
    clean: dict[int, int],
    abstain: bool,
    channel: str,
    entered_by: User | None,
) -> tuple[VoucherAccount, bool]:
    session = seat.session
    params = [
        round_.pk,
        seat.pk,
        session.pk,
        session.is_open,
        ACTIVITY_KEY,
        ActivityState.OPEN,
        list(clean),
        list(clean.values()),
        abstain,
        channel,
        entered_by.pk if entered_by is not None else None,
        timezone.now(),
    ]
    # One statement is its own transaction; inside a caller's, it gets a savepoint so that
    # a refusal leaves the caller's transaction usable.
    guard = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    try:
        with guard, rawsql.cursor() as cursor:
            cursor.execute(_function_statement(), params)
            created, *row = cursor.fetchone()
    except DatabaseError as error:
        diag = getattr(error.__cause__, "diag", None)
        if diag is None or diag.message_primary != "budgeting_ballot_refused":
            raise
        held = int(diag.message_hint or 0)
        raise _refusal(diag.message_detail, held, sum(clean.values())) from None
    return rawsql.instance(VoucherAccount, row, "t"), created


def find_receiver(session: LiveSession, text: str) -> Seat:
    """A participant of this session by seat number ("7") or pseudonym code ("KAJ-017")."""
    text = text.strip()
    seats = Seat.objects.filter(session=session).select_related("person")
    seat = None
    if text.isdigit():
        seat = seats.filter(number=int(text)).first()
    elif text:
        seat = seats.filter(person__code__iexact=text).first()
    if seat is None:
        raise ValidationError(
            _("No participant of this workshop has the seat number or code %(text)s.")
            % {"text": text or "–"}
        )
    return seat


def voucher_gift(*, round_: BudgetRound, giver: Seat, receiver: Seat, vouchers: int) -> Gift:
    """Move unspent vouchers from one participant to another, recorded as a gift.

    What one participant can receive is capped (`BudgetRound.max_received`, copied to the
    account and guarded by a CHECK), so seats made only to give cannot pile up a bloc.
    """
    if isinstance(vouchers, bool) or not isinstance(vouchers, int) or vouchers < 1:
        raise ValidationError(_("Give at least one whole voucher."))
    if giver.pk == receiver.pk:
        raise ValidationError(_("You cannot give vouchers to yourself."))
    if receiver.session_id != giver.session_id:
        raise ValidationError(_("The receiver is not a participant of this workshop."))
    with transaction.atomic():
        accounts = _accounts_locked(round_, giver, receiver)
        giver_account, receiver_account = accounts[giver.pk], accounts[receiver.pk]
        _require_open(round_, giver.session)
        if vouchers > giver_account.unspent:
            raise ValidationError(
                _("You have %(unspent)d unspent vouchers; you cannot give %(count)d.")
                % {"unspent": giver_account.unspent, "count": vouchers}
            )
        room = receiver_account.receive_limit - receiver_account.received
        if vouchers > room:
            raise ValidationError(
                _(
                    "One participant can receive at most %(limit)d vouchers as gifts in this "
                    "round; this one can still receive %(room)d."
                )
                % {"limit": receiver_account.receive_limit, "room": max(room, 0)}
            )
        giver_account.given += vouchers
        receiver_account.received += vouchers
        giver_account.save(update_fields=["given", "modified_at"])
        receiver_account.save(update_fields=["received", "modified_at"])
        gift = create_clean(
            Gift,
            by=None,
            round=round_,
            giver=giver_account,
            receiver=receiver_account,
            vouchers=vouchers,
        )
    return gift


def gift_take_back(*, gift: Gift, seat: Seat) -> Gift:
    """The giver takes a gift back, only while the receiver still has it unspent."""
    if gift.giver.seat_id != seat.pk:
        raise ValidationError(_("Only the giver can take a gift back."))
    with transaction.atomic():
        locked = _locked(gift.giver, gift.receiver)
        giver_account, receiver_account = locked[gift.giver_id], locked[gift.receiver_id]
        gift = Gift.objects.select_for_update().get(pk=gift.pk)
        _require_open(gift.round, seat.session)
        if gift.status != GiftStatus.GIVEN:
            raise ValidationError(_("This gift has already been taken back."))
        if receiver_account.unspent < gift.vouchers:
            raise ValidationError(
                _("The receiver has already used these vouchers; the gift stays.")
            )
        giver_account.given -= gift.vouchers
        receiver_account.received -= gift.vouchers
        receiver_account.save(update_fields=["received", "modified_at"])
        giver_account.save(update_fields=["given", "modified_at"])
        gift.status = GiftStatus.TAKEN_BACK
        gift.taken_back_at = timezone.now()
        gift.save(update_fields=["status", "taken_back_at", "modified_at"])
    return gift


# --- paper tallies ----------------------------------------------------------------------------


def tally_save(
    *,
    round_: BudgetRound,
    table: str,
    ballots: int,
    counts: Mapping[Any, int],
    by: User,
    sitting: Sitting | None = None,
) -> PaperTally:
    """Enter (or correct, until confirmed) the paper vouchers counted at one table.

    `sitting` is the local sitting the table sat at, so paper votes count in that sitting's
    and municipality's results as well as the workshop's.
    """
    table = table.strip()
    if sitting is not None and sitting.workshop_id != round_.workshop_id:
        raise ValidationError({"sitting": _("This sitting belongs to another workshop.")})
    if not table:
        raise ValidationError({"table": _("Name the table, e.g. “Table 3”.")})
    if isinstance(ballots, bool) or not isinstance(ballots, int) or ballots < 1:
        raise ValidationError({"ballots": _("At least one person voted on paper at a table.")})
    clean = _clean_allocations(round_, counts)
    total = sum(clean.values())
    if not clean:
        raise ValidationError(_("Enter the vouchers counted for at least one item."))
    most = ballots * round_.vouchers_per_participant
    if total > most:
        raise ValidationError(
            _("%(ballots)d people hold at most %(most)d vouchers; the tally has %(total)d.")
            % {"ballots": ballots, "most": most, "total": total}
        )
    with transaction.atomic():
        _require_not_closed(round_)
        tally = (
            PaperTally.objects.select_for_update()
            .filter(round=round_, sitting=sitting, table__iexact=table)
            .first()
        )
        if tally is not None and tally.is_confirmed:
            raise ValidationError(
                _("The tally of %(table)s is already confirmed and counted.") % {"table": table}
            )
        if tally is None:
            tally = create_clean(
                PaperTally,
                by=by,
                round=round_,
                sitting=sitting,
                table=table,
                ballots=ballots,
                entered_by=by,
            )
        else:
            tally.ballots = ballots
            tally.entered_by = by
            save_fields(tally, by, ["ballots", "entered_by"], clean=True)
        tally.lines.all().delete()
        PaperTallyLine.objects.bulk_create(
            [PaperTallyLine(tally=tally, item_id=pk, vouchers=n) for pk, n in clean.items()]
        )
    return tally


def tally_confirm(*, tally: PaperTally, by: User) -> PaperTally:
    """A second person checks the tally against the counted vouchers; then it counts."""
    with transaction.atomic():
        tally = PaperTally.objects.select_for_update().get(pk=tally.pk)
        _require_not_closed(tally.round)
        if tally.is_confirmed:
            raise ValidationError(_("This tally is already confirmed."))
        if tally.entered_by_id == by.pk:
            raise ValidationError(
                _("A second person must confirm the tally, not the one who entered it.")
            )
        tally.confirmed_by = by
        tally.confirmed_at = timezone.now()
        save_fields(tally, by, ["confirmed_by", "confirmed_at"])
    return tally


def tally_delete(*, tally: PaperTally, by: User) -> None:
    """Remove an unconfirmed tally entered by mistake (confirmed ones are part of the count)."""
    if tally.round.is_closed:
        raise ValidationError(_("The round is closed; vouchers can no longer change."))
    if tally.is_confirmed:
        raise ValidationError(_("A confirmed tally cannot be removed."))
    tally.delete()


def unconfirmed_tallies(round_: BudgetRound) -> int:
    return round_.tallies.filter(confirmed_at__isnull=True).count()
