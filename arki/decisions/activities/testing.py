"""Workshop 9: testers give feedback cards on the concept or an action, on their phones.

The activity belongs to a user-testing session created on the decisions pages; cards typed
in from paper go through the core's paper entry or the session's own staff page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from arki.core.activities import Activity, ActivityError
from arki.core.models import LiveSession, Seat, SessionActivity, User

from ..forms_actions import FeedbackForm, TestingSetupForm
from ..models import TestSession
from ..selectors import feedback_summary
from ..services import testing as services


def _test_session(activity: SessionActivity) -> TestSession | None:
    return TestSession.objects.filter(
        pk=activity.config.get("test_session"),
        process=activity.session.workshop.process_id,
    ).first()


class UserTestingActivity(Activity):
    key = "decisions.user_testing"
    label = _("User testing: feedback cards")
    description = _(
        "Future users and implementers give feedback cards on the concept or an action: an "
        "obstacle, an opportunity, an intermediate step and how feasible it is (1–5)."
    )
    participant_template = "decisions/actions/activities/feedback.html"
    projector_template = "decisions/actions/activities/feedback_summary.html"
    config_form_class = TestingSetupForm

    @classmethod
    def config_form(cls, *, session: LiveSession, data: Any = None) -> forms.Form:
        sessions = list(TestSession.objects.filter(process=session.workshop.process_id))
        return TestingSetupForm(data, sessions=sessions, initial={"title": str(cls.label)})

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        return FeedbackForm(
            data, process=activity.session.workshop.process, prefix=f"a{activity.pk}"
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
        session = _test_session(activity)
        if session is None:
            raise ActivityError(str(_("This activity has no user-testing session.")))
        form = FeedbackForm(cleaned_data, process=session.process)
        form.cleaned_data = cleaned_data
        try:
            services.feedback_add(
                session=session,
                seat=seat,
                activity=activity,
                by=entered_by,
                tester_group=cleaned_data["tester_group"],
                feasibility=cleaned_data["feasibility"],
                obstacle=cleaned_data.get("obstacle", ""),
                opportunity=cleaned_data.get("opportunity", ""),
                intermediate_step=cleaned_data.get("intermediate_step", ""),
                **form.target_objects(),
            )
        except ValidationError as error:
            raise ActivityError(" ".join(error.messages)) from error
        return True

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        session = _test_session(activity)
        if session is None:
            return {"groups": [], "count": 0}
        groups = feedback_summary(session.feedback.all())
        return {"groups": groups, "count": sum(g.count for g in groups)}
