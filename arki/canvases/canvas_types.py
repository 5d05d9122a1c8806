"""The five canvas types as data: a new type is a definition here, not new code.

Each type is a list of zones (key, translated title, translated prompt). Views, PDFs, the JSON
export and the projector are drawn from these definitions, so every canvas is a zone-by-zone
list a screen reader can read and a table can fill on paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Zone:
    key: str
    title: Any
    prompt: Any = ""


@dataclass(frozen=True)
class CanvasType:
    key: str
    label: Any
    description: Any
    zones: tuple[Zone, ...]
    #: Service blueprint: cards belong to a numbered step of the customer's path.
    has_steps: bool = False
    #: Stakeholder map: cards have a kind (public, private, NGO, …).
    has_kinds: bool = False
    #: Storyboard: frames may carry a picture.
    has_pictures: bool = False
    #: What the group's label means on this canvas (a persona, or the concept at the centre).
    label_title: Any = field(default=_("Persona"))

    def zone(self, key: str) -> Zone | None:
        return next((zone for zone in self.zones if zone.key == key), None)

    @property
    def zone_keys(self) -> list[str]:
        return [zone.key for zone in self.zones]


EMPATHY_MAP = CanvasType(
    key="empathy_map",
    label=_("Empathy map"),
    description=_("What the persona thinks, sees, says, hears, and their pains and gains."),
    zones=(
        Zone("thinks", _("Thinks and feels"), _("What really matters to them? Worries, hopes?")),
        Zone("sees", _("Sees"), _("Their surroundings, home, what the media shows them.")),
        Zone("says", _("Says and does"), _("What they talk about and how they act.")),
        Zone("hears", _("Hears"), _("What friends, relatives and services tell them.")),
        Zone("pains", _("Pains"), _("Fears, frustrations, obstacles.")),
        Zone("gains", _("Gains"), _("Successes: what they want to achieve.")),
    ),
)

BLUEPRINT = CanvasType(
    key="blueprint",
    label=_("Service blueprint"),
    description=_(
        "The steps of the customer's path in five layers; mark the critical steps, who "
        "serves and how the need could be prevented."
    ),
    zones=(
        Zone("path", _("Customer's service path"), _("The steps the customer takes.")),
        Zone("frontstage", _("Frontstage interaction"), _("Customer and server face to face.")),
        Zone("evidence", _("Physical evidence"), _("Premises, signs, messages, instructions.")),
        Zone("backoffice", _("Back office"), _("What the customer does not see.")),
        Zone("support", _("Support and decision-making"), _("Systems, rules and decisions.")),
    ),
    has_steps=True,
)

BUSINESS_MODEL = CanvasType(
    key="business_model",
    label=_("Business model canvas"),
    description=_(
        "The operating model for the persona's future service needs, then for one service: "
        "core goals, primary actions, strengths and weaknesses."
    ),
    zones=(
        Zone("partners", _("Key partners"), _("Who produces the service with us?")),
        Zone("activities", _("Key activities"), _("The primary actions.")),
        Zone("resources", _("Key resources"), _("Strengths we build on.")),
        Zone("value", _("Value proposition"), _("The core goal: what need does it meet?")),
        Zone("relationships", _("Customer relationships"), _("How we stay in touch.")),
        Zone("channels", _("Channels"), _("How the service reaches people.")),
        Zone("segments", _("Customer segments"), _("For whom?")),
        Zone("costs", _("Cost structure"), _("What it costs; weaknesses and risks.")),
        Zone("revenue", _("Revenue and funding"), _("Who pays, and how.")),
    ),
)

STAKEHOLDER_MAP = CanvasType(
    key="stakeholder_map",
    label=_("Stakeholder map"),
    description=_(
        "The concept at the centre and its stakeholders in rings of closeness, each with "
        "what they bring."
    ),
    zones=(
        Zone("core", _("Core: runs the concept"), _("Who owns and runs it?")),
        Zone("close", _("Close partners"), _("Take part regularly.")),
        Zone("wider", _("Wider circle"), _("Support now and then.")),
    ),
    has_kinds=True,
    label_title=_("Concept"),
)

STORYBOARD = CanvasType(
    key="storyboard",
    label=_("Storyboard"),
    description=_("Ordered frames, each with a caption and a picture, following one persona."),
    zones=(Zone("frames", _("Frames"), _("One frame per moment of the story, in order.")),),
    has_pictures=True,
)

CANVAS_TYPES: dict[str, CanvasType] = {
    kind.key: kind for kind in (EMPATHY_MAP, BLUEPRINT, BUSINESS_MODEL, STAKEHOLDER_MAP, STORYBOARD)
}


def canvas_type(key: str) -> CanvasType:
    return CANVAS_TYPES[key]
