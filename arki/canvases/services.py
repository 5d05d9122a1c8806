"""Writes of the canvases tool: `<entity>_<verb>(*, …, by)`, full_clean, atomic.

Every refusal is a `ValidationError` with a translated message, raised before anything is
written. Participants write through their seat (`seat=`), staff through their account
(`by=`); a seat may write only on its own group's canvas, and only while the session and
the activity are open.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from arki.core.enums import ActivityState
from arki.core.models import Seat, SessionActivity, User, Workshop
from arki.core.services.writes import save_fields

from .canvas_types import CANVAS_TYPES
from .models import CARD_MAX_LENGTH, Canvas, CanvasVersion, Card, GroupSeat
from .selectors import citable_quotes, persona_refs

#: A phone photo fits; a raw camera file or a video does not belong on a sticky note.
PICTURE_MAX_BYTES = 5 * 1024 * 1024
PICTURE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


class CardConflict(ValidationError):
    """Someone saved the card after the author began editing: nothing was overwritten.

    Carries both texts so the author can see what the other person wrote and decide.
    """

    def __init__(self, *, card: Card, mine: str):
        super().__init__(
            _("Someone else changed this card while you were editing it. Nothing was saved.")
        )
        self.card = card
        self.mine = mine
        self.theirs = card.text


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write something on the card."))
    if len(text) > CARD_MAX_LENGTH:
        raise ValidationError(
            _("A card holds at most %(max)d characters; this one has %(count)d.")
            % {"max": CARD_MAX_LENGTH, "count": len(text)}
        )
    return text


def _check_zone(canvas: Canvas, zone: str) -> None:
    if canvas.type.zone(zone) is None:
        raise ValidationError(_("This canvas has no such zone."))


def _check_writer(canvas: Canvas, seat: Seat | None, by: User | None) -> None:
    """A seat writes only on its own group's canvas while the session and activity are open."""
    if seat is None:
        if by is None:
            raise ValidationError(_("Join the workshop to write on the canvas."))
        return
    activity = canvas.activity
    if activity is None or not GroupSeat.objects.filter(canvas=canvas, seat=seat).exists():
        raise ValidationError(_("This card belongs to another group's canvas."))
    session = activity.session
    if not session.is_open or activity.state != ActivityState.OPEN:
        raise ValidationError(_("This canvas is closed: the session or the activity has ended."))


def _check_quote(canvas: Canvas, quote_id: int | None) -> None:
    """A card cites only a quote everyone may read: of a publishable persona, redacted, with
    its writer's consent to quoting."""
    if quote_id is None:
        return
    if quote_id not in (citable_quotes(canvas.workshop.process) or {}):
        raise ValidationError(
            _("A card can cite only a quote of a published persona whose writer agreed to quoting.")
        )


def _check_persona(canvas: Canvas, persona_id: int | None) -> None:
    """A card cites only a persona that may be shown (published under k-anonymity)."""
    if persona_id is None:
        return
    refs = persona_refs(canvas.workshop.process) or []
    if not any(p.id == persona_id and p.publishable for p in refs):
        raise ValidationError(
            _("A card can cite only a published persona (one with enough supporters).")
        )


def _check_publishable_personas(canvas: Canvas) -> None:
    """Refuse publishing a canvas about or citing a persona that is not publishable.

    The group's label names its persona; a label naming no persona (a concept) is fine. A
    cited id that no tool vouches for (unpublished, erased, or no persona provider) is refused.
    """
    refs = persona_refs(canvas.workshop.process) or []
    shown = {p.id for p in refs if p.publishable}
    shown_names = {p.name.casefold() for p in refs if p.publishable}
    label = canvas.label.casefold()
    label_hidden = label not in shown_names and any(p.name.casefold() == label for p in refs)
    cited = set(canvas.cards.filter(persona_id__isnull=False).values_list("persona_id", flat=True))
    if label_hidden or cited - shown:
        raise ValidationError(
            _(
                "This canvas is about or cites a persona that is not published (too few "
                "supporters for k-anonymity): publish the persona first or remove the citation."
            )
        )


def picture_check(upload: UploadedFile) -> None:
    """Refuse anything but a real image of reasonable size (Pillow checks the bytes)."""
    if upload.size is None or upload.size > PICTURE_MAX_BYTES:
        raise ValidationError(
            _("The picture is too large: at most %(mb)d MB.")
            % {"mb": PICTURE_MAX_BYTES // (1024 * 1024)}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("The file is not a picture (JPEG, PNG, WebP or GIF).")) from error
    finally:
        upload.seek(0)
    if image_format not in PICTURE_FORMATS:
        raise ValidationError(_("The file is not a picture (JPEG, PNG, WebP or GIF)."))


@transaction.atomic
def canvas_create(
    *,
    workshop: Workshop,
    kind: str,
    label: str,
    group: int = 1,
    activity: SessionActivity | None = None,
    by: User | None = None,
    label_sv: str = "",
    label_en: str = "",
) -> Canvas:
    if kind not in CANVAS_TYPES:
        raise ValidationError(_("Unknown canvas type."))
    canvas = Canvas(
        workshop=workshop,
        kind=kind,
        label=label.strip(),
        label_sv=label_sv.strip(),
        label_en=label_en.strip(),
        group=group,
        activity=activity,
        created_by=by,
        modified_by=by,
    )
    canvas.full_clean()
    canvas.save()
    return canvas


def _table_label(config: dict[str, Any], language: str, group: int) -> str:
    """The table's name in `language` from the activity's set-up ("" when not given)."""
    names = config.get(f"groups_{language}") or []
    return str(names[group - 1]) if len(names) == len(config.get("groups", [])) else ""


@transaction.atomic
def canvas_join(*, activity: SessionActivity, seat: Seat, group: int) -> Canvas:
    """Sit `seat` at table `group` of the activity (moving tables is allowed)."""
    groups = activity.config.get("groups", [])
    if not 1 <= group <= len(groups):
        raise ValidationError(_("Choose your table."))
    if seat.session_id != activity.session_id:
        raise ValidationError(_("This seat is not in this session."))
    # The first people at a table arrive together: the activity row is the lock under which
    # the table's canvas is created once (the bench found two creating it at once).
    SessionActivity.objects.select_for_update().filter(pk=activity.pk).first()
    canvas = Canvas.objects.filter(activity=activity, group=group).first()
    if canvas is None:
        canvas = canvas_create(
            workshop=activity.session.workshop,
            kind=activity.kind.removeprefix("canvases."),
            label=groups[group - 1],
            label_sv=_table_label(activity.config, "sv", group),
            label_en=_table_label(activity.config, "en", group),
            group=group,
            activity=activity,
        )
    GroupSeat.objects.update_or_create(activity=activity, seat=seat, defaults={"canvas": canvas})
    return canvas


@transaction.atomic
def card_add(
    *,
    canvas: Canvas,
    zone: str,
    text: str,
    seat: Seat | None = None,
    by: User | None = None,
    paper_entered: bool = False,
    step: int | None = None,
    critical: bool = False,
    kind: str = "",
    picture: UploadedFile | None = None,
    persona_id: int | None = None,
    quote_id: int | None = None,
) -> Card:
    text = _check_text(text)
    _check_zone(canvas, zone)
    _check_writer(canvas, seat, by)
    _check_persona(canvas, persona_id)
    _check_quote(canvas, quote_id)
    if picture is not None:
        if not canvas.type.has_pictures:
            raise ValidationError(_("This canvas has no pictures."))
        picture_check(picture)
    # Lock the canvas row so two cards added at once get distinct positions.
    Canvas.objects.select_for_update().filter(pk=canvas.pk).first()
    last = canvas.cards.filter(zone=zone).aggregate(m=Max("position"))["m"]
    card = Card(
        canvas=canvas,
        zone=zone,
        text=text,
        position=0 if last is None else last + 1,
        seat=seat,
        paper_entered=paper_entered,
        step=step,
        critical=critical,
        kind=kind,
        persona_id=persona_id,
        quote_id=quote_id,
        created_by=by,
        modified_by=by,
    )
    if picture is not None:
        card.picture = picture
    card.full_clean()
    card.save()
    return card


@transaction.atomic
def card_edit(
    *,
    card: Card,
    text: str,
    expected_version: int,
    seat: Seat | None = None,
    by: User | None = None,
    **fields: Any,
) -> Card:
    """Save new text only if nobody saved the card since `expected_version` was read.

    The check and the write are one conditional UPDATE, so two saves racing on PostgreSQL
    cannot both succeed; the loser gets `CardConflict` with both texts.
    """
    text = _check_text(text)
    _check_writer(card.canvas, seat, by)
    editable = {"step", "critical", "kind", "persona_id", "quote_id"}
    allowed = {k: v for k, v in fields.items() if k in editable}
    if "quote_id" in allowed:
        _check_quote(card.canvas, allowed["quote_id"])
    if "persona_id" in allowed:
        # Citing (or no longer citing) a persona is part of the edit, under the same version.
        _check_persona(card.canvas, allowed["persona_id"])
    probe = Card(**{**_card_fields(card), "text": text, **allowed})
    probe.full_clean(exclude=["canvas", "seat", "picture"])
    updated = Card.objects.filter(pk=card.pk, version=expected_version).update(
        text=text, version=F("version") + 1, modified_by=by, **allowed
    )
    if not updated:
        raise CardConflict(card=Card.objects.get(pk=card.pk), mine=text)
    card.refresh_from_db()
    return card


def _card_fields(card: Card) -> dict[str, Any]:
    return {
        "canvas_id": card.canvas_id,
        "zone": card.zone,
        "text": card.text,
        "position": card.position,
        "step": card.step,
        "critical": card.critical,
        "kind": card.kind,
    }


@transaction.atomic
def card_move(
    *,
    card: Card,
    zone: str | None = None,
    direction: str = "",
    seat: Seat | None = None,
    by: User | None = None,
) -> Card:
    """Move a card to another zone (to its end), or one place up or down in its zone."""
    canvas = card.canvas
    _check_writer(canvas, seat, by)
    Canvas.objects.select_for_update().filter(pk=canvas.pk).first()
    card.refresh_from_db()
    if zone and zone != card.zone:
        _check_zone(canvas, zone)
        last = canvas.cards.filter(zone=zone).aggregate(m=Max("position"))["m"]
        card.zone = zone
        card.position = 0 if last is None else last + 1
    elif direction in ("up", "down"):
        siblings = list(canvas.cards.filter(zone=card.zone).order_by("position", "pk"))
        index = next(i for i, c in enumerate(siblings) if c.pk == card.pk)
        other_index = index - 1 if direction == "up" else index + 1
        if not 0 <= other_index < len(siblings):
            return card
        siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                Card.objects.filter(pk=sibling.pk).update(position=position)
        card.refresh_from_db()
        return card
    else:
        raise ValidationError(_("Choose where to move the card."))
    card.modified_by = by
    card.version = card.version + 1
    card.full_clean()
    card.save()
    return card


@transaction.atomic
def card_remove(*, card: Card, seat: Seat | None = None, by: User | None = None) -> None:
    _check_writer(card.canvas, seat, by)
    picture, storage = card.picture.name, card.picture.storage
    card.delete()
    if picture:
        # The file goes only once the row is gone for good (not on a rolled-back removal).
        transaction.on_commit(lambda: storage.delete(picture))


def canvas_snapshot(canvas: Canvas) -> dict[str, Any]:
    """The canvas as plain data (the JSON export and the published version)."""
    cards = list(canvas.cards.order_by("position", "pk"))
    return {
        "type": canvas.kind,
        "label": canvas.label,
        "label_sv": canvas.label_sv,
        "label_en": canvas.label_en,
        "group": canvas.group,
        "zones": [
            {
                "key": zone.key,
                "title": str(zone.title),
                "cards": [
                    {
                        "id": card.pk,
                        "text": card.text,
                        "step": card.step,
                        "critical": card.critical,
                        "kind": card.kind,
                        "paper_entered": card.paper_entered,
                        "persona_id": card.persona_id,
                    }
                    for card in cards
                    if card.zone == zone.key
                ],
            }
            for zone in canvas.type.zones
        ],
    }


@transaction.atomic
def card_confirm(*, card: Card, by: User) -> Card:
    """A second person confirms a card typed in from a paper canvas."""
    Card.objects.select_for_update().filter(pk=card.pk).first()
    card.refresh_from_db()
    if not card.paper_entered:
        raise ValidationError(_("Only a card entered from paper needs confirming."))
    if card.confirmed_by_id is not None:
        raise ValidationError(_("The card is already confirmed."))
    if card.created_by_id == by.pk:
        raise ValidationError(
            _("A second person must confirm the card: not the one who entered it.")
        )
    card.confirmed_by = by
    card.confirmed_at = timezone.now()
    card.save(update_fields=["confirmed_by", "confirmed_at", "modified_at"])
    return card


@transaction.atomic
def canvas_publish(*, canvas: Canvas, by: User) -> CanvasVersion:
    """Fix the canvas as it is now as its published version; later edits do not change it.

    Refused while paper cards await a second person's confirmation: the public page shows
    only what two people checked against the sheet."""
    Canvas.objects.select_for_update().filter(pk=canvas.pk).first()
    waiting = canvas.cards.filter(paper_entered=True, confirmed_by__isnull=True).count()
    if waiting:
        raise ValidationError(
            _("Paper cards await a second person's confirmation: %(count)d.") % {"count": waiting}
        )
    _check_publishable_personas(canvas)
    last = canvas.versions.aggregate(m=Max("number"))["m"] or 0
    version = CanvasVersion(
        canvas=canvas,
        number=last + 1,
        snapshot=canvas_snapshot(canvas),
        created_by=by,
        modified_by=by,
    )
    version.full_clean()
    version.save()
    canvas.published = version
    canvas.modified_by = by
    canvas.save(update_fields=["published", "modified_by", "modified_at"])
    return version


@transaction.atomic
def canvas_unpublish(*, canvas: Canvas, by: User) -> None:
    canvas.published = None
    canvas.modified_by = by
    canvas.save(update_fields=["published", "modified_by", "modified_at"])


@transaction.atomic
def canvas_paper_photo(canvas: Canvas, *, photo: UploadedFile | None, by: User) -> Canvas:
    """Attach (or replace) the photo of the paper canvas; `photo=None` removes it.

    The upload is checked as a card's picture is (a real image, not too large); a refused
    file leaves the earlier photo in place."""
    old = canvas.paper_photo.name if canvas.paper_photo else ""
    if photo is not None:
        picture_check(photo)
        canvas.paper_photo.save(photo.name or "paper-canvas", photo, save=False)
    else:
        canvas.paper_photo = None
    save_fields(canvas, by, ["paper_photo"])
    if old and old != (canvas.paper_photo.name if canvas.paper_photo else ""):
        transaction.on_commit(lambda: canvas.paper_photo.storage.delete(old))
    return canvas
