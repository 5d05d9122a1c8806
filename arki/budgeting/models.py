"""Budgeting rounds, their items, the voucher ledger, gifts and paper tallies.

Items are RESTRICTed, not PROTECTed: a ballot line keeps its item alive on its own, but
deleting a whole process (the demo reset) removes rounds, items and ballots together.

The ledger is one `VoucherAccount` row per participant (seat) and round. It carries four
non-negative counters and one CHECK constraint, `spent + given <= allowance + received`, so the
database itself refuses any write that would spend a voucher twice, whatever the application
does. Services update the counters only while holding row locks (`select_for_update`) on the
accounts involved, taken in primary-key order so that two opposite gifts cannot deadlock.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from arki.core.enums import Channel
from arki.core.models import CivicModel, TranslatedFieldsMixin
from arki.insight.enums import Sector, ServiceCategory

from .enums import GiftStatus, RoundKind

DEFAULT_VOUCHERS = 10
MAX_VOUCHERS = 100
#: Gifts one participant may receive in a round by default: as many again as their own, so
#: a few friends can pool their vouchers but scripted seats cannot pile up a bloc.
DEFAULT_MAX_RECEIVED = 10


class BudgetRound(TranslatedFieldsMixin, CivicModel):
    """One budgeting round in a workshop.

    The round runs as an activity of a live session (the activity's config names the round);
    `closed_at` freezes it for good, even if the activity were reopened in the console.
    """

    workshop = models.ForeignKey(
        "core.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="budget_rounds",
    )
    title = models.CharField(_("title"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    kind = models.CharField(
        _("what is bought"), max_length=10, choices=RoundKind.choices, default=RoundKind.SERVICES
    )
    vouchers_per_participant = models.PositiveSmallIntegerField(
        _("vouchers per participant"),
        default=DEFAULT_VOUCHERS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VOUCHERS)],
    )
    max_received = models.PositiveSmallIntegerField(
        _("most vouchers one participant can receive as gifts"),
        default=DEFAULT_MAX_RECEIVED,
        validators=[MaxValueValidator(MAX_VOUCHERS)],
        help_text=_("0 turns gifts off. Shown on every participant's ballot."),
    )
    budget = models.PositiveBigIntegerField(
        _("budget (euros)"),
        null=True,
        blank=True,
        help_text=_("Only for rounds of costed projects: the money to be allocated."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    discussion = models.TextField(_("discussion after the count"), blank=True)

    class Meta:
        verbose_name = _("budgeting round")
        verbose_name_plural = _("budgeting rounds")
        ordering = ["workshop", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=RoundKind.SERVICES) | Q(budget__isnull=False),
                name="project_round_has_budget",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_projects(self) -> bool:
        return self.kind == RoundKind.PROJECTS

    def items_editable(self) -> bool:
        """Items can change until the first ballot or paper tally (they would lose votes)."""
        return not (
            self.is_closed
            or self.accounts.filter(cast_at__isnull=False).exists()
            or self.tallies.exists()
        )


class BudgetItem(TranslatedFieldsMixin, CivicModel):
    """Something vouchers can buy: a catalogue service or a costed project.

    Category and sector are copied from the catalogue when the item is added, so a round's
    published results do not change if the catalogue is re-sorted later, and a workshop may
    group a service its own way (Kainuu counted restaurants among "other services").
    """

    round = models.ForeignKey(
        BudgetRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="items"
    )
    service = models.ForeignKey(
        "insight.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="budget_items",
    )
    name = models.CharField(_("name"), max_length=120)
    name_sv = models.CharField(_("name in Swedish"), max_length=120, blank=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    category = models.CharField(
        _("category"), max_length=12, choices=ServiceCategory.choices, blank=True
    )
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices, blank=True)
    cost = models.PositiveBigIntegerField(_("cost (euros)"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["round", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "service"],
                condition=Q(service__isnull=False),
                name="unique_round_service",
            ),
            models.UniqueConstraint(fields=["round", "name"], name="unique_round_item_name"),
        ]

    def __str__(self) -> str:
        return self.tr("name")


class VoucherAccount(CivicModel):
    """A participant's vouchers in one round, and their ballot (the `allocations`).

    held = allowance + received - given; unspent = held - spent. The CHECK constraints are
    the last line of defence behind the row locks in the services.

    A stored ballot (`cast_at`) always spends at least one voucher: an empty one would count
    a voter who chose nothing. A participant who does not want to spend says so explicitly
    (`abstained_at`), and is counted as an abstention, never as a voter.
    """

    round = models.ForeignKey(
        BudgetRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="accounts"
    )
    seat = models.ForeignKey(
        "core.Seat",
        verbose_name=_("seat"),
        on_delete=models.CASCADE,
        related_name="voucher_accounts",
    )
    allowance = models.PositiveSmallIntegerField(_("own vouchers"))
    received = models.PositiveIntegerField(_("vouchers received as gifts"), default=0)
    receive_limit = models.PositiveIntegerField(
        _("most vouchers this participant can receive"), default=DEFAULT_MAX_RECEIVED
    )
    given = models.PositiveIntegerField(_("vouchers given away"), default=0)
    spent = models.PositiveIntegerField(_("vouchers spent"), default=0)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    cast_at = models.DateTimeField(_("ballot cast at"), null=True, blank=True)
    abstained_at = models.DateTimeField(_("abstained at"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("voucher account")
        verbose_name_plural = _("voucher accounts")
        ordering = ["round", "seat"]
        constraints = [
            models.UniqueConstraint(fields=["round", "seat"], name="one_account_per_seat"),
            models.CheckConstraint(
                condition=Q(spent__lte=F("allowance") + F("received") - F("given")),
                name="voucher_never_overspent",
            ),
            models.CheckConstraint(
                condition=Q(given__lte=F("allowance") + F("received")),
                name="voucher_never_overgiven",
            ),
            models.CheckConstraint(
                condition=Q(received__lte=F("receive_limit")),
                name="voucher_gifts_received_capped",
            ),
            models.CheckConstraint(
                condition=Q(cast_at__isnull=True) | Q(spent__gt=0),
                name="ballot_never_empty",
            ),
            models.CheckConstraint(
                condition=Q(abstained_at__isnull=True) | Q(cast_at__isnull=True, spent=0),
                name="abstention_spends_nothing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.seat}"

    @property
    def held(self) -> int:
        return self.allowance + self.received - self.given

    @property
    def unspent(self) -> int:
        return self.held - self.spent

    @property
    def has_ballot(self) -> bool:
        return self.cast_at is not None

    @property
    def has_abstained(self) -> bool:
        return self.abstained_at is not None


class Allocation(models.Model):
    """Vouchers one account put on one item (a line of a cumulative ballot)."""

    account = models.ForeignKey(
        VoucherAccount,
        verbose_name=_("voucher account"),
        on_delete=models.CASCADE,
        related_name="allocations",
    )
    item = models.ForeignKey(
        BudgetItem, verbose_name=_("item"), on_delete=models.RESTRICT, related_name="allocations"
    )
    vouchers = models.PositiveIntegerField(_("vouchers"))

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(fields=["account", "item"], name="one_allocation_per_item"),
            models.CheckConstraint(condition=Q(vouchers__gt=0), name="allocation_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.vouchers}"


class Gift(CivicModel):
    """Vouchers one participant gave another; kept when taken back (status changes)."""

    round = models.ForeignKey(
        BudgetRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="gifts"
    )
    giver = models.ForeignKey(
        VoucherAccount,
        verbose_name=_("giver"),
        on_delete=models.CASCADE,
        related_name="gifts_given",
    )
    receiver = models.ForeignKey(
        VoucherAccount,
        verbose_name=_("receiver"),
        on_delete=models.CASCADE,
        related_name="gifts_received",
    )
    vouchers = models.PositiveIntegerField(_("vouchers"))
    status = models.CharField(
        _("status"), max_length=12, choices=GiftStatus.choices, default=GiftStatus.GIVEN
    )
    taken_back_at = models.DateTimeField(_("taken back at"), null=True, blank=True)

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        ordering = ["round", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(vouchers__gt=0), name="gift_positive"),
            models.CheckConstraint(condition=~Q(giver=F("receiver")), name="gift_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.giver.seat} → {self.receiver.seat}: {self.vouchers}"


class PaperTally(CivicModel):
    """Paper vouchers counted at one table: entered by one person, confirmed by another.

    Only confirmed tallies count; the CHECK makes "a second person" a database fact.
    """

    round = models.ForeignKey(
        BudgetRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="tallies"
    )
    sitting = models.ForeignKey(
        "core.Sitting",
        verbose_name=_("sitting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The local sitting where these paper vouchers were counted."),
    )
    table = models.CharField(_("table"), max_length=60)
    ballots = models.PositiveIntegerField(_("paper participants at the table"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("paper tally")
        verbose_name_plural = _("paper tallies")
        ordering = ["round", "table"]
        constraints = [
            # "Table 1" exists at every sitting of a workshop: one tally per table and sitting
            # (two constraints, because NULLs are distinct in a unique index).
            models.UniqueConstraint(
                fields=["round", "table"],
                condition=Q(sitting__isnull=True),
                name="one_tally_per_table",
            ),
            models.UniqueConstraint(
                fields=["round", "sitting", "table"],
                condition=Q(sitting__isnull=False),
                name="one_tally_per_table_per_sitting",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("entered_by")),
                name="tally_confirmed_by_second_person",
            ),
        ]

    def __str__(self) -> str:
        return self.table

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def total(self) -> int:
        return sum(line.vouchers for line in self.lines.all())


class PaperTallyLine(models.Model):
    tally = models.ForeignKey(
        PaperTally, verbose_name=_("paper tally"), on_delete=models.CASCADE, related_name="lines"
    )
    item = models.ForeignKey(
        BudgetItem, verbose_name=_("item"), on_delete=models.RESTRICT, related_name="tally_lines"
    )
    vouchers = models.PositiveIntegerField(_("vouchers"))

    class Meta:
        verbose_name = _("paper tally line")
        verbose_name_plural = _("paper tally lines")
        constraints = [
            models.UniqueConstraint(fields=["tally", "item"], name="one_tally_line_per_item"),
            models.CheckConstraint(condition=Q(vouchers__gt=0), name="tally_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.vouchers}"
