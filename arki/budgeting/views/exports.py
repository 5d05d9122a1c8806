"""Downloads: a round's results as CSV or Excel, its ballots as a pabulib file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from arki.core.selectors.processes import get_process_for_user

from .. import selectors
from ..compute.tabular import to_csv, to_xlsx
from ..pabulib_export import pabulib_text

EXPORT = "budgeting.export"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _item_sheet(round_, totals):
    values = {row.key: row.value for row in totals.item_rows}
    header = [_("Item"), _("Category"), _("Sector"), _("Cost (euros)"), _("Vouchers")]
    rows = [
        [
            str(item),
            item.get_category_display(),
            item.get_sector_display(),
            item.cost if item.cost is not None else "",
            values.get(item.pk, 0),
        ]
        for item in totals.items
    ]
    return header, rows


def _cross_sheet(table):
    header = [table.title, _("Participants"), *table.columns]
    return header, [[r.label, r.participants, *(v for v, _share in r.cells)] for r in table.rows]


@login_required
def round_export(request, slug, pk, fmt):
    round_ = selectors.get_round_for_user(request.user, slug, pk, EXPORT)
    name = slugify(f"{round_.workshop.process.slug}-{round_.title}") or "round"
    totals = selectors.round_totals(round_)
    if fmt == "csv":
        return _download(to_csv(*_item_sheet(round_, totals)), f"{name}.csv", "text/csv")
    if fmt == "xlsx":
        breakdowns = selectors.round_breakdowns(round_, totals)
        sheets = [
            (_("Items"), *_item_sheet(round_, totals)),
            (
                _("Categories"),
                [_("Category"), _("Vouchers"), _("Share %")],
                [[r.label, r.value, r.share] for r in totals.category_rows],
            ),
            (
                _("Sectors"),
                [_("Sector"), _("Vouchers"), _("Share %")],
                [[r.label, r.value, r.share] for r in breakdowns.sectors],
            ),
            (
                _("Channels"),
                [_("Channel"), _("Participants"), _("Vouchers")],
                [[c.label, c.participants, c.vouchers] for c in totals.channels],
            ),
            (_("Age groups"), *_cross_sheet(breakdowns.age_groups)),
        ]
        if breakdowns.personas is not None:
            sheets.append((_("Personas"), *_cross_sheet(breakdowns.personas)))
        return _download(to_xlsx(sheets), f"{name}.xlsx", XLSX)
    if fmt == "pb":
        return _download(pabulib_text(round_, totals.items).encode(), f"{name}.pb", "text/plain")
    raise Http404


@login_required
def process_export_csv(request, slug):
    process = get_process_for_user(request.user, slug, EXPORT)
    header = [_("Workshop"), _("Round"), _("Item"), _("Category"), _("Sector"), _("Vouchers")]
    rows = []
    for round_ in selectors.rounds_for_process(process):
        totals = selectors.round_totals(round_)
        values = {row.key: row.value for row in totals.item_rows}
        for item in totals.items:
            rows.append(
                [
                    str(round_.workshop),
                    round_.title,
                    str(item),
                    item.get_category_display(),
                    item.get_sector_display(),
                    values.get(item.pk, 0),
                ]
            )
    return _download(to_csv(header, rows), f"{process.slug}-budgeting.csv", "text/csv")
