"""Staff pages: set up rounds, run them live, count paper vouchers, read and publish results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.forms import apply_errors, error_text
from arki.core.permissions import can, require
from arki.core.selectors.processes import get_process_for_user

from .. import selectors, services
from ..forms import DiscussionForm, ProjectItemForm, RoundForm, ServiceItemForm, TallyForm

VIEW, MANAGE, PAPER, EXPORT = (
    "budgeting.view",
    "budgeting.manage",
    "budgeting.paper",
    "budgeting.export",
)


def _round_redirect(round_, name: str = "budgeting:round_detail"):
    return redirect(name, slug=round_.workshop.process.slug, pk=round_.pk)


@login_required
def round_list(request, slug):
    process = get_process_for_user(request.user, slug, VIEW)
    return render(
        request,
        "budgeting/round_list.html",
        {
            "process": process,
            "rounds": selectors.rounds_for_process(process),
            "can_manage": can(request.user, MANAGE, process),
        },
    )


@login_required
def round_create(request, slug):
    process = get_process_for_user(request.user, slug, MANAGE)
    form = RoundForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.round_create(
                workshop=data["workshop"],
                title=data["title"],
                title_sv=data["title_sv"],
                title_en=data["title_en"],
                kind=data["kind"],
                vouchers_per_participant=data["vouchers_per_participant"],
                max_received=data["max_received"],
                budget=data.get("budget"),
                services=data["services"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The round was created."))
            return _round_redirect(round_)
    return render(
        request,
        "budgeting/round_form.html",
        {"process": process, "form": form},
        status=400 if form.errors else 200,
    )


def _item_form(round_, data=None):
    if round_.is_projects:
        return ProjectItemForm(data)
    return ServiceItemForm(data, round_=round_)


def _detail_context(request, round_, **extra):
    process = round_.workshop.process
    return {
        "process": process,
        "round": round_,
        "items": list(round_.items.select_related("service")),
        "activities": selectors.activities_of_round(round_),
        "sessions": selectors.live_sessions_for_round(round_),
        "tallies_waiting": services.unconfirmed_tallies(round_),
        "can_manage": can(request.user, MANAGE, process),
        "can_paper": can(request.user, PAPER, process),
        "can_export": can(request.user, EXPORT, process),
        "items_editable": round_.items_editable(),
        "item_form": _item_form(round_),
        **extra,
    }


@login_required
def round_detail(request, slug, pk):
    round_ = selectors.get_round_for_user(request.user, slug, pk, VIEW)
    return render(request, "budgeting/round_detail.html", _detail_context(request, round_))


@login_required
@require_POST
def item_add(request, slug, pk):
    round_ = selectors.get_round_for_user(request.user, slug, pk, MANAGE)
    form = _item_form(round_, request.POST)
    if form.is_valid():
        try:
            if round_.is_projects:
                services.item_add_project(round_=round_, by=request.user, **form.cleaned_data)
            else:
                services.item_add_service(round_=round_, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The item was added."))
            return _round_redirect(round_)
    context = _detail_context(request, round_, item_form=form)
    return render(request, "budgeting/round_detail.html", context, status=400)


@login_required
@require_POST
def item_remove(request, slug, pk, item):
    round_ = selectors.get_round_for_user(request.user, slug, pk, MANAGE)
    target = round_.items.filter(pk=item).first()
    if target is None:
        messages.error(request, _("This item is no longer on the round."))
    else:
        try:
            services.item_remove(item=target, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The item was removed."))
    return _round_redirect(round_)


@login_required
@require_POST
def round_start(request, slug, pk):
    round_ = selectors.get_round_for_user(request.user, slug, pk, MANAGE)
    session = next(
        (
            s
            for s in selectors.live_sessions_for_round(round_)
            if str(s.pk) == request.POST.get("session")
        ),
        None,
    )
    if session is None:
        messages.error(request, _("Choose an open live session of this workshop."))
        return _round_redirect(round_)
    try:
        services.round_start_live(round_=round_, session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return _round_redirect(round_)
    messages.success(request, _("The round is open on participants' phones."))
    return redirect("core:session_console", code=session.code)


@login_required
def round_close(request, slug, pk):
    round_ = selectors.get_round_for_user(request.user, slug, pk, MANAGE)
    if request.method == "POST":
        services.round_close(round_=round_, by=request.user)
        messages.success(request, _("The round is closed. Ballots and gifts are frozen."))
        return _round_redirect(round_, "budgeting:results")
    return render(
        request,
        "budgeting/round_close.html",
        {
            "process": round_.workshop.process,
            "round": round_,
            "tallies_waiting": services.unconfirmed_tallies(round_),
        },
    )


@login_required
@require_POST
def round_publish(request, slug, pk):
    round_ = selectors.get_round_for_user(request.user, slug, pk, MANAGE)
    publish = request.POST.get("publish") == "1"
    try:
        services.round_publish(round_=round_, publish=publish, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The results are shown on the public workshop page.")
            if publish
            else _("The results were removed from the public workshop page."),
        )
    return _round_redirect(round_, "budgeting:results")


def _where_of(request, split) -> selectors.Where:
    """The sitting or municipality the results page is filtered to (`?sitting=` or
    `?municipality=`); anything else, or a place outside this workshop, shows the whole."""
    for place in (*split.by_sitting, *split.by_municipality):
        target = place.where.sitting or place.where.municipality
        name = "sitting" if place.where.sitting else "municipality"
        if request.GET.get(name) == str(target.pk):
            return place.where
    return selectors.EVERYWHERE


@login_required
def results(request, slug, pk):
    round_ = selectors.get_round_for_user(request.user, slug, pk, VIEW)
    process = round_.workshop.process
    split = selectors.round_totals_split(round_)
    where = _where_of(request, split)
    totals = selectors.round_totals(round_, where)
    form = DiscussionForm(
        request.POST if request.method == "POST" else None,
        initial={"discussion": round_.discussion},
    )
    if request.method == "POST":
        require(request.user, MANAGE, process)
        if form.is_valid():
            services.discussion_save(
                round_=round_, text=form.cleaned_data["discussion"], by=request.user
            )
            messages.success(request, _("The discussion notes were saved."))
            return _round_redirect(round_, "budgeting:results")
    return render(
        request,
        "budgeting/results.html",
        {
            "process": process,
            "round": round_,
            "totals": totals,
            "split": split,
            "where": where,
            "breakdowns": selectors.round_breakdowns(round_, totals, where),
            "comparison": selectors.budget_comparison(round_, totals.items),
            "names": {str(item.pk): item for item in totals.items},
            "form": form,
            "can_manage": can(request.user, MANAGE, process),
            "can_export": can(request.user, EXPORT, process),
        },
        status=400 if form.errors else 200,
    )


@login_required
def paper(request, slug, pk):
    """Paper vouchers counted per table: one person enters, a second confirms."""
    round_ = selectors.get_round_for_user(request.user, slug, pk, PAPER)
    items = list(round_.items.all())
    form = TallyForm(request.POST or None, items=items, sittings=round_.workshop.sittings.all())
    if request.method == "POST" and form.is_valid():
        try:
            tally = services.tally_save(
                round_=round_,
                table=form.cleaned_data["table"],
                ballots=form.cleaned_data["ballots"],
                counts=form.counts(),
                sitting=form.cleaned_data.get("sitting"),
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The tally of %(table)s was saved. A second person must now confirm it.")
                % {"table": tally.table},
            )
            return _round_redirect(round_, "budgeting:paper")
    return render(
        request,
        "budgeting/paper.html",
        {
            "process": round_.workshop.process,
            "round": round_,
            "form": form,
            "tallies": selectors.tallies_of_round(round_),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def tally_action(request, slug, pk, tally, action):
    round_ = selectors.get_round_for_user(request.user, slug, pk, PAPER)
    target = selectors.get_tally(round_, tally)
    try:
        if action == "confirm":
            services.tally_confirm(tally=target, by=request.user)
            messages.success(request, _("The tally of %(table)s now counts.") % {"table": target})
        else:
            services.tally_delete(tally=target, by=request.user)
            messages.success(request, _("The tally of %(table)s was removed.") % {"table": target})
    except ValidationError as error:
        messages.error(request, error_text(error))
    return _round_redirect(round_, "budgeting:paper")
