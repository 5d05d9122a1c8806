"""Permission-checked reads of the canvases tool; views fetch only through these."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from arki.core.models import Process, Seat, SessionActivity, User, Workshop
from arki.core.registry import registry
from arki.core.selectors.processes import get_process_for_user

__all__ = ["get_process_for_user"]

from .models import Canvas, Card


def process_for_view(user: User | AnonymousUser, slug: str) -> Process:
    """The process whose canvases pages `user` may see (404/403 otherwise)."""
    return get_process_for_user(user, slug, "canvases.view")


def _with_cards(canvases: QuerySet[Canvas]) -> QuerySet[Canvas]:
    return canvases.select_related("workshop", "published").prefetch_related(
        Prefetch("cards", queryset=Card.objects.order_by("position", "pk"))
    )


def canvas_zones(
    canvas: Canvas, persona_names: dict[int, str] | None = None
) -> list[dict[str, Any]]:
    """The canvas zone by zone, each with its cards in order (uses prefetched cards).

    A card citing a persona carries its current name as `cited_persona` (read once through
    the personas capability, or from `persona_names` when the caller has them); a persona
    no longer publishable is not named."""
    cards = list(canvas.cards.all())
    if any(card.persona_id for card in cards):
        if persona_names is None:
            persona_names = publishable_persona_names(canvas.workshop.process)
        for card in cards:
            name = persona_names.get(card.persona_id) if card.persona_id else None
            setattr(card, "cited_persona", name)  # noqa: B010 (an attribute for templates)
    if any(card.quote_id for card in cards):
        quotes = citable_quotes(canvas.workshop.process) or {}
        for card in cards:
            setattr(card, "cited_quote", quotes.get(card.quote_id or 0))  # noqa: B010
    return [
        {"zone": zone, "cards": [card for card in cards if card.zone == zone.key]}
        for zone in canvas.type.zones
    ]


def activity_canvases(activity: SessionActivity) -> list[dict[str, Any]]:
    """Every table's canvas of a live activity, for the projector (two queries)."""
    canvases = _with_cards(Canvas.objects.filter(activity=activity).order_by("group"))
    names = publishable_persona_names(activity.session.workshop.process) if canvases else {}
    return [{"canvas": canvas, "zones": canvas_zones(canvas, names)} for canvas in canvases]


def group_of_seat(
    activity: SessionActivity, seat: Seat, *, with_cards: bool = True
) -> Canvas | None:
    """The canvas of the seat's table; a write needs no cards (a big canvas has hundreds)."""
    canvases = Canvas.objects.filter(members__activity=activity, members__seat=seat)
    return (_with_cards(canvases) if with_cards else canvases).first()


def canvas_activity(session, pk: int) -> SessionActivity:
    """A canvas activity of this session (any state: a closed one is shown read-only)."""
    activity = session.activities.filter(pk=pk, kind__startswith="canvases.").first()
    if activity is None:
        raise Http404
    return activity


def card_in_activity(activity: SessionActivity, pk: int) -> Card:
    """A card of any table of this activity; the service refuses another table's card."""
    card = (
        Card.objects.select_related("canvas__activity__session")
        .filter(pk=pk, canvas__activity=activity)
        .first()
    )
    if card is None:
        raise Http404
    return card


def canvases_of_process(process: Process) -> QuerySet[Canvas]:
    return Canvas.objects.filter(workshop__process=process).select_related("workshop", "published")


def get_canvas_for_user(user: User | AnonymousUser, slug: str, pk: int, action: str) -> Canvas:
    process = get_process_for_user(user, slug, action)
    canvas = _with_cards(Canvas.objects.filter(pk=pk, workshop__process=process)).first()
    if canvas is None:
        raise Http404
    return canvas


def card_of_canvas(canvas: Canvas, pk: int) -> Card:
    """A card of a canvas the user was already allowed (by `get_canvas_for_user`)."""
    found = Card.objects.filter(canvas=canvas, pk=pk).first()
    if found is None:
        raise Http404
    return found


def published_canvases(workshop: Workshop) -> QuerySet[Canvas]:
    """Canvases of the workshop with a published version (the public page shows only these)."""
    return Canvas.objects.filter(workshop=workshop, published__isnull=False).select_related(
        "published"
    )


def canvas_state(canvas: Canvas) -> str:
    """A short token that changes whenever a card of the canvas is added, edited or moved."""
    rows = (
        Card.objects.filter(canvas=canvas)
        .order_by("pk")
        .values_list("pk", "version", "zone", "position")
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:16]


#: Provided by the analysis tool when installed: every persona of a process as
#: `(id, name, publishable)`. Canvases never imports analysis (see pyproject's contracts).
PERSONAS_CAPABILITY = "personas.of_process"


def persona_refs(process: Process) -> list[Any] | None:
    """The process's personas from the capability, or None when no tool provides personas."""
    personas_of_process = registry.capability(PERSONAS_CAPABILITY)
    return None if personas_of_process is None else list(personas_of_process(process))


#: Provided by the analysis tool: personas with their quotes as an audience may see them.
EVIDENCE_CAPABILITY = "personas.evidence"


def citable_quotes(process: Process) -> dict[int, tuple[str, str]] | None:
    """{quote id: (persona name, quote)} a card may cite: the quotes of publishable personas
    as the public may see them (redacted, and only with the writer's consent to quoting),
    since everyone at the table reads the card. None when no tool provides them."""
    evidence = registry.capability(EVIDENCE_CAPABILITY)
    refs = persona_refs(process)
    if evidence is None or refs is None:
        return None
    publishable = [p.id for p in refs if p.publishable]
    found = evidence(process, publishable, "public") if publishable else {}
    return {
        quote_id: (persona.name, text)
        for persona in found.values()
        for quote_id, text in zip(persona.quote_ids, persona.quotes, strict=False)
    }


def quote_choices(process: Process) -> list[tuple[int, str]] | None:
    quotes = citable_quotes(process)
    if quotes is None:
        return None
    return [(pk, f"{name}: “{text[:90]}”") for pk, (name, text) in quotes.items()]


def publishable_persona_names(process: Process) -> dict[int, str]:
    """{persona id: name} of the process's publishable personas ({} without the provider)."""
    return {p.id: p.name for p in persona_refs(process) or [] if p.publishable}


def persona_choices(process: Process) -> list[tuple[int, str]] | None:
    """Personas a card may cite (publishable only); None hides the choice."""
    refs = persona_refs(process)
    return None if refs is None else [(p.id, p.name) for p in refs if p.publishable]


def canvases_citing_persona(process: Process, persona_id: int) -> list[str]:
    """The `canvases.citing_persona` capability: canvases with a card citing the persona or
    made for it (the group's label is its name), for the persona's page."""
    names = [p.name for p in persona_refs(process) or [] if p.id == persona_id]
    about = Q(cards__persona_id=persona_id)
    for name in names:
        about |= Q(label__iexact=name)
    canvases = canvases_of_process(process).filter(about).distinct().order_by("workshop", "pk")
    return [f"{canvas.workshop}: {canvas}" for canvas in canvases]
