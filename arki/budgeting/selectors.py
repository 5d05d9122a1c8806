"""Reads of participatory budgeting: permission-checked for staff, by seat for participants.

Results are built from a fixed number of aggregate queries whatever the number of ballots,
because the projector asks for them every second while hundreds of phones vote.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from arki.core import rawsql
from arki.core.enums import AGE_GROUP_OF_BAND, ActivityState, AgeGroup, Channel
from arki.core.models import LiveSession, Process, Seat, SessionActivity, User
from arki.core.permissions import require
from arki.core.registry import registry
from arki.insight.enums import Sector, ServiceCategory

from .compute.bars import BarRow, bar_rows, cross_table
from .compute.counting import Comparison, ProjectSpec, compare_rules
from .enums import GiftStatus
from .models import (
    Allocation,
    BudgetItem,
    BudgetRound,
    Gift,
    PaperTally,
    PaperTallyLine,
    VoucherAccount,
)
from .services import ACTIVITY_KEY, round_activity

UNKNOWN = "unknown"
#: The registry capability the analysis tool provides: person id -> published persona.
PERSONAS_CAPABILITY = "personas.of_people"

#: `AGE_GROUP_OF_BAND` keyed by the stored value, which is what `values_list` returns.
AGE_GROUP_OF_STORED_BAND: dict[str, str] = {
    band.value: group for band, group in AGE_GROUP_OF_BAND.items()
}


# --- staff access -----------------------------------------------------------------------------


def rounds_for_process(process: Process) -> QuerySet[BudgetRound]:
    return (
        BudgetRound.objects.filter(workshop__process=process)
        .select_related("workshop")
        .annotate(
            item_count=Count("items", distinct=True),
            ballot_count=Count(
                "accounts", filter=Q(accounts__cast_at__isnull=False), distinct=True
            ),
        )
        .order_by("workshop__position", "created_at")
    )


def get_round_for_user(user: User, slug: str, pk: int, action: str) -> BudgetRound:
    round_ = get_object_or_404(
        BudgetRound.objects.select_related("workshop__process"),
        pk=pk,
        workshop__process__slug=slug,
    )
    require(user, action, round_.workshop.process)
    return round_


def live_sessions_for_round(round_: BudgetRound) -> list[LiveSession]:
    """Open live sessions of the round's workshop where it is not open yet, newest first."""
    running = set(
        round_activity(round_).filter(state=ActivityState.OPEN).values_list("session_id", flat=True)
    )
    return [
        s
        for s in round_.workshop.live_sessions.order_by("-created_at")
        if s.is_open and s.pk not in running
    ]


def activities_of_round(round_: BudgetRound) -> list[SessionActivity]:
    return list(round_activity(round_).select_related("session"))


def tallies_of_round(round_: BudgetRound) -> list[PaperTally]:
    return list(
        round_.tallies.select_related("entered_by", "confirmed_by").prefetch_related("lines__item")
    )


def get_tally(round_: BudgetRound, pk: int) -> PaperTally:
    return get_object_or_404(PaperTally, round=round_, pk=pk)


# --- participants -----------------------------------------------------------------------------


def round_for_activity(activity: SessionActivity) -> BudgetRound:
    """The round an activity runs, with its items (cached on the activity: the core asks
    several times). Phones' pages and the projector read it, so it is one written-out
    statement (`arki.core.rawsql`); `round_.items.all()` then reads no more."""
    return _cached_round(activity, "_budget_round", _ROUND_FIELDS, _ITEM_FIELDS)


def round_for_ballot(activity: SessionActivity) -> BudgetRound:
    """The round as a posted ballot needs it: its numbers and its items' ids and names.
    Every other field is deferred (read if used; a ballot's form reads its items in full
    before showing them again). A full read already made on the activity is used."""
    return activity.__dict__.get("_budget_round") or _cached_round(
        activity, "_budget_round_for_ballot", _BALLOT_ROUND_FIELDS, _BALLOT_ITEM_FIELDS
    )


def _cached_round(
    activity: SessionActivity, key: str, round_fields: frozenset, item_fields: frozenset
) -> BudgetRound:
    cached = activity.__dict__.get(key)
    if cached is None:
        round_id = (activity.config or {}).get("round")
        cached = (
            _round_with_items(round_id, round_fields, item_fields)
            if isinstance(round_id, int) and not isinstance(round_id, bool)
            else None
        )
        if cached is None:
            raise Http404
        activity.__dict__[key] = cached
    return cached


_AUDIT_FIELDS = {"created_at", "created_by", "modified_at", "modified_by"}
#: What phones, paper entry and the projector use of a round and its items. Who changed
#: them and when, and the long texts, are left out (read from the database if a page uses
#: them): the statement returns the round's columns on every item's row.
_ROUND_FIELDS = frozenset(
    f.name
    for f in BudgetRound._meta.concrete_fields
    if f.name not in {*_AUDIT_FIELDS, "discussion"}
)
_ITEM_FIELDS = frozenset(
    f.name
    for f in BudgetItem._meta.concrete_fields
    if f.name not in {*_AUDIT_FIELDS, "description", "description_sv", "description_en"}
)
_BALLOT_ROUND_FIELDS = frozenset(
    {"id", "workshop", "kind", "vouchers_per_participant", "max_received", "closed_at"}
)
_BALLOT_ITEM_FIELDS = frozenset({"id", "round", "name", "name_sv", "name_en", "position"})


@functools.cache
def _round_statement(vendor: str, round_fields: frozenset, item_fields: frozenset) -> str:
    return (
        f"SELECT {rawsql.columns(BudgetRound, 'r', round_fields)}, "
        f"{rawsql.columns(BudgetItem, 'i', item_fields)} "
        f"FROM {rawsql.table(BudgetRound)} r LEFT JOIN {rawsql.table(BudgetItem)} i "
        f"ON i.{rawsql.column(BudgetItem, 'round')} = r.{rawsql.quote('id')} "
        f"WHERE r.{rawsql.quote('id')} = %s "
        f"ORDER BY i.{rawsql.column(BudgetItem, 'position')}, i.{rawsql.quote('id')}"
    )


def _round_with_items(
    round_id: int, round_fields: frozenset, item_fields: frozenset
) -> BudgetRound | None:
    """The round with its items in `BudgetItem`'s order, as `prefetch_related("items")`
    would leave it, from one statement."""
    if not rawsql.fits(BudgetRound, "id", round_id):
        return None
    with rawsql.cursor() as cursor:
        cursor.execute(_round_statement(connection.vendor, round_fields, item_fields), [round_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    width = rawsql.width(BudgetRound, round_fields)
    round_ = rawsql.instance(BudgetRound, rows[0][:width], "r", round_fields)
    items = []
    for row in rows:
        if row[width] is not None:  # the LEFT JOIN found an item
            item = rawsql.instance(BudgetItem, row[width:], "i", item_fields)
            item.round = round_
            items.append(item)
    prefetched = round_.items.get_queryset()
    prefetched._result_cache = items
    prefetched._prefetch_done = True  # type: ignore[attr-defined]  # as prefetch_related does
    round_._prefetched_objects_cache = {"items": prefetched}  # type: ignore[attr-defined]
    return round_


def get_voucher_activity(session: LiveSession, pk: int) -> SessionActivity:
    activity = session.activities.filter(pk=pk, kind=ACTIVITY_KEY).first()
    if activity is None:
        raise Http404
    return activity


def is_round_open(round_: BudgetRound, activity: SessionActivity) -> bool:
    return (
        not round_.is_closed and activity.state == ActivityState.OPEN and activity.session.is_open
    )


@dataclass
class Wallet:
    """What a participant sees: their vouchers, their ballot and the gifts to and from them."""

    account: VoucherAccount | None
    allowance: int
    gifts_given: list[Gift] = field(default_factory=list)
    gifts_received: list[Gift] = field(default_factory=list)
    allocations: dict[int, int] = field(default_factory=dict)

    @property
    def held(self) -> int:
        return self.account.held if self.account else self.allowance

    @property
    def spent(self) -> int:
        return self.account.spent if self.account else 0

    @property
    def unspent(self) -> int:
        return self.held - self.spent

    @property
    def received(self) -> int:
        return self.account.received if self.account else 0

    @property
    def given(self) -> int:
        return self.account.given if self.account else 0


def wallet_of(round_: BudgetRound, seat: Seat | None) -> Wallet:
    """The seat's wallet in three queries (account, allocations, gifts)."""
    if seat is None:
        return Wallet(account=None, allowance=round_.vouchers_per_participant)
    account = VoucherAccount.objects.filter(round=round_, seat=seat).first()
    wallet = Wallet(account=account, allowance=round_.vouchers_per_participant)
    if account is None:
        return wallet
    wallet.allocations = dict(account.allocations.values_list("item_id", "vouchers"))
    gifts = (
        Gift.objects.filter(Q(giver=account) | Q(receiver=account))
        .select_related("giver__seat__person", "receiver__seat__person")
        .order_by("created_at", "pk")
    )
    for gift in gifts:
        (wallet.gifts_given if gift.giver_id == account.pk else wallet.gifts_received).append(gift)
    return wallet


# --- results ----------------------------------------------------------------------------------


@dataclass
class ChannelRow:
    channel: str
    label: str
    participants: int
    vouchers: int


@dataclass
class Totals:
    """What the projector shows: totals per item and category, turnout per channel."""

    items: list[BudgetItem]
    item_rows: list[BarRow]
    category_rows: list[BarRow]
    channels: list[ChannelRow]
    participants: int
    vouchers: int
    gifts: int
    #: participants who chose "I abstain": shown beside the voters, never counted as voters
    abstentions: int
    gifted_vouchers: int
    unconfirmed_tallies: int


@dataclass(frozen=True)
class Where:
    """Which answers of a round to count: one sitting, one municipality's sittings, or all.

    Online and tablet answers belong to a sitting through their seat's live session; paper
    tallies name their sitting themselves.
    """

    sitting: Any = None
    municipality: Any = None

    def q(self, path: str) -> Q:
        """The filter for rows reaching the sitting through `path` (e.g. ``tally__sitting``)."""
        if self.sitting is not None:
            return Q(**{path: self.sitting})
        if self.municipality is not None:
            return Q(**{f"{path}__municipality": self.municipality})
        return Q()


EVERYWHERE = Where()
SEAT_SITTING = "seat__session__sitting"


def _item_totals(
    round_: BudgetRound, where: Where = EVERYWHERE
) -> tuple[dict[int, int], dict[str, tuple[int, int]], int]:
    """Vouchers per item (ballots + confirmed tallies), (participants, vouchers) per channel
    and the number of abstentions; confirmed paper tallies are added to the paper channel.

    Abstentions come from the same query as the voters but are never counted as voters."""
    per_item: dict[int, int] = {}
    for item_id, vouchers in (
        Allocation.objects.filter(account__round=round_)
        .filter(where.q(f"account__{SEAT_SITTING}"))
        .values_list("item_id")
        .annotate(total=Sum("vouchers"))
    ):
        per_item[item_id] = per_item.get(item_id, 0) + vouchers
    paper_vouchers = 0
    for item_id, vouchers in (
        PaperTallyLine.objects.filter(tally__round=round_, tally__confirmed_at__isnull=False)
        .filter(where.q("tally__sitting"))
        .values_list("item_id")
        .annotate(total=Sum("vouchers"))
    ):
        per_item[item_id] = per_item.get(item_id, 0) + vouchers
        paper_vouchers += vouchers
    channels: dict[str, tuple[int, int]] = {}
    abstentions = 0
    for channel, people, vouchers, abstained in (
        VoucherAccount.objects.filter(round=round_)
        .filter(where.q(SEAT_SITTING))
        .filter(Q(cast_at__isnull=False) | Q(abstained_at__isnull=False))
        .values_list("channel")
        .annotate(
            people=Count("pk", filter=Q(cast_at__isnull=False)),
            vouchers=Sum("spent"),
            abstained=Count("pk", filter=Q(abstained_at__isnull=False)),
        )
    ):
        abstentions += abstained
        if people:
            channels[channel] = (people, vouchers or 0)
    paper_people = (
        round_.tallies.filter(confirmed_at__isnull=False)
        .filter(where.q("sitting"))
        .aggregate(n=Sum("ballots"))
    )
    people, vouchers = channels.get(Channel.PAPER, (0, 0))
    channels[Channel.PAPER] = (people + (paper_people["n"] or 0), vouchers + paper_vouchers)
    return per_item, channels, abstentions


def round_totals(round_: BudgetRound, where: Where = EVERYWHERE) -> Totals:
    items = list(round_.items.all())
    per_item, channels, abstentions = _item_totals(round_, where)
    gifts = (
        round_.gifts.filter(status=GiftStatus.GIVEN)
        .filter(where.q(f"giver__{SEAT_SITTING}"))
        .aggregate(count=Count("pk"), vouchers=Sum("vouchers"))
    )
    waiting = round_.tallies.filter(confirmed_at__isnull=True).filter(where.q("sitting")).count()
    channel_rows = [
        ChannelRow(value, str(label), *channels.get(value, (0, 0)))
        for value, label in Channel.choices
        if value in channels and channels[value][0]
    ]
    category_totals: dict[str, int] = {}
    for item in items:
        key = item.category or UNKNOWN
        category_totals[key] = category_totals.get(key, 0) + per_item.get(item.pk, 0)
    return Totals(
        items=items,
        item_rows=bar_rows((item.pk, str(item), per_item.get(item.pk, 0)) for item in items),
        category_rows=bar_rows(
            (key, _category_label(key), value) for key, value in category_totals.items()
        ),
        channels=channel_rows,
        participants=sum(row.participants for row in channel_rows),
        vouchers=sum(per_item.values()),
        gifts=gifts["count"] or 0,
        abstentions=abstentions,
        gifted_vouchers=gifts["vouchers"] or 0,
        unconfirmed_tallies=waiting,
    )


@dataclass
class PlaceTotals:
    """A round's totals at one sitting or in one municipality, for the split table."""

    label: str
    totals: Totals
    where: Where


@dataclass
class SplitTotals:
    by_sitting: list[PlaceTotals]
    by_municipality: list[PlaceTotals]

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        """Vouchers per item in every sitting and municipality column."""
        columns = [*self.by_sitting, *self.by_municipality]
        if not columns:
            return []
        rows = []
        for index, row in enumerate(columns[0].totals.item_rows):
            rows.append((row.label, [c.totals.item_rows[index].value for c in columns]))
        return rows


def round_totals_split(round_: BudgetRound) -> SplitTotals:
    """The round's results per sitting and per municipality of its workshop's sittings.

    Empty when the workshop is held once (no sittings); the whole-workshop totals are
    `round_totals(round_)`, which is also the sum of the sitting columns when every answer
    was given at a sitting.
    """
    sittings = list(round_.workshop.sittings.select_related("municipality"))
    by_sitting = [
        PlaceTotals(str(s), round_totals(round_, Where(sitting=s)), Where(sitting=s))
        for s in sittings
    ]
    municipalities = {s.municipality.pk: s.municipality for s in sittings if s.municipality}
    by_municipality = [
        PlaceTotals(str(m), round_totals(round_, Where(municipality=m)), Where(municipality=m))
        for m in sorted(municipalities.values(), key=str)
    ]
    return SplitTotals(by_sitting=by_sitting, by_municipality=by_municipality)


def _category_label(key: str) -> str:
    labels = dict(ServiceCategory.choices)
    return str(labels[key]) if key in labels else _("No category")


@dataclass
class CrossRow:
    key: Any
    label: str
    participants: int
    #: (vouchers, share of this group's vouchers in %) per category, in `CrossTable.columns`
    cells: list[tuple[int, int]]
    #: indices of the categories this group bought most (several when level)
    leaders: set[int]


@dataclass
class CrossTable:
    """Vouchers of each group (age group, persona) by category; one row per group."""

    title: str
    columns: list[str]
    rows: list[CrossRow]


@dataclass
class Breakdowns:
    sectors: list[BarRow]
    age_groups: CrossTable
    personas: CrossTable | None
    personas_available: bool
    # False when no installed tool provides personas (no analysis tool): the page says so.
    personas_provided: bool = True


def _cross(
    title: str,
    cells: list[tuple[Any, str, int]],
    people: dict[Any, int],
    groups: list[tuple[Any, str]],
    categories: list[str],
) -> CrossTable:
    keys = [key for key, _label in groups]
    table = cross_table(cells, keys, categories)
    rows = []
    for (key, label), values in zip(groups, table, strict=True):
        total = sum(values)
        top = max(values, default=0)
        rows.append(
            CrossRow(
                key=key,
                label=label,
                participants=people.get(key, 0),
                cells=[(v, round(100 * v / total) if total else 0) for v in values],
                leaders={j for j, v in enumerate(values) if v == top and top > 0},
            )
        )
    return CrossTable(title=title, columns=[_category_label(c) for c in categories], rows=rows)


def round_breakdowns(round_: BudgetRound, totals: Totals, where: Where = EVERYWHERE) -> Breakdowns:
    """Vouchers by sector, by age group and by persona (individual ballots only: paper
    tallies are table totals and carry neither age nor persona)."""
    categories = [row.key for row in totals.category_rows]
    sector_labels = dict(Sector.choices)
    sector_totals: dict[str, int] = {}
    values = {row.key: row.value for row in totals.item_rows}
    for item in totals.items:
        key = item.sector or UNKNOWN
        sector_totals[key] = sector_totals.get(key, 0) + values.get(item.pk, 0)
    sectors = bar_rows(
        (key, str(sector_labels.get(key, _("No sector"))), value)
        for key, value in sector_totals.items()
    )
    rows = list(
        Allocation.objects.filter(account__round=round_)
        .filter(where.q(f"account__{SEAT_SITTING}"))
        .values_list(
            "account__seat__person_id", "account__seat__person__age_band", "item__category"
        )
        .annotate(total=Sum("vouchers"))
    )
    voters = list(
        VoucherAccount.objects.filter(round=round_, cast_at__isnull=False)
        .filter(where.q(SEAT_SITTING))
        .values_list("seat__person_id", "seat__person__age_band")
    )

    def age_of(band: str | None) -> str:
        return AGE_GROUP_OF_STORED_BAND.get(band, UNKNOWN) if band else UNKNOWN

    age_groups = [(value, str(label)) for value, label in AgeGroup.choices]
    age_groups.append((UNKNOWN, _("Age not known")))
    age_people: dict[str, int] = {}
    for _person, band in voters:
        age_people[age_of(band)] = age_people.get(age_of(band), 0) + 1
    age_table = _cross(
        _("By age group"),
        [(age_of(band), cat or UNKNOWN, total) for _p, band, cat, total in rows],
        age_people,
        [g for g in age_groups if age_people.get(g[0])],
        categories,
    )
    personas = _persona_table(round_, rows, voters, categories)
    return Breakdowns(
        sectors=sectors,
        age_groups=age_table,
        personas=personas,
        personas_available=personas is not None,
        personas_provided=persona_provider_installed(),
    )


def persona_provider_installed() -> bool:
    """Whether some installed tool (the analysis tool) provides personas to read by."""
    return registry.capability(PERSONAS_CAPABILITY) is not None


def personas_of(process: Process, person_ids: list[int]) -> dict[int, Any] | None:
    """The published personas of these people; None when there are none or no provider.

    Asked through the registry, never imported: in an installation without the analysis tool
    its models cannot even be loaded, and the results page says instead that results by
    persona need the analysis tool.
    """
    persona_of_people = registry.capability(PERSONAS_CAPABILITY)
    if persona_of_people is None:
        return None
    mapping = persona_of_people(process, person_ids) if person_ids else {}
    return mapping or None


def _persona_table(round_, rows, voters, categories) -> CrossTable | None:
    person_ids = sorted({person for person, _band in voters if person is not None})
    mapping = personas_of(round_.workshop.process, person_ids)
    if mapping is None:
        return None
    groups: dict[Any, str] = {}
    people: dict[Any, int] = {}
    for person, _band in voters:
        persona = mapping.get(person)
        key = persona.id if persona else UNKNOWN
        groups.setdefault(key, persona.name if persona else _("No persona"))
        people[key] = people.get(key, 0) + 1
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] == UNKNOWN, str(kv[1])))
    cells = []
    for person, _band, cat, total in rows:
        persona = mapping.get(person)
        cells.append((persona.id if persona else UNKNOWN, cat or UNKNOWN, total))
    return _cross(_("By persona"), cells, people, ordered, categories)


def ballots_for_count(round_: BudgetRound) -> list[dict[str, int]]:
    """Individual ballots as {item id: vouchers}, for pabulib and the counting rules."""
    ballots: dict[int, dict[str, int]] = {}
    for account_id, item_id, vouchers in Allocation.objects.filter(
        account__round=round_
    ).values_list("account_id", "item_id", "vouchers"):
        ballots.setdefault(account_id, {})[str(item_id)] = vouchers
    return [ballots[k] for k in sorted(ballots)]


def budget_comparison(round_: BudgetRound, items: list[BudgetItem]) -> Comparison | None:
    """Greedy and MES on a real-budget round (None for voucher rounds of services)."""
    if not round_.is_projects or round_.budget is None or not items:
        return None
    specs = [ProjectSpec(str(item.pk), str(item), item.cost or 0) for item in items]
    return compare_rules(specs, round_.budget, ballots_for_count(round_))


def published_rounds(workshop) -> list[BudgetRound]:
    return list(
        BudgetRound.objects.filter(
            workshop=workshop, published_at__isnull=False, closed_at__isnull=False
        ).order_by("created_at")
    )


# --- the concept workshop's suggestion (capability `budgeting.areas_by_persona`) -------------


def areas_by_persona(process: Process) -> dict[int, list[tuple[str, int]]]:
    """Vouchers each persona spent per service area in all the process's rounds, the most
    budgeted area first: {persona id: [(area label, vouchers), …]}.

    The decisions tool asks for it through the registry to suggest each concept-workshop
    group's service area (brief §2.6). Only individual ballots carry a persona (paper tallies
    are table totals); people without a published persona are left out. Two queries.
    """
    rows = list(
        Allocation.objects.filter(account__round__workshop__process=process)
        .values_list("account__seat__person_id", "item__category")
        .annotate(total=Sum("vouchers"))
    )
    person_ids = sorted({person for person, _cat, _total in rows if person is not None})
    mapping = personas_of(process, person_ids) or {}
    totals: dict[int, dict[str, int]] = {}
    for person, category, total in rows:
        persona = mapping.get(person)
        if persona is None or not total:
            continue
        areas = totals.setdefault(persona.id, {})
        key = category or UNKNOWN
        areas[key] = areas.get(key, 0) + total
    return {
        persona_id: sorted(
            ((_category_label(key), vouchers) for key, vouchers in areas.items()),
            key=lambda pair: (-pair[1], pair[0]),
        )
        for persona_id, areas in totals.items()
    }
