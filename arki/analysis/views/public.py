"""Public persona pages for workshops and the process website: counts only, never codes."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from arki.core.models import Process

from .. import selectors
from ..cards import persona_pdf


def _public_process(slug: str) -> Process:
    process = Process.objects.filter(slug=slug, is_public=True).first()
    if process is None:
        raise Http404
    return process


def persona_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = _public_process(slug)
    return render(
        request,
        "analysis/public/list.html",
        {"process": process, "personas": selectors.published_personas(process)},
    )


def persona_card(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = _public_process(slug)
    persona = selectors.get_published_persona(process, pk)
    card = selectors.persona_card(persona, public=True)
    return render(
        request,
        "analysis/public/card.html",
        {
            "process": process,
            **card,
            "citing_decisions": selectors.decisions_citing(persona, public=True),
        },
    )


def persona_card_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = _public_process(slug)
    card = selectors.persona_card(selectors.get_published_persona(process, pk), public=True)
    response = HttpResponse(persona_pdf(card), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="persona-{pk}.pdf"'
    return response
