"""Canvases as live-session activities, one per canvas type (keys of the process template).

The core's interface is one answer per seat; for a canvas that answer is the participant's
table. Writing cards (add, edit, move, remove) needs more than one form, so those are the
tool's own pages, linked from the activity, recognised by the same seat secret.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from arki.core.activities import Activity, ActivityError
from arki.core.models import LiveSession, Seat, SessionActivity, User

from . import services
from .canvas_types import CANVAS_TYPES, CanvasType
from .forms import CanvasSetupForm, TableChoiceForm
from .selectors import activity_canvases, group_of_seat


class CanvasActivity(Activity):
    canvas_type: CanvasType
    participant_template = "canvases/activities/choose_table.html"
    projector_template = "canvases/activities/projector.html"
    config_form_class = CanvasSetupForm

    @classmethod
    def config_form(cls, *, session: LiveSession, data: Any = None) -> forms.Form:
        return CanvasSetupForm(data, initial={"title": str(cls.canvas_type.label)})

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        initial = {}
        if seat is not None and data is None:
            canvas = group_of_seat(activity, seat)
            if canvas is not None:
                initial = {"group": canvas.group}
        return TableChoiceForm(
            data, config=activity.config, prefix=f"a{activity.pk}", initial=initial
        )

    @classmethod
    def submit(
        cls,
        *,
        activity: SessionActivity,
        seat: Seat,
        cleaned_data: dict[str, Any],
        entered_by: User | None = None,
    ) -> bool:
        try:
            services.canvas_join(activity=activity, seat=seat, group=cleaned_data["group"])
        except ValidationError as error:
            raise ActivityError(" ".join(error.messages)) from error
        return True

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        return {"canvases": activity_canvases(activity)}


def _activity_class(canvas_type: CanvasType) -> type[CanvasActivity]:
    return type(
        f"{canvas_type.key.title().replace('_', '')}Activity",
        (CanvasActivity,),
        {
            "key": f"canvases.{canvas_type.key}",
            "label": canvas_type.label,
            "description": canvas_type.description,
            "canvas_type": canvas_type,
        },
    )


#: One activity per canvas type: a new type in canvas_types.py is a new activity.
ACTIVITIES = [_activity_class(canvas_type) for canvas_type in CANVAS_TYPES.values()]
