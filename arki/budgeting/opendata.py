"""Budgeting's open data (the manifest's `open_data`): published rounds' results.

Only closed rounds whose results are published, and only rounds counted from at least
`ARKI_K_ANONYMITY` participants: the totals of a round of three would be three people's
ballots. Results by age group leave out groups smaller than that. The pabulib file holds the
individual ballots without any voter data (no seat, person, age or channel), in a canonical
order, and is offered only when at least k ballots were cast online.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from arki.core.models import Process
from arki.core.registry import OpenColumn, OpenDataset, OpenFile

from .models import BudgetRound
from .pabulib_export import pabulib_text
from .selectors import UNKNOWN, ballots_for_count, round_breakdowns, round_totals


def _k() -> int:
    return int(settings.ARKI_K_ANONYMITY)


def _published_rounds(process: Process) -> list[BudgetRound]:
    return list(
        BudgetRound.objects.filter(
            workshop__process=process, published_at__isnull=False, closed_at__isnull=False
        )
        .select_related("workshop")
        .order_by("workshop__position", "created_at", "pk")
    )


def result_rows(process: Process) -> list[list[Any]]:
    rows = []
    for round_ in _published_rounds(process):
        totals = round_totals(round_)
        if totals.participants < _k():
            continue
        values = {row.key: row for row in totals.item_rows}
        for item in totals.items:
            row = values[item.pk]
            rows.append(
                [
                    round_.workshop.position,
                    round_.pk,
                    round_.title,
                    round_.kind,
                    item.pk,
                    item.tr("name"),
                    item.category or "",
                    item.sector or "",
                    item.cost if round_.is_projects else "",
                    row.value,
                    row.share,
                    totals.participants,
                ]
            )
    return rows


def age_group_rows(process: Process) -> list[list[Any]]:
    rows = []
    for round_ in _published_rounds(process):
        totals = round_totals(round_)
        if totals.participants < _k():
            continue
        categories = [row.key for row in totals.category_rows]
        table = round_breakdowns(round_, totals).age_groups
        for group in _shown_groups(table.rows):
            for category, (vouchers, share) in zip(categories, group.cells, strict=True):
                rows.append(
                    [
                        round_.workshop.position,
                        round_.pk,
                        group.key,
                        "" if category == UNKNOWN else category,
                        vouchers,
                        share,
                        group.participants,
                    ]
                )
    return rows


def _shown_groups(groups: list[Any]) -> list[Any]:
    """The age groups that may be shown: each of at least k people, and the hidden ones
    (small groups and the people of unknown age) together either none or at least k, so that
    no small group can be recovered by subtracting the shown ones from the round's totals."""
    shown = [g for g in groups if g.key != UNKNOWN and g.participants >= _k()]
    hidden = sum(g.participants for g in groups) - sum(g.participants for g in shown)
    shown.sort(key=lambda g: g.participants)
    while shown and 0 < hidden < _k():
        hidden += shown.pop(0).participants
    return [g for g in groups if g in shown]


def pabulib_files(process: Process) -> list[OpenFile]:
    files = []
    for round_ in _published_rounds(process):
        if len(ballots_for_count(round_)) < _k():
            continue
        files.append(
            OpenFile(
                filename=f"budget-round-{round_.pk}.pb",
                media_type="text/plain; charset=utf-8",
                title=_("%(round)s: ballots (pabulib .pb)") % {"round": round_.title},
                content=pabulib_text(round_, list(round_.items.all()), open_licence=True),
            )
        )
    return files


ROUND_COLUMNS = [
    OpenColumn("workshop", _("Workshop"), _("The workshop's number in the process."), "integer"),
    OpenColumn("round", _("Round"), _("The round's number in Arki."), "integer"),
]

OPEN_DATA = [
    OpenDataset(
        name="budget-results",
        title=_("Voucher and budget results"),
        description=_(
            "Vouchers given to each service or project in the published budgeting rounds, "
            "from phones, tablets and confirmed paper tallies. Rounds with fewer participants "
            "than the k-anonymity size are left out."
        ),
        columns=[
            *ROUND_COLUMNS,
            OpenColumn("round_title", _("Round title"), _("The round's title.")),
            OpenColumn(
                "kind", _("Kind"), _("services: welfare vouchers; projects: a real budget.")
            ),
            OpenColumn(
                "item", _("Item"), _("The service's or project's number in Arki."), "integer"
            ),
            OpenColumn("item_label", _("Item name"), _("The service or project.")),
            OpenColumn("category", _("Category"), _("The service area (code), if any.")),
            OpenColumn("sector", _("Sector"), _("public, private or third sector, if known.")),
            OpenColumn(
                "cost", _("Cost"), _("The project's cost in euros (projects only)."), "integer"
            ),
            OpenColumn("vouchers", _("Vouchers"), _("Vouchers given to the item."), "integer"),
            OpenColumn(
                "share", _("Share"), _("The item's share of all vouchers, percent."), "integer"
            ),
            OpenColumn(
                "participants",
                _("Participants"),
                _("Participants who cast a ballot in the round."),
                "integer",
            ),
        ],
        rows=result_rows,
        files=pabulib_files,
    ),
    OpenDataset(
        name="budget-by-age-group",
        title=_("Voucher results by age group"),
        description=_(
            "Vouchers of each age group by service area in the published rounds (ballots "
            "on phones and tablets; paper tallies carry no age). Groups with fewer people "
            "than the k-anonymity size are left out."
        ),
        columns=[
            *ROUND_COLUMNS,
            OpenColumn("age_group", _("Age group"), _("young, adult or older.")),
            OpenColumn("category", _("Category"), _("The service area (code).")),
            OpenColumn(
                "vouchers", _("Vouchers"), _("Vouchers the group gave to the area."), "integer"
            ),
            OpenColumn(
                "share",
                _("Share"),
                _("The area's share of the group's vouchers, percent."),
                "integer",
            ),
            OpenColumn(
                "participants",
                _("Participants"),
                _("People in the age group who voted."),
                "integer",
            ),
        ],
        rows=age_group_rows,
    ),
]
