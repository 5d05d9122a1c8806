"""Live workshop activities of workshop 1 (keys used by the Kainuu process template).

- "insight.service_map": participants add the services they used to their own service map
  from their phone (or a facilitator enters them from paper); the projector shows use by
  category and the share of electronic use as the room fills in.
- "insight.diary": each participant chooses how to keep the week's diary (online or on a
  paper kit), so that kits are printed only for those who need them.

Both need a seat linked to a participant (joined with the personal access code): the map
and diary belong to a person, not to an anonymous seat.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from arki.core.activities import Activity, ActivityError
from arki.core.models import Seat, SessionActivity, User

from . import services
from .enums import KitChannel, ServiceCategory, UseChannel
from .forms import ServiceUseForm
from .models import Participant, ServiceUse
from .selectors import bars, catalogue, insight_workshop


class NoSettingsForm(forms.Form):
    """These activities need no set-up."""


def _participant(activity: SessionActivity, seat: Seat, by: User | None) -> Participant:
    if seat.person is None:
        raise ActivityError(_("Join with your personal access code to fill your own map."))
    # Always the process's insight workshop, so that a map begun live and finished at home
    # or on paper is one map.
    workshop = insight_workshop(activity.session.workshop.process)
    return services.participant_enrol(person=seat.person, workshop=workshop, by=by)


class ServiceMapActivity(Activity):
    key = "insight.service_map"
    label = _("Service map")
    description = _("Participants list the services they used in the last three months.")
    participant_template = "insight/activities/map_answer.html"
    projector_template = "insight/activities/map_results.html"
    config_form_class = NoSettingsForm

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        process = activity.session.workshop.process
        # A ModelForm: the core only validates and renders it, like any Form.
        form = ServiceUseForm(data, services=catalogue(process), prefix=f"a{activity.pk}")
        return cast(forms.Form, form)

    @classmethod
    def submit(
        cls,
        *,
        activity: SessionActivity,
        seat: Seat,
        cleaned_data: dict[str, Any],
        entered_by: User | None = None,
    ) -> bool:
        participant = _participant(activity, seat, entered_by)
        services.service_use_add(
            participant=participant,
            service=cleaned_data.get("service"),
            by=entered_by,
            **services.service_use_fields(cleaned_data),
        )
        return True

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        uses = ServiceUse.objects.filter(
            participant__workshop=insight_workshop(activity.session.workshop.process)
        )
        counts = dict(uses.values_list("service__category").annotate(n=Count("pk")).order_by())
        total = sum(counts.values())
        electronic = uses.exclude(channel=UseChannel.ON_SITE).count()
        rows = bars(counts, list(ServiceCategory.choices))
        return {
            "rows": rows,
            "respondents": uses.values("participant").distinct().count(),
            "total": total,
            "electronic_percent": round(100 * electronic / total) if total else 0,
        }


class DiaryChannelForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How will you keep your diary next week?"),
        choices=KitChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an option.")},
    )


class DiaryActivity(Activity):
    key = "insight.diary"
    label = _("Service diary: online or on paper")
    description = _("Each participant chooses to keep the one-week diary online or on paper.")
    participant_template = "insight/activities/diary_answer.html"
    projector_template = "insight/activities/diary_results.html"
    config_form_class = NoSettingsForm

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        return DiaryChannelForm(data, prefix=f"a{activity.pk}")

    @classmethod
    def submit(
        cls,
        *,
        activity: SessionActivity,
        seat: Seat,
        cleaned_data: dict[str, Any],
        entered_by: User | None = None,
    ) -> bool:
        participant = _participant(activity, seat, entered_by)
        created = participant.channel != cleaned_data["channel"]
        Participant.objects.filter(pk=participant.pk).update(channel=cleaned_data["channel"])
        return created

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        participants = Participant.objects.filter(
            workshop=insight_workshop(activity.session.workshop.process)
        )
        counts = dict(participants.values_list("channel").annotate(n=Count("pk")).order_by())
        total = sum(counts.values())
        rows = bars(counts, list(KitChannel.choices))
        return {"rows": rows, "respondents": total}
