"""The canvases tool's data. Models inherit `CivicModel` (who and when).

A canvas is structured data (zones with cards), not a picture: it can be read aloud, printed,
entered from paper, published and cited. Each card carries a `version` so that two people
editing it at once never silently overwrite each other (`card_edit`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from arki.core.models.base import CivicModel, TranslatedFieldsMixin

from .canvas_types import CanvasType, canvas_type
from .enums import CanvasKind, StakeholderKind

#: A card is a sticky note: a short thought, not an essay (fits a line on the A3 print).
CARD_MAX_LENGTH = 280


class Canvas(TranslatedFieldsMixin, CivicModel):
    """One group's canvas in a workshop (a table = a group with its persona or concept)."""

    workshop = models.ForeignKey(
        "core.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="canvases",
    )
    activity = models.ForeignKey(
        "core.SessionActivity",
        verbose_name=_("live activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="canvases",
    )
    kind = models.CharField(_("canvas type"), max_length=20, choices=CanvasKind.choices)
    group = models.PositiveSmallIntegerField(_("group number"), default=1)
    label = models.CharField(
        _("persona or concept"),
        max_length=200,
        help_text=_("The persona or concept this group works on; printed on the canvas."),
    )
    label_sv = models.CharField(_("persona or concept in Swedish"), max_length=200, blank=True)
    label_en = models.CharField(_("persona or concept in English"), max_length=200, blank=True)
    #: A photo of the filled paper canvas, kept beside the cards typed in from it so that a
    #: second person can check them against it (and the original is not lost).
    paper_photo = models.ImageField(
        _("photo of the paper canvas"), upload_to="canvases/paper/%Y/%m/", blank=True
    )
    published = models.ForeignKey(
        "canvases.CanvasVersion",
        verbose_name=_("published version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("canvas")
        verbose_name_plural = _("canvases")
        ordering = ["workshop", "kind", "group", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "group"],
                condition=models.Q(activity__isnull=False),
                name="one_canvas_per_group_and_activity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"

    @property
    def type(self) -> CanvasType:
        return canvas_type(self.kind)


class GroupSeat(CivicModel):
    """A participant's seat at a table: it may write on that group's canvas and no other."""

    canvas = models.ForeignKey(
        Canvas, verbose_name=_("canvas"), on_delete=models.CASCADE, related_name="members"
    )
    activity = models.ForeignKey(
        "core.SessionActivity", verbose_name=_("live activity"), on_delete=models.CASCADE
    )
    seat = models.ForeignKey(
        "core.Seat", verbose_name=_("seat"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["activity", "seat"], name="one_group_per_seat")
        ]


class Card(CivicModel):
    """A sticky note in one zone of a canvas."""

    canvas = models.ForeignKey(
        Canvas, verbose_name=_("canvas"), on_delete=models.CASCADE, related_name="cards"
    )
    zone = models.CharField(_("zone"), max_length=30)
    text = models.CharField(_("text"), max_length=CARD_MAX_LENGTH)
    position = models.PositiveIntegerField(_("position"), default=0)
    #: Raised by every save; an edit names the version it started from (optimistic locking).
    version = models.PositiveIntegerField(_("version"), default=1)
    step = models.PositiveSmallIntegerField(_("step"), null=True, blank=True)
    critical = models.BooleanField(_("critical step"), default=False)
    kind = models.CharField(
        _("stakeholder kind"), max_length=12, choices=StakeholderKind.choices, blank=True
    )
    picture = models.ImageField(_("picture"), upload_to="canvases/%Y/%m/", blank=True)
    seat = models.ForeignKey(
        "core.Seat",
        verbose_name=_("written at seat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: A persona cited as evidence. A plain id, not a foreign key: personas belong to the
    #: analysis tool, which canvases must not import (and which may not be installed); the
    #: id is checked against the `personas.of_process` capability when written and again
    #: when the canvas is published, so a persona unpublished since is caught there.
    persona_id = models.PositiveIntegerField(_("persona cited as evidence"), null=True, blank=True)
    #: A persona's representative diary quote cited as evidence (the analysis tool's coded
    #: segment, by id through the `personas.evidence` capability). Its text is never copied
    #: here: it is read, redacted, each time, and only while its writer's consent to quoting
    #: stands, so a withdrawn consent or an erased diary takes the quote off the card.
    quote_id = models.PositiveIntegerField(
        _("diary quote cited as evidence"), null=True, blank=True
    )
    paper_entered = models.BooleanField(_("entered from paper"), default=False)
    #: A paper card counts once a second person has checked it against the sheet (as
    #: budgeting's paper tallies): until then the canvas cannot be published.
    confirmed_by = models.ForeignKey(
        "core.User",
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ["canvas", "zone", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class CanvasVersion(CivicModel):
    """A fixed snapshot of a canvas: the published one stays put while work goes on."""

    canvas = models.ForeignKey(
        Canvas, verbose_name=_("canvas"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version number"))
    snapshot = models.JSONField(_("contents"))

    class Meta:
        verbose_name = _("canvas version")
        verbose_name_plural = _("canvas versions")
        ordering = ["canvas", "number"]
        constraints = [
            models.UniqueConstraint(fields=["canvas", "number"], name="unique_canvas_version")
        ]
