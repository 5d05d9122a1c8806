"""Staff pages: the process's canvases, one canvas full screen, paper entry, PDFs, JSON, publish."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.forms import apply_errors, error_text
from arki.core.permissions import can

from .. import selectors, services
from ..forms import CanvasCreateForm, PaperPhotoForm, card_form
from ..pdf import canvas_pdf


@login_required
def index(request, slug):
    process = selectors.process_for_view(request.user, slug)
    form = CanvasCreateForm(request.POST or None, workshops=process.workshops.all())
    if request.method == "POST":
        selectors.get_process_for_user(request.user, slug, "canvases.paper")
        if form.is_valid():
            data = form.cleaned_data
            canvas = services.canvas_create(
                workshop=data["workshop"],
                kind=data["kind"],
                label=data["label"],
                label_sv=data["label_sv"],
                label_en=data["label_en"],
                by=request.user,
            )
            messages.success(request, _("The canvas was created."))
            return redirect("canvases:detail", slug=process.slug, pk=canvas.pk)
    return render(
        request,
        "canvases/index.html",
        {
            "process": process,
            "canvases": selectors.canvases_of_process(process),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _detail_context(request, canvas, process, form=None, photo_form=None):
    return {
        # Publishing is the manager's; the paper tools are for those who enter paper.
        "can_manage": can(request.user, "canvases.manage", process),
        "can_paper": can(request.user, "canvases.paper", process),
        "photo_form": photo_form or PaperPhotoForm(),
        "process": process,
        "canvas": canvas,
        "unconfirmed": [c for c in canvas.cards.all() if c.paper_entered and not c.confirmed_by_id],
        "zones": selectors.canvas_zones(canvas),
        "form": form or card_form(canvas),
    }


@login_required
def detail(request, slug, pk):
    """One group's canvas full screen (the projector's close-up), refreshed every second."""
    canvas = selectors.get_canvas_for_user(request.user, slug, pk, "canvases.view")
    return render(
        request, "canvases/detail.html", _detail_context(request, canvas, canvas.workshop.process)
    )


@login_required
def detail_cards(request, slug, pk):
    canvas = selectors.get_canvas_for_user(request.user, slug, pk, "canvases.view")
    return render(
        request,
        "canvases/partials/zones.html",
        {"canvas": canvas, "zones": selectors.canvas_zones(canvas), "prefix": "d", "level": 2},
    )


@login_required
@require_POST
def paper_card(request, slug, pk):
    """Staff type in a card from a paper canvas; it is marked as entered from paper."""
    canvas = selectors.get_canvas_for_user(request.user, slug, pk, "canvases.paper")
    form = card_form(canvas, request.POST, request.FILES)
    if form.is_valid():
        try:
            services.card_add(
                canvas=canvas, by=request.user, paper_entered=True, **form.card_fields()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The card was entered from paper."))
            return redirect("canvases:detail", slug=slug, pk=canvas.pk)
    context = _detail_context(request, canvas, canvas.workshop.process, form)
    return render(request, "canvases/detail.html", context, status=400)


@login_required
@require_POST
def card_confirm(request, slug, pk, card):
    canvas = selectors.get_canvas_for_user(request.user, slug, pk, "canvases.paper")
    card_obj = selectors.card_of_canvas(canvas, card)
    try:
        services.card_confirm(card=card_obj, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("canvases:detail", slug=slug, pk=canvas.pk)
    messages.success(request, _("The card was confirmed."))
    return redirect("canvases:detail", slug=slug, pk=canvas.pk)


@login_required
@require_POST
def publish(request, slug, pk):
    canvas = selectors.get_canvas_for_user(request.user, slug, pk, "canvases.manage")
    try:
        if request.POST.get("unpublish"):
            services.canvas_unpublish(canvas=canvas, by=request.user)
            messages.success(request, _("The canvas is no longer on the public page."))
        else:
            version = services.canvas_publish(canvas=canvas, by=request.user)
            messages.success(
                request,
                _("Version %(number)d is now on the workshop's public page.")
                % {"number": version.number},
            )
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("canvases:detail", slug=slug, pk=canvas.pk)


@login_required
def pdf(request, slug, pk, variant):
    if variant not in ("blank", "filled"):
        raise Http404
    canvas = selectors.get_canvas_for_user(request.user, slug, pk, "canvases.view")
    blank = variant == "blank"
    response = HttpResponse(canvas_pdf(canvas, blank=blank), content_type="application/pdf")
    name = slugify(f"{canvas.kind}-{canvas.label}") or "canvas"
    response["Content-Disposition"] = f'attachment; filename="{name}-{variant}.pdf"'
    return response


@login_required
def export_json(request, slug, pk):
    canvas = selectors.get_canvas_for_user(request.user, slug, pk, "canvases.view")
    body = json.dumps(services.canvas_snapshot(canvas), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="canvas-{canvas.pk}.json"'
    return response


@login_required
@require_POST
def paper_photo(request, slug, pk):
    """Attach the photo of the paper canvas (or remove it with `remove`)."""
    canvas = selectors.get_canvas_for_user(request.user, slug, pk, "canvases.paper")
    if request.POST.get("remove") == "yes":
        services.canvas_paper_photo(canvas, photo=None, by=request.user)
        messages.success(request, _("The photo of the paper canvas was removed."))
        return redirect("canvases:detail", slug=slug, pk=canvas.pk)
    form = PaperPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.canvas_paper_photo(canvas, photo=form.cleaned_data["photo"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The photo of the paper canvas was saved."))
            return redirect("canvases:detail", slug=slug, pk=canvas.pk)
    context = _detail_context(request, canvas, canvas.workshop.process, photo_form=form)
    return render(request, "canvases/detail.html", context, status=400)
