"""Downloads: a round's results as CSV or Excel, its ballots as a pabulib file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from arki.voting.model import Project
from arki.voting.pabulib import write_pb_string

from .. import selectors
from ..compute.counting import ProjectSpec, build_election
from ..compute.tabular import to_csv, to_xlsx

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


def pabulib_text(round_, items) -> str:
    """The round's individual ballots as a cumulative pabulib file.

    Voucher rounds have no money: every service costs 1 and the budget covers them all, so
    the file records the vouchers (points) faithfully. Paper tallies are table totals, not
    ballots, and are left out (the META says how many).
    """
    specs = [
        ProjectSpec(str(item.pk), item.name, item.cost if round_.is_projects else 1)
        for item in items
    ]
    budget = round_.budget if round_.is_projects else len(specs)
    election = build_election(specs, budget, selectors.ballots_for_count(round_))
    election.project_columns = ("project_id", "cost", "name", "category", "votes", "score")
    support = election.project_support()
    points = election.project_points()
    by_id = {str(item.pk): item for item in items}
    election.projects = [
        Project(
            id=p.id,
            cost=p.cost,
            name=p.name,
            categories=(by_id[p.id].category,) if by_id[p.id].category else (),
            fields={"votes": str(support[k]), "score": str(points[k])},
        )
        for k, p in enumerate(election.projects)
    ]
    workshop = round_.workshop
    tables = round_.tallies.filter(confirmed_at__isnull=False).count()
    election.meta = {
        "description": round_.title,
        "country": "Finland",
        "unit": str(workshop.process),
        "instance": str(workshop.date or round_.created_at.date()),
        "subunit": str(workshop),
        "rule": "greedy" if not round_.is_projects else "equalshares",
        "vouchers_per_participant": str(round_.vouchers_per_participant),
        "comment": (
            "Arki welfare-voucher round; voters may give vouchers to each other, so a ballot "
            "may hold more points than vouchers_per_participant. Paper tallies counted per "
            f"table are not included ({tables} tables)."
        ),
    }
    return write_pb_string(election)


@login_required
def process_export_csv(request, slug):
    process = selectors.get_process_for_user(request.user, slug, EXPORT)
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
